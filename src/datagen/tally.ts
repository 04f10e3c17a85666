// Expected per-file counts, accumulated as rows are decided (never by reading the output back).
import { FINDING_CODES, type FindingCode, REASON_CODES, type ReasonCode } from './codes.ts';

/** The shape the ETL's per-file report has, so the two compare with `toEqual`. */
export interface FileEntry {
  read: number;
  loaded: number;
  quarantined: number;
  reasons: Partial<Record<ReasonCode, number>>;
  findings: Partial<Record<FindingCode, number>>;
  ignoredColumns?: string[];
}

export class FileTally {
  read = 0;
  loaded = 0;
  quarantined = 0;
  private readonly reasons = new Map<ReasonCode, number>();
  private readonly findings = new Map<FindingCode, number>();

  load(): void {
    this.read++;
    this.loaded++;
  }

  /** A finding on the row just loaded. */
  find(code: FindingCode): void {
    this.findings.set(code, (this.findings.get(code) ?? 0) + 1);
  }

  quarantine(reason: ReasonCode): void {
    this.read++;
    this.quarantined++;
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }

  entry(ignoredColumns: readonly string[] = []): FileEntry {
    const reasons: Partial<Record<ReasonCode, number>> = {};
    for (const code of REASON_CODES) {
      const n = this.reasons.get(code);
      if (n) reasons[code] = n;
    }
    const findings: Partial<Record<FindingCode, number>> = {};
    for (const code of FINDING_CODES) {
      const n = this.findings.get(code);
      if (n) findings[code] = n;
    }
    return {
      read: this.read,
      loaded: this.loaded,
      quarantined: this.quarantined,
      reasons,
      findings,
      ...(ignoredColumns.length > 0 ? { ignoredColumns: [...ignoredColumns] } : {}),
    };
  }
}
