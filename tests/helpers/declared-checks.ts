// A small loaded database with planted violations for the declared-check tests, and a way to run a
// checks file's text against it through the real validation run.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/tables.ts';
import { ALL_CHECKS } from '../../src/validation/checks/index.ts';
import { DEFAULT_VALIDATION_CONFIG } from '../../src/validation/config.ts';
import { parseChecks } from '../../src/validation/declared/parse-checks.ts';
import { runValidation } from '../../src/validation/run-validation.ts';

export const BUILTIN_CODES = ALL_CHECKS.map((c) => c.code);
export const NOW = new Date('2024-06-01T08:00:00Z');

/**
 * Products 1 (precio 10) and 2 (precio 100); clients 1 ana@x.com, 2 "bad-email", 3 "" registered 2030-01-01,
 * 4 luis@x.es. Sales 1..20 dated 2024-05-<id>, 2 units at 10.00 of product 1 by client 1, except:
 * 3 and 7 by client 99 (not loaded); 5 of 5000 units; 10..12 of product 2 (list price 100, sold at 10);
 * 15 and 16 dated 2024-05-14 (with 14: three sales of client 1 that day); 18 dated 2024-05-17 (with 17).
 * Stock: Central and Norte on 2024-06-01, "sur" last on 2024-05-20.
 */
export async function plantedLoad(db: Kysely<Database>): Promise<void> {
  const at = NOW.toISOString();
  const { id } = await db
    .insertInto('cargas')
    .values({ iniciada_en: at, finalizada_en: at, fecha_corte: '2024-06-01', estado: 'ok', directorio: 'data' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('categorias').values({ id: 1, nombre: 'Ropa', carga_id: id }).execute();
  await db.insertInto('ciudades').values({ id: 1, nombre: 'Madrid', carga_id: id }).execute();
  await db
    .insertInto('productos')
    .values([
      { producto_id: 1, nombre: 'Camisa', categoria_id: 1, precio: 10, carga_id: id, linea: 2 },
      { producto_id: 2, nombre: 'Abrigo', categoria_id: 1, precio: 100, carga_id: id, linea: 3 },
    ])
    .execute();
  const client = (cliente_id: number, email: string, fecha_registro = '2023-01-01') => ({
    cliente_id,
    nombre: `c${cliente_id}`,
    email,
    ciudad_id: 1,
    fecha_registro,
    carga_id: id,
    linea: cliente_id + 1,
  });
  await db
    .insertInto('clientes')
    .values([client(1, 'ana@x.com'), client(2, 'bad-email'), client(3, '', '2030-01-01'), client(4, 'luis@x.es')])
    .execute();
  const day = (d: number) => `2024-05-${String(d).padStart(2, '0')}`;
  const sales = Array.from({ length: 20 }, (_, k) => {
    const i = k + 1;
    return {
      venta_id: i,
      fecha: i === 15 || i === 16 ? day(14) : i === 18 ? day(17) : day(i),
      producto_id: i >= 10 && i <= 12 ? 2 : 1,
      cliente_id: i === 3 || i === 7 ? 99 : 1,
      ciudad_id: 1,
      cantidad: i === 5 ? 5000 : 2,
      precio_unitario: 10,
      carga_id: id,
      linea: i + 1,
    };
  });
  await db.insertInto('ventas').values(sales).execute();
  await db
    .insertInto('inventario')
    .values([
      { fecha: '2024-06-01', producto_id: 1, almacen: 'Central', stock: 5, carga_id: id, linea: 2 },
      { fecha: '2024-06-01', producto_id: 1, almacen: 'Norte', stock: 3, carga_id: id, linea: 3 },
      { fecha: '2024-05-20', producto_id: 1, almacen: 'sur', stock: 1, carga_id: id, linea: 4 },
    ])
    .execute();
  await plantedSummaries(db, id);
}

/** The summaries a load writes as it streams (per category, product, top client; per warehouse), here by SQL over the planted rows. */
async function plantedSummaries(db: Kysely<Database>, loadId: number): Promise<void> {
  const totals = sql`sum(v.cantidad), sum(v.cantidad * v.precio_unitario), count(*)`;
  await sql`insert into resumen_ventas (carga_id, dimension, clave, orden, unidades, ingresos, ventas)
    select ${loadId}, 'categoria', c.nombre, c.id, ${totals} from ventas v
    join productos p on p.producto_id = v.producto_id join categorias c on c.id = p.categoria_id group by c.id, c.nombre`.execute(db);
  await sql`insert into resumen_ventas (carga_id, dimension, clave, orden, unidades, ingresos, ventas)
    select ${loadId}, 'producto', cast(v.producto_id as text), v.producto_id, ${totals} from ventas v group by v.producto_id`.execute(db);
  await sql`insert into resumen_ventas (carga_id, dimension, clave, orden, unidades, ingresos, ventas)
    select ${loadId}, 'cliente', cast(v.cliente_id as text),
           row_number() over (order by sum(v.cantidad * v.precio_unitario) desc, v.cliente_id), ${totals}
    from ventas v group by v.cliente_id`.execute(db);
  await sql`insert into resumen_inventario (carga_id, almacen, filas, desde, hasta)
    select ${loadId}, almacen, count(*), min(fecha), max(fecha) from inventario group by almacen`.execute(db);
}

/** Runs only the declared checks of `yaml` (no built-in ones), stored like any run. */
export async function runDeclared(db: Kysely<Database>, yaml: string, asOf = '2024-06-01') {
  const checksFile = parseChecks(yaml, 'checks.yml', { builtinCodes: BUILTIN_CODES });
  if (checksFile.errors.length) throw new Error(JSON.stringify(checksFile.errors));
  return runValidation(db, { origin: 'test', asOf, clock: () => NOW, checks: [], config: { ...DEFAULT_VALIDATION_CONFIG, checksFile } });
}
