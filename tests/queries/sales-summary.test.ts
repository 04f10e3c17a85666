// The summaries both faces serve (REST's units per category, GraphQL's resumenPor*) are bounded, whatever
// the number of distinct categories or cities a load brings.
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/etl/load.ts';
import { SUMMARY_LIMIT, salesSummary, unitsByCategory } from '../../src/queries/sales-summary.ts';
import { writeCleanData } from '../helpers/clean-data.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

describe.each(DIALECTS)('on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  it(`answers at most ${SUMMARY_LIMIT} categories: those with the most units, in load order`, async () => {
    const { db } = await newDb();
    // The clean set's 4 categories with sales, then 1,199 more without, the last of which gets one sale.
    const EXTRA = 1_199;
    const products = Array.from({ length: EXTRA }, (_, i) => `${100 + i},Producto ${i},Cat ${i},1.00`);
    const lastSale = `9999,2024-05-15,${100 + EXTRA - 1},1,5,10.00`;
    const dir = writeCleanData(newDir(), { productos: products, ventas: [lastSale] });
    expect((await runLoad(db, { dataDir: dir, asOf: '2024-12-31', clock: () => new Date('2025-01-01T08:00:00Z') })).status).toBe('ok');

    const rows = await salesSummary(db, 'categoria');
    expect(rows).toHaveLength(SUMMARY_LIMIT);
    const names = rows.map((r) => r.clave);
    // Every category that sold is there, the late one included; the rest are the earliest without sales.
    expect(names.slice(0, 4)).toEqual(['Electronicos', 'Ropa', 'Accesorios', 'Almacenamiento']);
    expect(names.at(-1)).toBe(`Cat ${EXTRA - 1}`);
    expect(rows.at(-1)!.unidades).toBe(5);
    expect(names.slice(4, -1)).toEqual(Array.from({ length: SUMMARY_LIMIT - 5 }, (_, i) => `Cat ${i}`));
    expect(Object.keys(await unitsByCategory(db))).toEqual(names);
    await db.destroy();
  });
});
