// Fills a freshly migrated database with one successful load of a chosen shape (loaded sales, stock rows,
// sales quarantined as duplicates of one sale) by set-based SQL inserts: no CSV, no ETL, seconds per million.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/tables.ts';

export interface BenchShape {
  /** Loaded sales (ventas). */
  sales: number;
  /** Loaded stock rows (inventario). */
  inventory: number;
  /** Sales quarantined as duplicate_id: copies of sale 1, as in issue 13. */
  quarantined: number;
}

const PRODUCTS = 10;
const CLIENTS = 1000;
const CITIES = 20;
/** Copies of sale 1 (2 units at 10.00): the quarantine's contents and its tallies follow from the count. */
const COPY = { line: '1,2024-05-01,1,1,2,10.00', cantidad: 2, precio: 10 };

/** `count` rows numbered 1..count, as a recursive CTE both engines run. */
const numbers = (count: number) => sql.raw(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})`);

/** The day `offset` days after 2024-01-01 as YYYY-MM-DD text. */
function dayAfter(engine: 'sqlite' | 'postgres', offset: string) {
  return sql.raw(
    engine === 'sqlite' ? `date('2024-01-01', '+' || (${offset}) || ' days')` : `to_char(date '2024-01-01' + (${offset}), 'YYYY-MM-DD')`,
  );
}

export async function fillDatabase(db: Kysely<Database>, engine: 'sqlite' | 'postgres', shape: BenchShape, now: Date): Promise<void> {
  const { sales, inventory, quarantined } = shape;
  await db.transaction().execute(async (trx) => {
    const { id: loadId } = await trx
      .insertInto('cargas')
      .values({
        iniciada_en: now.toISOString(),
        finalizada_en: now.toISOString(),
        fecha_corte: '2024-12-31',
        estado: 'ok',
        directorio: 'bench',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('categorias')
      .values([1, 2, 3, 4].map((id) => ({ id, nombre: `Categoria ${id}`, carga_id: loadId })))
      .execute();
    await trx
      .insertInto('ciudades')
      .values([
        ...Array.from({ length: CITIES }, (_, i) => ({ id: i + 1, nombre: `Ciudad ${i + 1}`, carga_id: loadId })),
        { id: CITIES + 1, nombre: 'ciudad_desconocida', carga_id: loadId },
      ])
      .execute();
    await trx
      .insertInto('productos')
      .values(
        Array.from({ length: PRODUCTS }, (_, i) => ({
          producto_id: i + 1,
          nombre: `Producto ${i + 1}`,
          categoria_id: (i % 4) + 1,
          precio: 10,
          carga_id: loadId,
          linea: i + 2,
        })),
      )
      .execute();
    await sql`insert into clientes (cliente_id, nombre, email, ciudad_id, fecha_registro, carga_id, linea)
      ${numbers(CLIENTS)} select i, 'Cliente ' || i, 'c' || i || '@example.com', 1 + i % ${sql.lit(CITIES)}, '2023-01-01', ${sql.lit(loadId)}, i + 1 from n`.execute(
      trx,
    );
    // 1 sale in 100 is a return, 1 in 100 of an unknown client (its city: ciudad_desconocida), 1 in 1000 dated after the as-of date.
    if (sales > 0) {
      await sql`insert into ventas (venta_id, fecha, producto_id, cliente_id, ciudad_id, cantidad, precio_unitario, carga_id, linea)
        ${numbers(sales)} select i, case when i % 1000 = 7 then '2025-06-01' else ${dayAfter(engine, 'i % 366')} end, 1 + i % ${sql.lit(PRODUCTS)},
          case when i % 100 = 3 then 5000 + i % 50 else 1 + i % ${sql.lit(CLIENTS)} end,
          case when i % 100 = 3 then ${sql.lit(CITIES + 1)} else 1 + (1 + i % ${sql.lit(CLIENTS)}) % ${sql.lit(CITIES)} end,
          case when i % 100 = 5 then 0 else 1 + i % 5 end, 10.5, ${sql.lit(loadId)}, i + 1 from n`.execute(trx);
    }
    if (inventory > 0) {
      await sql`insert into inventario (fecha, producto_id, almacen, stock, carga_id, linea)
        ${numbers(inventory)} select ${dayAfter(engine, `i / ${PRODUCTS * 5}`)}, 1 + i % ${sql.lit(PRODUCTS)}, 'Almacen ' || ((i / ${sql.lit(PRODUCTS)}) % 5),
          case when i % 1000 = 9 then -1 else 100 end, ${sql.lit(loadId)}, i + 1 from n`.execute(trx);
    }
    if (quarantined > 0) {
      const valores = JSON.stringify({
        venta_id: 1,
        fecha: '2024-05-01',
        producto_id: 1,
        cliente_id: 1,
        cantidad: COPY.cantidad,
        precio_unitario: COPY.precio,
      });
      await sql`insert into cuarentena (carga_id, archivo, linea, contenido, razon, campo, mensaje, valores)
        ${numbers(quarantined)} select ${sql.lit(loadId)}, 'ventas.csv', ${sql.lit(sales + 1)} + i, ${COPY.line}, 'duplicate_id', 'venta_id',
          'duplicate venta_id 1 (first at line 2)', ${valores} from n`.execute(trx);
      await trx
        .insertInto('cuarentena_resumen')
        .values({
          carga_id: loadId,
          archivo: 'ventas.csv',
          razon: 'duplicate_id',
          filas: quarantined,
          unidades: quarantined * COPY.cantidad,
          ingresos: quarantined * COPY.cantidad * COPY.precio,
          productos: null,
          productos_distintos: null,
        })
        .execute();
    }
    const file = (archivo: string, read: number, quarantinedRows: number, reasons: Record<string, number>) => ({
      carga_id: loadId,
      archivo,
      leidas: read,
      cargadas: read - quarantinedRows,
      en_cuarentena: quarantinedRows,
      razones: JSON.stringify(reasons),
      hallazgos: '{}',
      columnas_ignoradas: '[]',
      codificacion: 'utf-8',
      delimitador: ',',
    });
    await trx
      .insertInto('carga_archivos')
      .values([
        file('productos', PRODUCTS, 0, {}),
        file('clientes', CLIENTS, 0, {}),
        file('ventas', sales + quarantined, quarantined, quarantined > 0 ? { duplicate_id: quarantined } : {}),
        file('inventario', inventory, 0, {}),
      ])
      .execute();
  });
  if (engine === 'postgres') await sql`analyze`.execute(db);
}
