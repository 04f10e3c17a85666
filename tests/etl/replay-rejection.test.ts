// The quarantine stores raw lines, not parsed values: these are rebuilt when read. The oracle here is the
// load's own pass (the real cleaners with the real, stateful sets), run independently of the replay.
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { generateData } from '../../src/datagen/generate.ts';
import type { Database } from '../../src/db/tables.ts';
import { cleanCliente } from '../../src/etl/clean-clientes.ts';
import { cleanInventario } from '../../src/etl/clean-inventario.ts';
import { cleanProducto } from '../../src/etl/clean-productos.ts';
import { cleanVenta } from '../../src/etl/clean-ventas.ts';
import { FILE_ORDER, type FileKey } from '../../src/data-files.ts';
import { IdSet } from '../../src/etl/id-set.ts';
import type { FileInspection } from '../../src/etl/file-inspection.ts';
import { inspectAll } from '../../src/etl/inspect-file.ts';
import { InventoryKeys } from '../../src/etl/inventory-keys.ts';
import { runLoad } from '../../src/etl/load.ts';
import { DEFAULT_NUMBER_OPTIONS } from '../../src/etl/parse-number.ts';
import { forEachRecord } from '../../src/etl/read-records.ts';
import { quarantinedRowValues, replayValues } from '../../src/etl/replay-rejection.ts';
import type { RowOutcome } from '../../src/etl/row-outcome.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
const AS_OF = '2025-01-01';

/** Every rejected row's values, keyed `file:line`, as the load's cleaners produce them in one pass. */
async function cleanerValues(dataDir: string): Promise<Map<string, object | null>> {
  const inspections = await inspectAll(dataDir);
  const out = new Map<string, object | null>();
  const numberOptions = DEFAULT_NUMBER_OPTIONS;
  const products = new IdSet();
  const clients = new IdSet();
  const sales = new IdSet();
  const stock = new InventoryKeys();
  const cleaners: { [K in FileKey]: (get: (c: string) => string) => RowOutcome<unknown> } = {
    productos: (get) => {
      return cleanProducto(get, { numberOptions, seen: products });
    },
    clientes: (get) => cleanCliente(get, { seen: clients }),
    ventas: (get) => cleanVenta(get, { numberOptions, asOf: AS_OF, products, clientCity: new Map(), unknownCityId: 0, seen: sales }),
    inventario: (get) => cleanInventario(get, { numberOptions, asOf: AS_OF, products, seen: stock }),
  };
  for (const key of FILE_ORDER) {
    const inspection = inspections[key] as FileInspection;
    const positions = inspection.positions as Record<string, number>;
    await forEachRecord(inspection, (record) => {
      if (record.fields === null) return void out.set(`${inspection.fileName}:${record.line}`, null);
      const fields = record.fields;
      const outcome = cleaners[key]((c) => fields[positions[c]!]!);
      if (!outcome.ok) out.set(`${inspection.fileName}:${record.line}`, outcome.values ?? null);
    });
  }
  return out;
}

async function replayedValues(db: Kysely<Database>, loadId: number): Promise<Map<string, object | null>> {
  const readings = await db.selectFrom('carga_archivos').selectAll().where('carga_id', '=', loadId).execute();
  const rows = await db.selectFrom('cuarentena').selectAll().where('carga_id', '=', loadId).execute();
  const out = new Map<string, object | null>();
  for (const r of rows) {
    const reading = readings.find((f) => `${f.archivo}.csv` === r.archivo);
    out.set(`${r.archivo}:${r.linea}`, quarantinedRowValues(r, reading));
  }
  return out;
}

describe.each(DIALECTS)('on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  it.each([
    { name: 'the bundled data set', dir: async () => 'data' },
    {
      name: 'a heavily quarantined set (shape C, 3,000 sales)',
      dir: async () => {
        const out = newDir();
        await generateData({ sales: 3_000, inventory: 2_000, seed: 5, shape: 'C', out });
        return out;
      },
    },
  ])('rebuilds every quarantined row of $name with exactly the values the cleaners rejected it with', async ({ dir }) => {
    const dataDir = await dir();
    const { db } = await newDb();
    const result = await runLoad(db, { dataDir, asOf: AS_OF });
    if (result.status !== 'ok') throw new Error(JSON.stringify(result));
    const expected = await cleanerValues(dataDir);
    const replayed = await replayedValues(db, result.loadId);
    expect([...replayed.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(Object.fromEntries(replayed)).toEqual(Object.fromEntries(expected));
    // Not a vacuous pass: rows with values exist for each valued reason the set holds.
    expect([...replayed.values()].filter((v) => v !== null).length).toBeGreaterThan(10);
  });
});

describe('replaying one rejected row', () => {
  const ventas = { file: 'ventas' as const, delimiter: ';', loneSeparator: 'auto' as const };
  const positions = { fecha: 0, venta_id: 1, cliente_id: 2, producto_id: 3, cantidad: 4, precio_unitario: 5 };

  it('reads the columns at the positions the load read them, in any header order', () => {
    const raw = '07-04-2024;V00025;cli018;prod042;3,0;339.97';
    expect(replayValues({ ...ventas, positions, raw, reason: 'duplicate_id' })).toEqual({
      venta_id: 25,
      fecha: '2024-04-07',
      producto_id: 42,
      cliente_id: 18,
      cantidad: 3,
      precio_unitario: 339.97,
    });
  });

  it('reaches the stored reason: an unknown product, a negative quantity', () => {
    expect(replayValues({ ...ventas, positions, raw: '2024-04-07;25;18;42;-2;10', reason: 'negative_quantity' })).toMatchObject({
      cantidad: -2,
    });
    expect(replayValues({ ...ventas, positions, raw: '2024-04-07;25;18;999;2;10', reason: 'unknown_product' })).toMatchObject({
      producto_id: 999,
    });
  });

  it('has no values for a row rejected before every field parsed', () => {
    expect(replayValues({ ...ventas, positions, raw: '2024-13-40;25;18;42;2;10', reason: 'invalid_date' })).toBeNull();
  });

  it('reads a quoted field that spans lines', () => {
    const productos = {
      file: 'productos' as const,
      delimiter: ',',
      loneSeparator: 'auto' as const,
      positions: { producto_id: 0, nombre: 1, categoria: 2, precio: 3 },
    };
    expect(replayValues({ ...productos, raw: '7,"Cable\nlargo",Accesorios,-1.5', reason: 'negative_price' })).toEqual({
      producto_id: 7,
      nombre: 'Cable\nlargo',
      categoria: 'Accesorios',
      precio: -1.5,
    });
  });

  it('has none for a cut record or a load that recorded no positions', () => {
    const row = { archivo: 'ventas.csv', contenido: '2024-04-07;25;18;42;-2;10', razon: 'negative_quantity', valores: null };
    const reading = { delimitador: ';', posiciones: JSON.stringify(positions), separador_suelto: 'auto' };
    expect(quarantinedRowValues({ ...row, contenido_bytes: null }, reading)).toMatchObject({ cantidad: -2 });
    expect(quarantinedRowValues({ ...row, contenido_bytes: 9_000_000 }, reading)).toBeNull();
    expect(quarantinedRowValues({ ...row, contenido_bytes: null }, { ...reading, posiciones: null })).toBeNull();
    expect(quarantinedRowValues({ ...row, contenido_bytes: null, valores: '{"kept":1}' }, null)).toEqual({ kept: 1 });
  });
});
