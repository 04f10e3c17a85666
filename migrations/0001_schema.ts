// Initial normalized schema: dimensions, facts, quarantine and the load history.
import type { Kysely } from 'kysely';
import { autoIdType } from '../src/db/engine.ts';
import type { MigrationContext } from '../src/db/migrator.ts';

export async function up({ context: db }: MigrationContext): Promise<void> {
  await db.schema
    .createTable('cargas')
    .addColumn('id', autoIdType(db), (c) => c.primaryKey().$call((b) => (autoIdType(db) === 'integer' ? b.autoIncrement() : b)))
    .addColumn('iniciada_en', 'text', (c) => c.notNull())
    .addColumn('finalizada_en', 'text')
    .addColumn('fecha_corte', 'text', (c) => c.notNull())
    .addColumn('estado', 'text', (c) => c.notNull())
    .addColumn('directorio', 'text', (c) => c.notNull())
    .addColumn('error_codigo', 'text')
    .addColumn('error_archivo', 'text')
    .addColumn('error_mensaje', 'text')
    .execute();

  await db.schema
    .createTable('carga_archivos')
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id').onDelete('cascade'))
    .addColumn('archivo', 'text', (c) => c.notNull())
    .addColumn('leidas', 'integer', (c) => c.notNull())
    .addColumn('cargadas', 'integer', (c) => c.notNull())
    .addColumn('en_cuarentena', 'integer', (c) => c.notNull())
    .addColumn('razones', 'text', (c) => c.notNull())
    .addColumn('hallazgos', 'text', (c) => c.notNull())
    .addColumn('columnas_ignoradas', 'text', (c) => c.notNull())
    .addColumn('codificacion', 'text', (c) => c.notNull())
    .addColumn('delimitador', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('carga_archivos_pk', ['carga_id', 'archivo'])
    .execute();

  await db.schema
    .createTable('categorias')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('nombre', 'text', (c) => c.notNull().unique())
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .execute();

  await db.schema
    .createTable('ciudades')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('nombre', 'text', (c) => c.notNull().unique())
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .execute();

  await db.schema
    .createTable('productos')
    .addColumn('producto_id', 'integer', (c) => c.primaryKey())
    .addColumn('nombre', 'text', (c) => c.notNull())
    .addColumn('categoria_id', 'integer', (c) => c.notNull().references('categorias.id'))
    .addColumn('precio', 'double precision', (c) => c.notNull())
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .addColumn('linea', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('clientes')
    .addColumn('cliente_id', 'integer', (c) => c.primaryKey())
    .addColumn('nombre', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('ciudad_id', 'integer', (c) => c.notNull().references('ciudades.id'))
    .addColumn('fecha_registro', 'text', (c) => c.notNull())
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .addColumn('linea', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ventas')
    .addColumn('venta_id', 'integer', (c) => c.primaryKey())
    .addColumn('fecha', 'text', (c) => c.notNull())
    .addColumn('producto_id', 'integer', (c) => c.notNull().references('productos.producto_id'))
    .addColumn('cliente_id', 'integer', (c) => c.notNull())
    .addColumn('ciudad_id', 'integer', (c) => c.notNull().references('ciudades.id'))
    .addColumn('cantidad', 'integer', (c) => c.notNull())
    .addColumn('precio_unitario', 'double precision', (c) => c.notNull())
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .addColumn('linea', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('inventario')
    .addColumn('id', autoIdType(db), (c) => c.primaryKey().$call((b) => (autoIdType(db) === 'integer' ? b.autoIncrement() : b)))
    .addColumn('fecha', 'text', (c) => c.notNull())
    .addColumn('producto_id', 'integer', (c) => c.notNull().references('productos.producto_id'))
    .addColumn('almacen', 'text', (c) => c.notNull())
    .addColumn('stock', 'integer', (c) => c.notNull())
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .addColumn('linea', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cuarentena')
    .addColumn('id', autoIdType(db), (c) => c.primaryKey().$call((b) => (autoIdType(db) === 'integer' ? b.autoIncrement() : b)))
    .addColumn('carga_id', 'integer', (c) => c.notNull().references('cargas.id'))
    .addColumn('archivo', 'text', (c) => c.notNull())
    .addColumn('linea', 'integer', (c) => c.notNull())
    .addColumn('contenido', 'text', (c) => c.notNull())
    .addColumn('razon', 'text', (c) => c.notNull())
    .addColumn('campo', 'text')
    .addColumn('mensaje', 'text', (c) => c.notNull())
    .execute();

  // Indexes for the API's queries: sales by date, product and client; stock by product and date.
  // (No index on ventas.ciudad_id: a few dozen cities make it no faster than a scan, and it costs the load.)
  await createIndex(db, 'ventas_fecha_idx', 'ventas', ['fecha']);
  await createIndex(db, 'ventas_producto_idx', 'ventas', ['producto_id']);
  await createIndex(db, 'ventas_cliente_idx', 'ventas', ['cliente_id']);
  await createIndex(db, 'inventario_producto_fecha_idx', 'inventario', ['producto_id', 'fecha']);
  await createIndex(db, 'inventario_clave_idx', 'inventario', ['fecha', 'producto_id', 'almacen'], true);
  await createIndex(db, 'cuarentena_archivo_razon_idx', 'cuarentena', ['archivo', 'razon', 'linea']);
  await createIndex(db, 'productos_categoria_idx', 'productos', ['categoria_id']);
  await createIndex(db, 'clientes_ciudad_idx', 'clientes', ['ciudad_id']);
  await createIndex(db, 'cargas_iniciada_idx', 'cargas', ['iniciada_en']);
}

export async function down({ context: db }: MigrationContext): Promise<void> {
  for (const table of [
    'cuarentena',
    'inventario',
    'ventas',
    'clientes',
    'productos',
    'ciudades',
    'categorias',
    'carga_archivos',
    'cargas',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

async function createIndex(db: Kysely<any>, name: string, table: string, columns: string[], unique = false): Promise<void> {
  let builder = db.schema.createIndex(name).on(table).columns(columns);
  if (unique) builder = builder.unique();
  await builder.execute();
}
