// The end of a job run: its alerts, then its breaker's bookkeeping. Only failures of the system count
// toward a breaker (a store that cannot be reached, a crash, a database that cannot be written); bad input
// (a wrong --data-dir, a bad file, a stale file, failing checks) is the user's to fix and leaves it as it is.
import type { AlertingDeps } from '../alerting/alert-engine.ts';
import type { LoadResult } from '../etl/load.ts';
import type { UploadRun } from '../s3/upload-run.ts';
import { alertMonitor, alertUpload } from './job-alerts.ts';
import { jobFinished } from './job-guard.ts';
import type { MonitorResult } from './monitor-run.ts';

/** How a run counts for its breaker: a success closes it, a failure counts, `none` leaves it alone. */
export type BreakerCount = 'success' | 'failure' | 'none';

/** 'error' is bad input (exit 2), 'failed' the load itself (exit 1); being stopped on purpose is neither. */
export const loadCount = (load: LoadResult): BreakerCount =>
  load.status === 'ok' ? 'success' : load.status === 'failed' ? 'failure' : 'none';

/** Locked (another run is working) and interrupted (stopped on purpose) change nothing. */
export const monitorCount = (result: MonitorResult): BreakerCount =>
  result.outcome === 'sent' ? 'success' : result.failure === 'system' ? 'failure' : 'none';

async function count(deps: AlertingDeps, job: 'load' | 'upload' | 'monitor', counted: BreakerCount): Promise<void> {
  if (counted !== 'none') await jobFinished(deps, job, counted === 'success');
}

export async function finishLoadJob(deps: AlertingDeps, load: LoadResult): Promise<void> {
  await count(deps, 'load', loadCount(load));
}

/** Every upload failure is the object store's (refused, unreachable, objects that failed after retries). */
export async function finishUploadJob(deps: AlertingDeps, run: UploadRun): Promise<void> {
  await alertUpload(deps, run);
  await count(deps, 'upload', run.status === 'ok' ? 'success' : 'failure');
}

export async function finishMonitorJob(deps: AlertingDeps, result: MonitorResult): Promise<void> {
  if (result.outcome === 'interrupted') return;
  await alertMonitor(deps, result);
  await count(deps, 'monitor', monitorCount(result));
}
