// The console report of a validation run, grouped by severity; colour only on a terminal.
import { styleText } from 'node:util';
import type { CheckResult, Severity, ValidationRun } from './types.ts';

const SAMPLE_LINES = 3;
const ORDER: Severity[] = ['CRITICAL', 'ERROR', 'WARNING'];
const COLOUR = { CRITICAL: 'magenta', ERROR: 'red', WARNING: 'yellow' } as const;

function describe(r: CheckResult): string {
  const parts = [`${r.passed ? 'PASS' : 'FAIL'}  ${r.code.padEnd(22)} ${r.description}`];
  if (!r.passed) {
    parts.push(`        rows affected: ${r.rowsAffected}`);
    if (r.impact) parts.push(`        impact: ${r.impact.unidades} units, revenue ${r.impact.ingresos.toFixed(2)}`);
    if (Array.isArray(r.details.missingProductIds) && r.details.missingProductIds.length > 0) {
      const cut = r.details.missingProductIdsTruncated === true ? ' (the first 100; more are not listed)' : '';
      parts.push(`        missing product ids: ${r.details.missingProductIds.join(', ')}${cut}`);
    }
    // A few samples, one line each, cut: the JSON output (--json) and the report page carry them whole.
    for (const sample of r.samples.slice(0, SAMPLE_LINES)) {
      const line = JSON.stringify(sample);
      parts.push(`        sample: ${line.length > 160 ? `${line.slice(0, 159)}…` : line}`);
    }
    if (r.samples.length > SAMPLE_LINES) parts.push(`        (${r.samples.length - SAMPLE_LINES} more samples in --json)`);
    if (r.error) parts.push(`        ${r.error}`);
    parts.push(`        runbook: ${r.runbook}`);
  }
  return parts.join('\n');
}

export function formatReport(run: ValidationRun, colour: boolean): string {
  const paint = (c: Parameters<typeof styleText>[0], text: string) => (colour ? styleText(c, text) : text);
  const lines = [`Validation run ${run.id} (load ${run.loadId ?? '-'}, as of ${run.asOf}): ${paint('bold', run.status)}`];
  for (const severity of ORDER) {
    const group = run.results.filter((r) => r.severity === severity);
    if (group.length === 0) continue;
    const failed = group.filter((r) => !r.passed).length;
    lines.push('', paint(COLOUR[severity], `${severity} (${failed} of ${group.length} failed)`));
    for (const r of group) lines.push(r.passed ? paint('green', describe(r)) : paint(COLOUR[severity], describe(r)));
  }
  return lines.join('\n');
}
