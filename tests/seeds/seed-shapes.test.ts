// The real seed command on shapes our generator does not make: giant records, stray quotes, wide
// headers, CR-only line endings, and IDs with any non-digit prefix.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { writeCleanData } from '../helpers/clean-data.ts';
import { type Dialect, DIALECTS, freshDatabaseUrl } from '../helpers/dialects.ts';
import { runScript } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

async function seeded(dataDir: string, dialect: Dialect = 'sqlite') {
  const dir = newDir();
  const env = {
    DATABASE_URL: dialect === 'sqlite' ? join(dir, 'empresa.db') : await freshDatabaseUrl(dialect, dir),
    LOG_DIR: join(dir, 'logs'),
  };
  await runScript('scripts/migrate.ts', [], env);
  const run = await runScript('seeds/seed.ts', ['--json', '--data-dir', dataDir, '--as-of', '2025-01-01'], env);
  const db = openDatabase(env.DATABASE_URL);
  return { ...run, report: JSON.parse(run.stdout || '{}'), db };
}

/** Replaces line `n` (1-based) of a data file. */
function replaceLine(dir: string, file: string, n: number, text: string): void {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  lines[n - 1] = text;
  writeFileSync(join(dir, file), lines.join('\n'));
}

describe('the seed on records the generator does not make', () => {
  it('quarantines a 2 MiB record as malformed_row with a 4 KiB prefix, its length and SHA-256, and loads the rest', async () => {
    const data = writeCleanData(newDir());
    const giant = `7,2024-01-15,1,1,1,${'9'.repeat(2 * 1024 * 1024)}`;
    replaceLine(data, 'ventas.csv', 8, giant);
    const { code, report, db } = await seeded(data);
    try {
      expect(code).toBe(0);
      expect(report.files.ventas).toMatchObject({ read: 20, loaded: 19, quarantined: 1, reasons: { malformed_row: 1 } });
      const row = await db.selectFrom('cuarentena').selectAll().where('archivo', '=', 'ventas.csv').executeTakeFirstOrThrow();
      expect(row).toMatchObject({
        linea: 8,
        razon: 'malformed_row',
        contenido_bytes: giant.length,
        contenido_sha256: createHash('sha256').update(giant).digest('hex'),
      });
      expect(Buffer.byteLength(row.contenido)).toBe(4096);
      expect(giant.startsWith(row.contenido)).toBe(true);
    } finally {
      await db.destroy();
    }
  });

  it('quarantines only the line of a stray opening quote and loads every line after it', async () => {
    const data = writeCleanData(newDir());
    replaceLine(data, 'ventas.csv', 4, '3,2024-03-15,"3,3,3,10.00');
    const { code, report, db } = await seeded(data);
    try {
      expect(code).toBe(0);
      expect(report.files.ventas).toMatchObject({ read: 20, loaded: 19, reasons: { malformed_row: 1 } });
      const row = await db.selectFrom('cuarentena').select(['linea', 'contenido']).executeTakeFirstOrThrow();
      expect(row).toEqual({ linea: 4, contenido: '3,2024-03-15,"3,3,3,10.00' });
    } finally {
      await db.destroy();
    }
  });

  it('reads a 70 KiB header whole, with required columns after the first 64 KiB', async () => {
    const data = writeCleanData(newDir());
    const path = join(data, 'ventas.csv');
    const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
    const wide = 'notas_' + 'x'.repeat(70 * 1024);
    writeFileSync(path, [`${wide},${header}`, ...rows.map((r) => `nota,${r}`)].join('\n') + '\n');
    const { code, report, db } = await seeded(data);
    await db.destroy();
    expect(code).toBe(0);
    expect(report.files.ventas).toMatchObject({ read: 20, loaded: 20, quarantined: 0 });
    expect(report.files.ventas.ignoredColumns[0]).toBe(wide);
  });

  it('reads files with CR-only line endings like LF ones', async () => {
    const lf = writeCleanData(newDir());
    const cr = writeCleanData(newDir(), { ventas: ['21,2024-99-99,1,1,1,10.00', '', '22,2024-01-15,1,1,1,-5'] });
    for (const file of ['productos.csv', 'clientes.csv', 'ventas.csv', 'inventario.csv']) {
      writeFileSync(join(cr, file), readFileSync(join(cr, file), 'utf8').replaceAll('\n', '\r'));
    }
    const a = await seeded(lf);
    const b = await seeded(cr);
    try {
      expect(b.code).toBe(0);
      expect(b.report.files.ventas).toMatchObject({
        read: 22,
        loaded: 20,
        quarantined: 2,
        reasons: { invalid_date: 1, negative_price: 1 },
      });
      expect(await b.db.selectFrom('cuarentena').select(['linea', 'razon']).orderBy('linea').execute()).toEqual([
        { linea: 22, razon: 'invalid_date' },
        { linea: 24, razon: 'negative_price' },
      ]);
      for (const key of ['productos', 'clientes', 'inventario'] as const) expect(b.report.files[key]).toEqual(a.report.files[key]);
    } finally {
      await a.db.destroy();
      await b.db.destroy();
    }
  });
});

describe.each(DIALECTS)('IDs with any non-digit prefix, through the seed (%s)', (dialect) => {
  const valid = [
    ['#038', 38],
    ['N°24', 24],
    ['ID 62', 62],
    ['V.33', 33],
    ['cli_7', 7],
    ['PROD-001', 1],
    [' 5 ', 5],
  ] as const;
  const invalid = ['-3', '+3', '1.5', 'P2024-001', '0'];

  it('loads products and clients under those IDs, and their sales keep their product and city', async () => {
    const data = newDir();
    writeFileSync(
      join(data, 'productos.csv'),
      [
        'producto_id,nombre,categoria,precio',
        ...valid.map(([raw, n]) => `${raw},Producto ${n},Cat${n % 2},10.00`),
        ...invalid.map((raw) => `${raw},Malo,Cat0,1.00`),
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(data, 'clientes.csv'),
      [
        'cliente_id,nombre,email,ciudad,fecha_registro',
        ...valid.map(([raw, n]) => `${raw},Cliente ${n},c${n}@x.com,Ciudad${n},2023-01-01`),
      ].join('\n') + '\n',
    );
    // Each sale names its product and client by the plain number: the same ids, spelled differently.
    writeFileSync(
      join(data, 'ventas.csv'),
      [
        'venta_id,fecha,producto_id,cliente_id,cantidad,precio_unitario',
        ...valid.map(([raw, n], i) => `${raw},2024-01-${10 + i},${n},${n},${i + 1},10.00`),
      ].join('\n') + '\n',
    );
    writeFileSync(
      join(data, 'inventario.csv'),
      'fecha,producto_id,almacen,stock\n' + valid.map(([raw]) => `2024-01-31,${raw},Central,3`).join('\n') + '\n',
    );
    const { code, report, db } = await seeded(data, dialect);
    try {
      expect(code).toBe(0);
      expect(report.files.productos).toMatchObject({
        read: valid.length + invalid.length,
        loaded: valid.length,
        reasons: { invalid_id: invalid.length },
      });
      expect(report.files.clientes).toMatchObject({ loaded: valid.length, quarantined: 0 });
      expect(report.files.ventas).toMatchObject({ loaded: valid.length, quarantined: 0, findings: {} });
      expect(report.files.inventario).toMatchObject({ loaded: valid.length, quarantined: 0 });
      const sales = await db
        .selectFrom('ventas as v')
        .innerJoin('ciudades as c', 'c.id', 'v.ciudad_id')
        .select(['v.venta_id', 'v.producto_id', 'v.cliente_id', 'c.nombre as ciudad'])
        .orderBy('v.venta_id')
        .execute();
      expect(sales).toEqual(
        [...valid].sort((a, b) => a[1] - b[1]).map(([, n]) => ({ venta_id: n, producto_id: n, cliente_id: n, ciudad: `Ciudad${n}` })),
      );
      const rejected = await db
        .selectFrom('cuarentena')
        .select(['contenido', 'razon'])
        .where('archivo', '=', 'productos.csv')
        .orderBy('linea')
        .execute();
      expect(rejected.map((r) => [r.contenido.split(',')[0], r.razon])).toEqual(invalid.map((raw) => [raw, 'invalid_id']));
    } finally {
      await db.destroy();
    }
  });
});

describe.each(DIALECTS)('a customer base of a million (%s)', (dialect) => {
  // Half the ids dense from 1, half sparse above 4M; a thousand cities, each first spelled in lower case
  // and then twice capitalised, so every city is written under one spelling and renamed to the other.
  const CLIENTS = 1_000_000;
  const CITIES = 1_000;
  const clientId = (i: number) => (i % 2 === 0 ? i / 2 + 1 : 5_000_000 + 3 * i);
  const cityOf = (i: number) => i % CITIES;
  const spelling = (i: number) => (i < CITIES ? `ciudad ${cityOf(i)}` : `Ciudad ${cityOf(i)}`);

  it("loads every client, and every sale gets its client's city under the city's most frequent spelling", async () => {
    const data = writeCleanData(newDir());
    const lines = ['cliente_id,nombre,email,ciudad,fecha_registro'];
    for (let i = 0; i < CLIENTS; i++) lines.push(`C-${clientId(i)},Cliente ${i},c${i}@x.com,${spelling(i)},2023-01-01`);
    writeFileSync(join(data, 'clientes.csv'), lines.join('\n') + '\n');
    const sold = Array.from({ length: 500 }, (_, k) => k * 1999 + 1);
    writeFileSync(
      join(data, 'ventas.csv'),
      [
        'venta_id,fecha,producto_id,cliente_id,cantidad,precio_unitario',
        ...sold.map((i, k) => `${k + 1},2024-03-01,1,${clientId(i)},1,10.00`),
      ].join('\n') + '\n',
    );
    const { code, report, db } = await seeded(data, dialect);
    try {
      expect(code).toBe(0);
      expect(report.files.clientes).toMatchObject({ read: CLIENTS, loaded: CLIENTS, quarantined: 0 });
      expect(report.files.ventas).toMatchObject({ loaded: sold.length, quarantined: 0, findings: {} });
      const sales = await db
        .selectFrom('ventas as v')
        .innerJoin('ciudades as c', 'c.id', 'v.ciudad_id')
        .select(['v.cliente_id', 'c.nombre as ciudad'])
        .orderBy('v.venta_id')
        .execute();
      expect(sales).toEqual(sold.map((i) => ({ cliente_id: clientId(i), ciudad: `Ciudad ${cityOf(i)}` })));
      const cities = await db
        .selectFrom('ciudades')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(cities.n)).toBe(CITIES);
    } finally {
      await db.destroy();
    }
  }, 120_000);
});

describe('a stock file whose warehouse column is free text', () => {
  it('loads 200k rows with 200k distinct warehouse names', async () => {
    const data = writeCleanData(newDir());
    const ROWS = 200_000;
    const lines = ['fecha,producto_id,almacen,stock'];
    for (let i = 1; i <= ROWS; i++) lines.push(`2024-06-01,${1 + (i % 4)},Almacen ${i},5`);
    writeFileSync(join(data, 'inventario.csv'), lines.join('\n') + '\n');
    const { code, report, db } = await seeded(data);
    try {
      expect(code).toBe(0);
      expect(report.files.inventario).toMatchObject({ read: ROWS, loaded: ROWS, quarantined: 0 });
      const { n } = await db
        .selectFrom('inventario')
        .select((eb) => eb.fn.count<number>('almacen').distinct().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n)).toBe(ROWS);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
