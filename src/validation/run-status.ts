// The overall status of a run: the worst severity among failed checks.
import type { CheckResult, RunStatus } from './types.ts';

const STATUS_BY_SEVERITY = { WARNING: 'REQUIERE ATENCIÓN', ERROR: 'ERROR', CRITICAL: 'CRITICAL' } as const;
export const SEVERITY_RANK = { WARNING: 1, ERROR: 2, CRITICAL: 3 } as const;

export function runStatus(results: readonly Pick<CheckResult, 'passed' | 'severity'>[]): RunStatus {
  let worst = 0;
  let status: RunStatus = 'OK';
  for (const r of results) {
    if (!r.passed && SEVERITY_RANK[r.severity] > worst) {
      worst = SEVERITY_RANK[r.severity];
      status = STATUS_BY_SEVERITY[r.severity];
    }
  }
  return status;
}
