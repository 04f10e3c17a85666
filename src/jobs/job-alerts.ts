// Alerts raised by the upload and monitor jobs (validation raises its own, per check).
import type { UploadRun } from '../s3/upload-run.ts';
import type { MonitorResult } from './monitor-run.ts';
import { type AlertingDeps, processAlerts } from '../alerting/alert-engine.ts';

export async function alertUpload(deps: AlertingDeps, run: UploadRun): Promise<void> {
  const failed = run.objects.filter((o) => o.status === 'failed');
  if (run.status === 'ok') return void (await processAlerts(deps, 'upload', [], ['upload_failed']));
  const summary = run.error
    ? `upload refused: ${run.error.message}`
    : `${failed.length} object(s) failed after retries: ${failed.map((o) => o.key).join(', ')} (npm run upload -- --failed)`;
  await processAlerts(
    deps,
    'upload',
    [
      {
        check: 'upload_failed',
        severity: 'ERROR',
        summary,
        rowsAffected: failed.length,
        impact: null,
        runbook: null,
        runId: run.runId,
        loadId: null,
      },
    ],
    [],
  );
}

/** Outcomes that are problems; `sent` clears them, `locked` (another run is working) changes nothing. */
const MONITOR_PROBLEMS = [
  'missing_file',
  'unreadable_file',
  'stale_file',
  'load_failed',
  'validation_failed',
  'send_failed',
  'interrupted',
  'error',
];

export async function alertMonitor(deps: AlertingDeps, result: MonitorResult): Promise<void> {
  if (result.outcome === 'locked') return;
  if (result.outcome === 'sent')
    return void (await processAlerts(
      deps,
      'monitor',
      [],
      MONITOR_PROBLEMS.map((o) => `monitor_${o}`),
    ));
  const severity = result.outcome === 'validation_failed' || result.outcome === 'stale_file' ? 'ERROR' : 'CRITICAL';
  await processAlerts(
    deps,
    'monitor',
    [
      {
        check: `monitor_${result.outcome}`,
        severity,
        summary: result.message,
        rowsAffected: 0,
        impact: null,
        runbook: null,
        runId: result.runId === null ? null : String(result.runId),
        loadId: null,
      },
    ],
    [],
  );
}
