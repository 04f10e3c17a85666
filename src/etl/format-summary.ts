// Renders a load result as the short human summary the seed prints.
import type { LoadResult } from './load.ts';
import { FILE_ORDER, FILE_SPECS } from '../data-files.ts';

export function formatSummary(result: LoadResult, dataDir: string): string {
  if (result.status !== 'ok') {
    return `Load ${result.loadId ?? '-'} from ${dataDir} FAILED (${result.error.code}): ${result.error.message}\nThe data tables were left as they were.`;
  }
  const lines = [`Load ${result.loadId} from ${dataDir} (as of ${result.asOf}):`];
  for (const key of FILE_ORDER) {
    const f = result.files[key];
    const top = Object.entries(f.reasons)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 3)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    const findings = Object.entries(f.findings)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    lines.push(
      `  ${FILE_SPECS[key].fileName.padEnd(15)} read ${String(f.read).padStart(8)}  loaded ${String(f.loaded).padStart(8)}  quarantined ${String(f.quarantined).padStart(6)}` +
        (top ? `  top reasons: ${top}` : '') +
        (findings ? `  findings: ${findings}` : '') +
        (f.ignoredColumns ? `  ignored columns: ${f.ignoredColumns.join(', ')}` : ''),
    );
  }
  return lines.join('\n');
}
