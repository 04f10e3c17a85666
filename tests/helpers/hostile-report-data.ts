// A database a busy, hostile year leaves behind, for the report page's bounds: thousands of quarantined
// rows of 4 KiB, a raw line of 20 MB kept by an old load, thousands of categories and cities with long names
// full of markup, a reason code per row, an error message of 1 MB.
import type { Kysely } from 'kysely';
import { openDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/tables.ts';
import type { apiServers, TestServer } from './api-server.ts';
import type { Dialect } from './dialects.ts';

export const MB = 1024 * 1024;
/** Text that costs the most to escape: every character becomes an entity of 4 to 6 bytes. */
export const markup = (bytes: number, tag = '') => `<"&'>${tag}`.repeat(Math.ceil(bytes / (5 + tag.length))).slice(0, bytes);
export const RAZON = 'fila_enorme';
export const OLD_LINE_BYTES = 20 * MB;
export const CUT_AT_LOAD_BYTES = 200 * MB;

/** The database a busy, hostile year leaves behind, on top of the bundled data's load. */
export async function fillHostile(db: Kysely<Database>): Promise<void> {
  const { id: cargaId } = await db
    .selectFrom('cargas')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  const carga = Number(cargaId);
  // The first row stands for a load from before migration 0009 kept the whole 20 MB record; the second for
  // one the load cut to its first 4 KiB; then 5,000 rows of 4 KiB.
  const rows = [
    { contenido: markup(OLD_LINE_BYTES), contenido_bytes: null },
    { contenido: markup(4096), contenido_bytes: CUT_AT_LOAD_BYTES },
    ...Array.from({ length: 5000 }, (_, i) => ({ contenido: markup(4096, String(i)), contenido_bytes: null })),
  ].map((r, i) => ({
    ...r,
    carga_id: carga,
    archivo: 'ventas.csv',
    linea: 100_000 + i,
    razon: RAZON,
    campo: markup(1024),
    mensaje: markup(4096),
    valores: null,
  }));
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('cuarentena')
      .values(rows.slice(i, i + 200))
      .execute();
  const summary = (dimension: 'categoria' | 'ciudad' | 'mes', n: number, name: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => ({
      carga_id: carga,
      dimension,
      clave: name(i),
      orden: 10_000 + i,
      unidades: i + 1,
      ingresos: (i + 1) * 10.5,
      ventas: 1,
    }));
  const summaries = [
    ...summary('categoria', 3000, (i) => `${i} ${markup(300)}`),
    ...summary('ciudad', 3000, (i) => `${i} ${markup(300)}`),
    ...summary('mes', 600, (i) => `${3000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`),
  ];
  for (let i = 0; i < summaries.length; i += 500)
    await db
      .insertInto('resumen_ventas')
      .values(summaries.slice(i, i + 500))
      .execute();
  // A reason code for every row of a file, and an error message as long as a file.
  const razones = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`${i}${markup(200)}`, i + 1]));
  await db
    .updateTable('carga_archivos')
    .set({ razones: JSON.stringify(razones) })
    .where('carga_id', '=', carga)
    .where('archivo', '=', 'ventas')
    .execute();
  await db
    .updateTable('cargas')
    .set({ error_codigo: markup(5000), error_archivo: markup(5000), error_mensaje: markup(MB) })
    .where('id', '=', carga)
    .execute();
}

/** Starts a test server (from `apiServers()`) on a database filled by `fillHostile`. */
export async function hostileServer(server: ReturnType<typeof apiServers>, dialect: Dialect): Promise<TestServer> {
  const s = await server({ dialect });
  const db = openDatabase(s.dbPath);
  try {
    await fillHostile(db);
  } finally {
    await db.destroy();
  }
  return s;
}
