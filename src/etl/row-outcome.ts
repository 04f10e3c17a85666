// What becomes of one data row: loaded (with its findings) or quarantined (with one reason).
import type { FindingCode, ReasonCode } from './codes.ts';
import type { Parsed } from './parsed.ts';

export type RowOutcome<R> =
  | { ok: true; row: R; findings: FindingCode[] }
  | { ok: false; reason: ReasonCode; field: string | null; message: string; values?: object };

export type Rejection = Extract<RowOutcome<never>, { ok: false }>;

const RANK: Record<string, number> = {
  missing_value: 1,
  invalid_id: 2,
  invalid_date: 3,
  invalid_number: 4,
};

/**
 * Collects the field-level problems of a row and keeps the one the contract says wins:
 * the lowest reason in the table's order, the first column on a tie.
 */
export class FieldProblems {
  private best: Rejection | null = null;

  /** Returns the parsed value, or undefined after noting the problem. */
  take<T>(field: string, parsed: Parsed<T>): T | undefined {
    if (parsed.ok) return parsed.value;
    if (this.best === null || RANK[parsed.reason]! < RANK[this.best.reason]!) {
      this.best = { ok: false, reason: parsed.reason, field, message: `${field}: ${parsed.message}` };
    }
    return undefined;
  }

  /** A required text field: trimmed, missing when blank. */
  text(field: string, raw: string): string | undefined {
    const value = raw.trim();
    if (value !== '') return value;
    if (this.best === null || RANK.missing_value! < RANK[this.best.reason]!) {
      this.best = { ok: false, reason: 'missing_value', field, message: `${field}: empty value` };
    }
    return undefined;
  }

  get rejection(): Rejection | null {
    return this.best;
  }
}

/** A rejection of a fully parsed row; `values` are kept with the quarantined row (impact of the problem). */
export function reject(reason: ReasonCode, field: string | null, message: string, values?: object): Rejection {
  return values === undefined ? { ok: false, reason, field, message } : { ok: false, reason, field, message, values };
}
