import { sql } from 'kysely';
import { listMigrations } from '../../src/db/migration-files.ts';
import { describe, expect, it } from 'vitest';
import { migrateDown } from '../../src/db/migrator.ts';
import { runLoad } from '../../src/etl/load.ts';
import { runValidation } from '../../src/validation/run-validation.ts';
import { DEFAULT_VALIDATION_CONFIG } from '../../src/validation/config.ts';
import type { ValidationRun } from '../../src/validation/types.ts';
import { type ExtraLines, writeCleanData } from '../helpers/clean-data.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
describe.each(DIALECTS)('on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);
  const AS_OF = '2024-12-31';
  const loadedAt = new Date('2025-01-01T08:00:00Z');
  const clock = () => loadedAt;

  async function loaded(extra: ExtraLines = {}) {
    const { db } = await newDb();
    const result = await runLoad(db, { dataDir: writeCleanData(newDir(), extra), asOf: AS_OF, clock });
    expect(result.status).toBe('ok');
    return db;
  }

  const failedCodes = (run: ValidationRun) => run.results.filter((r) => !r.passed).map((r) => r.code);
  const result = (run: ValidationRun, code: string) => run.results.find((r) => r.code === code)!;

  describe('the checks on clean data', () => {
    it('all pass, and the run is OK', async () => {
      const db = await loaded();
      const run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test' });
      expect(failedCodes(run)).toEqual([]);
      expect(run.status).toBe('OK');
      expect(run.results).toHaveLength(16);
    });
  });

  describe('each check fails on data made to trip it, and only that check', () => {
    it.each([
      ['duplicate_sales', { ventas: ['1,2024-05-01,1,1,1,10.00'] }, 1, 'ERROR'],
      ['negative_quantities', { ventas: ['100,2024-05-01,1,1,-3,10.00'] }, 1, 'ERROR'],
      ['returns', { ventas: ['100,2024-05-01,1,1,0,10.00'] }, 1, 'REQUIERE ATENCIÓN'],
      ['unknown_products', { ventas: ['100,2024-05-01,11,1,2,10.00'] }, 1, 'ERROR'],
      ['negative_prices', { ventas: ['100,2024-05-01,1,1,2,-10.00'] }, 1, 'ERROR'],
      ['unknown_clients', { ventas: ['100,2024-05-01,1,99,2,10.00'] }, 1, 'REQUIERE ATENCIÓN'],
      ['future_dates', { ventas: ['100,2025-05-01,1,1,2,10.00'], inventario: ['2025-02-01,1,Central,3'] }, 2, 'REQUIERE ATENCIÓN'],
      ['negative_stock', { inventario: ['2024-02-29,1,Central,-4'] }, 1, 'ERROR'],
    ])('%s', async (code, extra, rows, status) => {
      const db = await loaded(extra);
      const run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test' });
      expect(failedCodes(run)).toEqual([code]);
      expect(result(run, code).rowsAffected).toBe(rows);
      expect(run.status).toBe(status);
      expect(result(run, code).samples.length).toBe(rows);
    });

    it('quarantine_rate, for a file with more than the allowed share quarantined', async () => {
      const db = await loaded({ productos: ['x,Bad,Ropa,1.00'] }); // 1 of 5 products: 20% > 10%
      const run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test' });
      expect(failedCodes(run)).toEqual(['quarantine_rate']);
      expect(result(run, 'quarantine_rate').details.files).toMatchObject({ productos: { read: 5, quarantined: 1, failed: true } });
    });

    it('load_freshness, when the last load is older than the configured age', async () => {
      const db = await loaded();
      const later = () => new Date(loadedAt.getTime() + 25 * 3_600_000);
      const run = await runValidation(db, { asOf: AS_OF, clock: later, origin: 'test' });
      expect(failedCodes(run)).toEqual(['load_freshness']);
      expect(run.status).toBe('REQUIERE ATENCIÓN');
    });

    it('row_count_drop, when a file loads under half of the previous load', async () => {
      const { db } = await newDb();
      await runLoad(db, { dataDir: writeCleanData(newDir(), {}, 10), asOf: AS_OF, clock });
      await runLoad(db, { dataDir: writeCleanData(newDir(), {}, 4), asOf: AS_OF, clock });
      const run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test' });
      expect(failedCodes(run)).toEqual(['row_count_drop']);
      expect(result(run, 'row_count_drop')).toMatchObject({
        rowsAffected: 6,
        details: { files: { ventas: { loaded: 4, previous: 10, failed: true } } },
      });
      expect(run.status).toBe('CRITICAL');
    });

    it('row_count_drop passes, reporting the drop, when the load accepted it on purpose (allowDrop)', async () => {
      const { db } = await newDb();
      const guard = { asOf: AS_OF, clock, minRowShareOfPrevious: DEFAULT_VALIDATION_CONFIG.minRowShareOfPrevious };
      await runLoad(db, { dataDir: writeCleanData(newDir(), {}, 10), ...guard });
      expect((await runLoad(db, { dataDir: writeCleanData(newDir(), {}, 4), ...guard })).status).toBe('error');
      await runLoad(db, { dataDir: writeCleanData(newDir(), {}, 4), ...guard, allowDrop: true });
      const run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test' });
      expect(failedCodes(run)).toEqual([]);
      expect(result(run, 'row_count_drop')).toMatchObject({
        passed: true,
        rowsAffected: 0,
        details: { files: { ventas: { loaded: 4, previous: 10, failed: false, accepted: true } } },
      });
    });

    it('row_count_drop, when a file loads no rows', async () => {
      const { db } = await newDb();
      const dir = writeCleanData(newDir(), {}, 0);
      await runLoad(db, { dataDir: dir, asOf: AS_OF, clock });
      const run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test' });
      expect(failedCodes(run)).toEqual(['row_count_drop']);
    });

    it('database_structure, for a missing index and a pending migration', async () => {
      const db = await loaded();
      await sql`drop index ventas_fecha_idx`.execute(db);
      let run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test' });
      expect(failedCodes(run)).toEqual(['database_structure']);
      expect(result(run, 'database_structure').details.problems).toEqual([{ kind: 'missing index', name: 'ventas.ventas_fecha_idx' }]);
      await sql`create index ventas_fecha_idx on ventas (fecha)`.execute(db);
      await migrateDown(db);
      run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test' });
      expect(failedCodes(run)).toContain('database_structure');
      expect(result(run, 'database_structure').details.problems).toEqual(
        expect.arrayContaining([{ kind: 'pending migration', name: listMigrations().at(-1)!.name }]),
      );
    });

    it('referential_integrity, for a sale whose product row is gone', async () => {
      const db = await loaded();
      // Only a broken database can hold such a row: foreign keys are switched off for one statement.
      await db.connection().execute(async (conn) => {
        if (dialect === 'sqlite') await sql`pragma foreign_keys = off`.execute(conn);
        else await sql`set session_replication_role = replica`.execute(conn);
        await sql`update ventas set producto_id = 42 where venta_id = 1`.execute(conn);
        if (dialect === 'sqlite') await sql`pragma foreign_keys = on`.execute(conn);
        else await sql`set session_replication_role = default`.execute(conn);
      });
      const run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test' });
      expect(failedCodes(run)).toContain('referential_integrity');
      expect(result(run, 'referential_integrity').details.violations).toMatchObject({ 'ventas.producto_id -> productos': 1 });
      expect(run.status).toBe('CRITICAL');
    });
  });

  describe('results', () => {
    it('carry the impact of the affected sales in units and revenue', async () => {
      const db = await loaded({ ventas: ['100,2024-05-01,11,1,3,12.50', '101,2024-05-01,11,2,2,10.00'] });
      const run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test' });
      expect(result(run, 'unknown_products')).toMatchObject({
        rowsAffected: 2,
        impact: { unidades: 5, ingresos: 57.5 },
        details: { missingProductIds: [11] },
        runbook: 'docs/runbooks/unknown_products.md',
      });
    });

    it('take the severity from the configuration when it overrides one', async () => {
      const db = await loaded({ ventas: ['100,2024-05-01,1,1,0,10.00'] });
      const config = { ...DEFAULT_VALIDATION_CONFIG, severities: { returns: 'CRITICAL' as const } };
      const run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test', config });
      expect(result(run, 'returns').severity).toBe('CRITICAL');
      expect(run.status).toBe('CRITICAL');
    });

    it('turn a check that cannot run into a failed result instead of aborting the run', async () => {
      const db = await loaded();
      const broken = {
        code: 'broken',
        severity: 'ERROR' as const,
        description: 'always throws',
        run: async () => {
          throw new Error('boom');
        },
      };
      const run = await runValidation(db, { asOf: AS_OF, clock, origin: 'test', checks: [broken] });
      expect(run.results).toEqual([expect.objectContaining({ code: 'broken', passed: false, error: 'check could not run: boom' })]);
      expect(run.status).toBe('ERROR');
    });
  });
});
