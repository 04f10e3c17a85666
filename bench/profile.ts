// Benchmark: `npm run bench:profile -- [--sales N] [--clients N] [--products N] [--runs R]` builds a database
// with the real migrations and one load of that shape (default 1M sales over 2 years, 50,000 clients, 500
// products, prices in 1,000 steps), then times the column profile of every loaded table and the load's
// metrics (recordLoadFacts, storing included). With BENCH_POSTGRES_URL it runs on PostgreSQL instead of SQLite;
// with BENCH_KEEP_DIR the SQLite file is kept there and reused by the next run.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Kysely, sql } from 'kysely';
import { openDatabase } from '../src/db/connect.ts';
import { createPostgresDatabase, dropPostgresDatabase } from '../src/db/create-postgres-database.ts';
import { engineOf } from '../src/db/engine.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import type { Database } from '../src/db/tables.ts';
import { profileColumns } from '../src/profile/column-profile.ts';
import { computeLoadMetrics } from '../src/profile/load-metrics.ts';
import { recordLoadFacts } from '../src/profile/record-load-facts.ts';

const { values } = parseArgs({
  options: {
    sales: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '50000' },
    products: { type: 'string', default: '500' },
    runs: { type: 'string', default: '3' },
  },
});
const shape = { sales: Number(values.sales), clients: Number(values.clients), products: Number(values.products) };
const runs = Math.max(1, Number(values.runs));
const pgAdmin = process.env.BENCH_POSTGRES_URL;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const numbers = (count: number) => sql.raw(`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})`);

async function fill(db: Kysely<Database>): Promise<number> {
  const day = (offset: string) =>
    sql.raw(
      engineOf(db) === 'sqlite'
        ? `date('2023-01-01', '+' || (${offset}) || ' days')`
        : `to_char(date '2023-01-01' + (${offset}), 'YYYY-MM-DD')`,
    );
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const { id } = await trx
      .insertInto('cargas')
      .values({ iniciada_en: now, finalizada_en: now, fecha_corte: '2024-12-31', estado: 'ok', directorio: 'bench' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const load = sql.lit(id);
    await trx
      .insertInto('categorias')
      .values([1, 2, 3, 4, 5, 6].map((c) => ({ id: c, nombre: `Categoria ${c}`, carga_id: id })))
      .execute();
    await trx
      .insertInto('ciudades')
      .values(Array.from({ length: 40 }, (_, i) => ({ id: i + 1, nombre: `Ciudad ${i + 1}`, carga_id: id })))
      .execute();
    await sql`insert into productos (producto_id, nombre, categoria_id, precio, carga_id, linea)
      ${numbers(shape.products)} select i, 'Producto ' || i, 1 + i % 6, 5 + (i % 200) * 0.5, ${load}, i + 1 from n`.execute(trx);
    await sql`insert into clientes (cliente_id, nombre, email, ciudad_id, fecha_registro, carga_id, linea)
      ${numbers(shape.clients)} select i, 'Cliente ' || (i % 5000), 'c' || i || '@example.com', 1 + i % 40, ${day('i % 700')}, ${load}, i + 1 from n`.execute(
      trx,
    );
    await sql`insert into ventas (venta_id, fecha, producto_id, cliente_id, ciudad_id, cantidad, precio_unitario, carga_id, linea)
      ${numbers(shape.sales)} select i, ${day('i % 730')}, 1 + (i * 7) % ${sql.lit(shape.products)}, 1 + (i * 13) % ${sql.lit(shape.clients)}, 1 + i % 40,
        1 + i % 9, 5 + (i % 1000) * 0.25, ${load}, i + 1 from n`.execute(trx);
    await sql`insert into inventario (fecha, producto_id, almacen, stock, carga_id, linea)
      ${numbers(shape.products * 60)} select ${day(`i / ${shape.products}`)}, 1 + i % ${sql.lit(shape.products)}, 'Almacen ' || (i % 5), i % 300, ${load}, i + 1 from n`.execute(
      trx,
    );
    await trx
      .insertInto('carga_archivos')
      .values(
        (['productos', 'clientes', 'ventas', 'inventario'] as const).map((archivo) => ({
          carga_id: id,
          archivo,
          leidas: 0,
          cargadas: 0,
          en_cuarentena: 0,
          razones: '{}',
          hallazgos: '{}',
          columnas_ignoradas: '[]',
          codificacion: 'utf-8',
          delimitador: ',',
        })),
      )
      .execute();
    return id;
  });
}

const work = process.env.BENCH_KEEP_DIR ?? mkdtempSync(join(tmpdir(), 'bench-profile-'));
const url = pgAdmin ? await createPostgresDatabase(pgAdmin, 'bench') : join(work, 'empresa.db');
const db = openDatabase(url);
try {
  const { error } = await migrateToLatest(db);
  if (error) throw error;
  let started = performance.now();
  // BENCH_KEEP_DIR keeps the SQLite file between runs; a kept one is profiled again rather than rebuilt.
  const kept = await db.selectFrom('cargas').select('id').executeTakeFirst();
  const loadId = kept ? Number(kept.id) : await fill(db);
  if (engineOf(db) === 'postgres') await sql`analyze`.execute(db);
  const buildSeconds = (performance.now() - started) / 1000;

  // Wall time, and this process's CPU time: on SQLite (in-process) the latter is the work itself, which
  // stays meaningful on a shared machine where the wall time also counts waiting for a core.
  const time = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    const cpu: number[] = [];
    for (let r = 0; r < runs; r++) {
      started = performance.now();
      const before = process.cpuUsage();
      await fn();
      const used = process.cpuUsage(before);
      times.push((performance.now() - started) / 1000);
      cpu.push((used.user + used.system) / 1e6);
    }
    return { times, cpu };
  };
  const ventas = (await import('../src/profile/columns.ts')).PROFILED_COLUMNS.filter((c) => c.table === 'ventas');
  const ventasOnly = await time(() => profileColumns(db, ventas));
  const profile = await time(() => profileColumns(db));
  const metrics = await time(() => computeLoadMetrics(db, loadId));
  const facts = await time(async () => {
    const r = await recordLoadFacts(db, loadId);
    if (r.status !== 'ok') throw r.error.cause;
  });
  const fmt = ({ times, cpu }: { times: number[]; cpu: number[] }) =>
    `wall median ${median(times).toFixed(3)} s (${times.map((t) => t.toFixed(3)).join(', ')}), CPU median ${median(cpu).toFixed(3)} s`;
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${engineOf(db)}, load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(
    `data: ${shape.sales.toLocaleString('en')} sales, ${shape.clients.toLocaleString('en')} clients, ${shape.products} products (built in ${buildSeconds.toFixed(1)} s)`,
  );
  console.log(`profile of ventas alone:          ${fmt(ventasOnly)}`);
  console.log(`profile of every table:           ${fmt(profile)}`);
  console.log(`load metrics (clients counted):   ${fmt(metrics)}`);
  console.log(`recordLoadFacts (both, stored):   ${fmt(facts)}`);
} finally {
  await db.destroy();
  if (!process.env.BENCH_KEEP_DIR) rmSync(work, { recursive: true, force: true });
  if (pgAdmin) await dropPostgresDatabase(pgAdmin, url);
}
