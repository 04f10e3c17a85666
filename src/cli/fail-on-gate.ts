// `validate --fail-on`: which failed checks decide the exit code, and the closing line that names them, so
// an exit 1 never comes without its reason.
import { EXIT } from '../process/exit-codes.ts';

type Severity = 'WARNING' | 'ERROR' | 'CRITICAL';
const RANK: Record<Severity, number> = { WARNING: 1, ERROR: 2, CRITICAL: 3 };

export interface GateResult {
  exitCode: typeof EXIT.ok | typeof EXIT.failed;
  /** The failed checks at or above the threshold, most severe first. */
  deciding: { code: string; severity: Severity }[];
  /** Failed checks below the threshold: reported, but not deciding. */
  below: { code: string; severity: Severity }[];
}

export function failOnGate(results: readonly { code: string; severity: Severity; passed: boolean }[], failOn: Severity): GateResult {
  const failed = results.filter((r) => !r.passed).map(({ code, severity }) => ({ code, severity }));
  const deciding = failed.filter((r) => RANK[r.severity] >= RANK[failOn]).sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  const below = failed.filter((r) => RANK[r.severity] < RANK[failOn]);
  return { exitCode: deciding.length > 0 ? EXIT.failed : EXIT.ok, deciding, below };
}

/** `exit 1: 2 failed checks at or above --fail-on error: duplicate_sales (ERROR), ...` or `exit 0: no ...`. */
export function gateLine(gate: GateResult, failOn: Severity): string {
  const list = (checks: GateResult['deciding']) => checks.map((c) => `${c.code} (${c.severity})`).join(', ');
  const threshold = `--fail-on ${failOn.toLowerCase()}`;
  if (gate.deciding.length === 0) {
    const below = gate.below.length > 0 ? `; below it: ${list(gate.below)}` : '';
    return `exit ${gate.exitCode}: no failed check at or above ${threshold}${below}`;
  }
  const n = gate.deciding.length;
  return `exit ${gate.exitCode}: ${n} failed check${n === 1 ? '' : 's'} at or above ${threshold}: ${list(gate.deciding)}`;
}
