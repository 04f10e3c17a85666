// CLI: `npm run breaker -- status` shows each job's circuit breaker; `npm run breaker -- reset JOB` closes one.
// Exit codes (the shared table, src/process/exit-codes.ts): 0 done, 2 bad arguments, 12 cannot connect.
import '../src/cli/load-env.ts';
import { readAlertingConfig } from '../src/alerting/alerting-config.ts';
import { JOBS, type Job, breakerState, resetBreaker } from '../src/alerting/breaker.ts';
import type { CommandSpec } from '../src/cli/command-spec.ts';
import { EXIT } from '../src/process/exit-codes.ts';
import { parseCommand } from '../src/cli/parse-args.ts';
import { nearest } from '../src/cli/suggest.ts';
import { openDatabase } from '../src/db/connect.ts';
import { isUnreachable } from '../src/db/unreachable.ts';

const SPEC: CommandSpec = {
  name: 'breaker',
  synopsis: `status | reset ${JOBS.join('|')}`,
  summary: "Shows the jobs' circuit breakers (load, upload, monitor), or closes one by hand.",
  commands: [
    { name: 'status', description: "each job's breaker: state, consecutive failures, when a trial run may start" },
    { name: 'reset', description: `close JOB's breaker (${JOBS.join(', ')})` },
  ],
  options: {},
  exits: { ok: 'done', usage: 'unknown command, option or job', database_unreachable: '' },
};

const { command, rest, out } = parseCommand(SPEC);
const job = rest[0];
if (command === 'reset' && !JOBS.includes(job as Job)) {
  const guess = job === undefined ? null : nearest(job, JOBS);
  out.fail(
    'usage',
    `reset needs a job: ${JOBS.join(', ')}${job === undefined ? '' : `, got "${job}"`}${guess ? `; did you mean ${guess}?` : ''}`,
    EXIT.usage,
  );
}
const db = openDatabase();
try {
  const settings = readAlertingConfig().breaker;
  if (command === 'status') {
    for (const j of JOBS) {
      const s = await breakerState(db, j, settings);
      console.log(
        `${j.padEnd(8)} ${s.state.padEnd(6)} consecutive failures: ${s.consecutiveFailures}${s.state === 'open' ? `  open since ${s.openedAt}, trial run after ${s.retryAt}` : ''}`,
      );
    }
  } else {
    await resetBreaker(db, job as Job, new Date());
    console.log(`${job}: closed`);
  }
} catch (err) {
  if (!isUnreachable(err)) throw err;
  out.fail(err.code, err.message, EXIT.database_unreachable);
} finally {
  await db.destroy();
}
