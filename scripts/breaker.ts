// CLI: `npm run breaker -- status` shows each job's circuit breaker; `npm run breaker -- reset JOB` closes one.
import { openDatabase } from '../src/db/connect.ts';
import { readAlertingConfig } from '../src/alerting/alerting-config.ts';
import { JOBS, type Job, breakerState, resetBreaker } from '../src/alerting/breaker.ts';

const [command = 'status', job] = process.argv.slice(2);
const db = openDatabase();
try {
  const settings = readAlertingConfig().breaker;
  if (command === 'status') {
    for (const j of JOBS) {
      const s = await breakerState(db, j, settings);
      console.log(`${j.padEnd(8)} ${s.state.padEnd(6)} consecutive failures: ${s.consecutiveFailures}${s.state === 'open' ? `  open since ${s.openedAt}, trial run after ${s.retryAt}` : ''}`);
    }
  } else if (command === 'reset' && JOBS.includes(job as Job)) {
    await resetBreaker(db, job as Job, new Date());
    console.log(`${job}: closed`);
  } else {
    console.error(`usage: npm run breaker -- status | reset ${JOBS.join('|')}`);
    process.exitCode = 2;
  }
} finally {
  await db.destroy();
}
