// Per-file tallies of a load: rows read, loaded, quarantined, by reason and by finding.
import type { FindingCode, ReasonCode } from './codes.ts';

export interface FileReport {
  read: number;
  loaded: number;
  quarantined: number;
  reasons: Partial<Record<ReasonCode, number>>;
  findings: Partial<Record<FindingCode, number>>;
  ignoredColumns?: string[];
}

export class FileCounters {
  read = 0;
  loaded = 0;
  quarantined = 0;
  readonly reasons: Partial<Record<ReasonCode, number>> = {};
  readonly findings: Partial<Record<FindingCode, number>> = {};

  countLoaded(findings: readonly FindingCode[]): void {
    this.read++;
    this.loaded++;
    for (const f of findings) this.findings[f] = (this.findings[f] ?? 0) + 1;
  }

  countQuarantined(reason: ReasonCode): void {
    this.read++;
    this.quarantined++;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
  }

  report(ignoredColumns: readonly string[]): FileReport {
    return {
      read: this.read,
      loaded: this.loaded,
      quarantined: this.quarantined,
      reasons: { ...this.reasons },
      findings: { ...this.findings },
      ...(ignoredColumns.length > 0 ? { ignoredColumns: [...ignoredColumns] } : {}),
    };
  }
}
