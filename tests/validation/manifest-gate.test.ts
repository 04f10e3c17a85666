// The CI gate: the validation report of a load equals what the generator says it put in the data.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateData } from '../../src/datagen/generate.ts';
import { runLoad } from '../../src/etl/load.ts';
import { DEFAULT_VALIDATION_CONFIG } from '../../src/validation/config.ts';
import { runStatus } from '../../src/validation/run-status.ts';
import { runValidation } from '../../src/validation/run-validation.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
describe.each(DIALECTS)('on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  interface FileEntry {
    read: number;
    quarantined: number;
    reasons: Record<string, number>;
    findings: Record<string, number>;
  }
  interface Manifest {
    asOf: string;
    files: Record<'productos' | 'clientes' | 'ventas' | 'inventario', FileEntry>;
    missingProductIds: number[];
  }

  /** What each check must report, derived from the manifest alone. */
  function expectedFromManifest(m: Manifest) {
    const { productos, ventas, inventario } = m.files;
    const n = (x: number | undefined) => x ?? 0;
    const overShare = Object.entries(m.files)
      .filter(([, f]) => f.read > 0 && f.quarantined / f.read > DEFAULT_VALIDATION_CONFIG.maxQuarantineShare)
      .map(([file]) => file)
      .sort();
    const rows: Record<string, number> = {
      duplicate_sales: n(ventas.reasons.duplicate_id),
      negative_quantities: n(ventas.reasons.negative_quantity),
      returns: n(ventas.findings.zero_quantity),
      unknown_products: n(ventas.reasons.unknown_product) + n(inventario.reasons.unknown_product),
      negative_prices: n(productos.reasons.negative_price) + n(ventas.reasons.negative_price),
      unknown_clients: n(ventas.findings.unknown_client),
      future_dates: n(ventas.findings.future_date) + n(inventario.findings.future_date),
      negative_stock: n(inventario.findings.negative_stock),
      quarantine_rate: overShare.reduce((sum, f) => sum + m.files[f as keyof Manifest['files']].quarantined, 0),
      database_structure: 0,
      referential_integrity: 0,
      row_count_drop: 0,
      load_freshness: 0,
      // One load and no history: the anomaly checks stay silent.
      anomaly_rows_loaded: 0,
      anomaly_quarantine: 0,
      anomaly_revenue: 0,
    };
    return { rows, overShare };
  }

  describe('the validation report against the generator manifest', () => {
    it.each([
      { name: 'the bundled data', dir: async () => 'data' },
      {
        name: 'a generated set (seed 99, 3,000 sales)',
        dir: async () => {
          const out = newDir();
          await generateData({ sales: 3000, inventory: 800, seed: 99, out });
          return out;
        },
      },
    ])('matches for $name', async ({ dir }) => {
      const dataDir = await dir();
      const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as Manifest;
      const { db } = await newDb();
      const load = await runLoad(db, { dataDir, asOf: manifest.asOf });
      expect(load.status).toBe('ok');
      const run = await runValidation(db, { asOf: manifest.asOf, origin: 'test' });

      const { rows, overShare } = expectedFromManifest(manifest);
      expect(Object.fromEntries(run.results.map((r) => [r.code, r.rowsAffected]))).toEqual(rows);
      const byCode = Object.fromEntries(run.results.map((r) => [r.code, r]));
      expect(byCode.unknown_products!.details.missingProductIds).toEqual(manifest.missingProductIds);
      const failingFiles = Object.entries(byCode.quarantine_rate!.details.files as Record<string, { failed: boolean }>)
        .filter(([, f]) => f.failed)
        .map(([file]) => file)
        .sort();
      expect(failingFiles).toEqual(overShare);
      for (const r of run.results) expect(r.passed).toBe(rows[r.code] === 0 && !(r.code === 'quarantine_rate' && overShare.length > 0));
      const expectedStatus = runStatus(
        run.results.map((r) => ({
          severity: r.severity,
          passed: rows[r.code] === 0 && (r.code !== 'quarantine_rate' || overShare.length === 0),
        })),
      );
      expect(run.status).toBe(expectedStatus);
      expect(run.status).toBe('ERROR');
    });
  });
});
