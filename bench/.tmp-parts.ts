// temporary: time recordLoadFacts parts and each check on an existing database
import { openDatabase } from '../src/db/connect.ts';
import { ALL_CHECKS } from '../src/validation/checks/index.ts';
import { planChecks } from '../src/validation/declared/plan.ts';
import { readValidationConfig } from '../src/validation/read-config.ts';
import { profileColumns } from '../src/profile/column-profile.ts';
import { computeLoadMetrics } from '../src/profile/load-metrics.ts';
const db = await openDatabase(process.argv[2]!);
const t = async (label: string, f: () => Promise<unknown>) => { const c0 = process.cpuUsage(); const s = performance.now(); await f(); const c = process.cpuUsage(c0); console.log(`${label.padEnd(40)} ${(performance.now() - s).toFixed(0).padStart(6)} ms wall ${((c.user + c.system) / 1000).toFixed(0).padStart(6)} ms cpu`); };
const { rows } = await (await import('kysely')).sql<{ id: number }>`select max(id) as id from cargas`.execute(db as any);
const loadId = rows[0]!.id;
await t('profileColumns', () => profileColumns(db as any));
await t('computeLoadMetrics', () => computeLoadMetrics(db as any, loadId));
const config = readValidationConfig();
const ctx = { db, asOf: '2026-11-30', now: new Date(), config } as any;
for (const check of planChecks(ALL_CHECKS, config)) await t(`check ${check.code}`, () => check.run(ctx));
await (db as any).destroy();
