import { describe, expect, it } from 'vitest';
import { postgresLine } from './postgres-count.ts';

const pg = { TEST_POSTGRES_URL: 'postgres://postgres@127.0.0.1:55433/postgres' };

describe('the closing line of npm test about PostgreSQL', () => {
  it('counts the tests named for the PG dialect that ran, passed and failed', () => {
    const tests = [
      { fullName: 'npm run seed prints one JSON object (sqlite)', state: 'passed' },
      { fullName: 'npm run seed prints one JSON object (postgres)', state: 'passed' },
      { fullName: 'the load on postgres > replaces the previous load', state: 'failed' },
      { fullName: 'the load on postgres > is skipped here', state: 'skipped' },
      { fullName: 'an unreachable PostgreSQL > is exit 12', state: 'passed' },
    ] as const;
    expect(postgresLine(tests, pg)).toBe('PostgreSQL: 2 tests ran on PostgreSQL (1 passed, 1 failed, 1 skipped) of 5 in all');
  });

  it('says that none did, and why', () => {
    const sqliteOnly = [{ fullName: 'the load on sqlite > loads', state: 'passed' }] as const;
    expect(postgresLine(sqliteOnly, {})).toBe(
      'PostgreSQL: no test ran on PostgreSQL: TEST_POSTGRES_URL is not set (README, "PostgreSQL"; .ci/run sets it)',
    );
    expect(postgresLine(sqliteOnly, { ...pg, TEST_DIALECTS: 'sqlite' })).toBe(
      'PostgreSQL: no test ran on PostgreSQL: TEST_DIALECTS=sqlite leaves it out',
    );
    expect(postgresLine(sqliteOnly, pg)).toBe(
      'PostgreSQL: no test ran on PostgreSQL: none of the selected test files runs on a database dialect',
    );
  });
});
