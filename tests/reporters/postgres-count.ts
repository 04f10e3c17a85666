// A vitest reporter that ends `npm test` with how many tests ran on PostgreSQL, or why none did, so a run
// that silently covered SQLite only is visible. A test runs on PostgreSQL when its name or one of its
// suites' names holds the dialect `postgres` (tests/helpers/dialects.ts: `it.each(DIALECTS)('... (%s)')`).
import type { Reporter, TestModule } from 'vitest/node';

export interface TestOutcome {
  fullName: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
}

const ON_POSTGRES = /\bpostgres\b/;

/** Why no test could run on PostgreSQL in this environment, or null when it could. */
export function whyNoPostgres(env: NodeJS.ProcessEnv): string | null {
  if (!env.TEST_POSTGRES_URL) return 'TEST_POSTGRES_URL is not set (README, "PostgreSQL"; .ci/run sets it)';
  if (
    env.TEST_DIALECTS &&
    !env.TEST_DIALECTS.split(',')
      .map((d) => d.trim())
      .includes('postgres')
  )
    return `TEST_DIALECTS=${env.TEST_DIALECTS} leaves it out`;
  return null;
}

export function postgresLine(tests: readonly TestOutcome[], env: NodeJS.ProcessEnv): string {
  const onPostgres = tests.filter((t) => ON_POSTGRES.test(t.fullName));
  const ran = onPostgres.filter((t) => t.state === 'passed' || t.state === 'failed');
  if (ran.length > 0) {
    const failed = ran.filter((t) => t.state === 'failed').length;
    const skipped = onPostgres.length - ran.length;
    return `PostgreSQL: ${ran.length} test${ran.length === 1 ? '' : 's'} ran on PostgreSQL (${ran.length - failed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}) of ${tests.length} in all`;
  }
  const why =
    whyNoPostgres(env) ?? (onPostgres.length > 0 ? 'its tests were skipped' : 'none of the selected test files runs on a database dialect');
  return `PostgreSQL: no test ran on PostgreSQL: ${why}`;
}

export default class PostgresCountReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tests: TestOutcome[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) tests.push({ fullName: test.fullName, state: test.result().state });
    }
    process.stdout.write(`\n${postgresLine(tests, process.env)}\n`);
  }
}
