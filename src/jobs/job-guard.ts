// The circuit breaker around a job run, with its alerts: refuse to start while open, record the outcome,
// alert when a failure opens the breaker or a run is refused.
import type { AlertingDeps } from '../alerting/alert-engine.ts';
import { processAlerts } from '../alerting/alert-engine.ts';
import { type Job, breakerAllows, recordJobResult } from '../alerting/breaker.ts';
import { EXIT } from '../process/exit-codes.ts';

export const BREAKER_EXIT_CODE = EXIT.breaker_open;

export async function jobMayStart(deps: AlertingDeps, job: Job): Promise<{ allowed: true } | { allowed: false; message: string }> {
  const now = (deps.now ?? (() => new Date()))();
  const { allowed, state } = await breakerAllows(deps.db, job, deps.config.breaker, now);
  if (allowed) return { allowed: true };
  const message =
    `the ${job} job is stopped by its circuit breaker: ${state.consecutiveFailures} consecutive failed runs (open since ${state.openedAt}); ` +
    `it will allow one trial run after ${state.retryAt}, or run \`npm run breaker -- reset ${job}\``;
  await processAlerts(
    deps,
    'breaker',
    [
      {
        check: `breaker_${job}`,
        severity: 'ERROR',
        summary: message,
        rowsAffected: 0,
        impact: null,
        runbook: null,
        runId: null,
        loadId: null,
      },
    ],
    [],
  );
  return { allowed: false, message };
}

export async function jobFinished(deps: AlertingDeps, job: Job, ok: boolean): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  const { opened, state } = await recordJobResult(deps.db, job, ok, deps.config.breaker, now);
  if (opened) {
    const summary = `circuit breaker of the ${job} job opened after ${state.consecutiveFailures} consecutive failed runs`;
    await processAlerts(
      deps,
      'breaker',
      [{ check: `breaker_${job}`, severity: 'ERROR', summary, rowsAffected: 0, impact: null, runbook: null, runId: null, loadId: null }],
      [],
    );
  } else if (ok) {
    await processAlerts(deps, 'breaker', [], [`breaker_${job}`]);
  }
}
