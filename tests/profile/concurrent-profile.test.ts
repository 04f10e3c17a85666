import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadAndValidate } from '../../src/jobs/load-and-validate.ts';
import { profileColumns } from '../../src/profile/column-profile.ts';
import { WORKER_MIN_ROWS, startProfile } from '../../src/profile/concurrent-profile.ts';
import { writeCleanData } from '../helpers/clean-data.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

describe.each(DIALECTS)('the profile beside the validation, on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);

  async function loaded() {
    const { db } = await newDb();
    const result = await loadAndValidate(db, { dataDir: writeCleanData(newDir()), asOf: '2024-12-31', origin: 'test' });
    expect(result.load.status).toBe('ok');
    return db;
  }

  it('gives the same figures as the profile run in line (a worker thread with its own connection on SQLite)', async () => {
    const db = await loaded();
    const running = await startProfile(db, WORKER_MIN_ROWS);
    // The main thread's connection stays usable while it runs.
    expect(Number((await sql<{ n: unknown }>`select count(*) as n from ventas`.execute(db)).rows[0]!.n)).toBe(20);
    const outcome = await running.outcome;
    expect(outcome).toEqual({ ok: true, profiles: await profileColumns(db) });
  });

  it('comes back as a failed value, never a rejection, when the profile cannot run', async () => {
    const db = await loaded();
    await sql`drop table inventario`.execute(db);
    const outcome = await (await startProfile(db, WORKER_MIN_ROWS)).outcome;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message).toMatch(/inventario/);
  });
});
