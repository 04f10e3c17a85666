// Per-file tallies of a load: rows read, loaded, quarantined, by reason and by finding.
import type { FindingCode, ReasonCode } from './codes.ts';
import { QuarantineTally, type ReasonTally } from './quarantine-tally.ts';

export interface FileReport {
  read: number;
  loaded: number;
  quarantined: number;
  reasons: Partial<Record<ReasonCode, number>>;
  findings: Partial<Record<FindingCode, number>>;
  ignoredColumns?: string[];
}

/** FileCounters as plain data, to cross a worker boundary. */
export interface CountersData {
  read: number;
  loaded: number;
  quarantined: number;
  reasons: Partial<Record<ReasonCode, number>>;
  findings: Partial<Record<FindingCode, number>>;
  tallies: Partial<Record<ReasonCode, ReasonTally>>;
}

export class FileCounters {
  read = 0;
  loaded = 0;
  quarantined = 0;
  readonly reasons: Partial<Record<ReasonCode, number>> = {};
  readonly findings: Partial<Record<FindingCode, number>> = {};
  private readonly tally = new QuarantineTally();
  private imported: Partial<Record<ReasonCode, ReasonTally>> | null = null;

  static fromData(data: CountersData): FileCounters {
    const c = new FileCounters();
    c.read = data.read;
    c.loaded = data.loaded;
    c.quarantined = data.quarantined;
    Object.assign(c.reasons, data.reasons);
    Object.assign(c.findings, data.findings);
    c.imported = data.tallies;
    return c;
  }

  toData(): CountersData {
    return {
      read: this.read,
      loaded: this.loaded,
      quarantined: this.quarantined,
      reasons: this.reasons,
      findings: this.findings,
      tallies: this.tallies(),
    };
  }

  /** Per-reason tallies of the quarantined rows (impact, unknown products). */
  tallies(): Partial<Record<ReasonCode, ReasonTally>> {
    return this.imported ?? this.tally.toJSON();
  }

  countLoaded(findings: readonly FindingCode[]): void {
    this.read++;
    this.loaded++;
    for (const f of findings) this.findings[f] = (this.findings[f] ?? 0) + 1;
  }

  /** `values` are the row's parsed fields when it got that far (they give the impact). */
  countQuarantined(reason: ReasonCode, values?: object): void {
    this.read++;
    this.quarantined++;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
    this.tally.add(reason, values);
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
