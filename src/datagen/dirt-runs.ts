// Decides row by row which rows are dirty, and why, when dirt comes in runs: a stretch of rows
// broken the same way (a month exported with a bad date format, a product sold before it was
// catalogued), sometimes one row copied many times. Each run starts dirty only while the dirty
// share is below its target, so the share tracks the target within one run at any file size.
import type { ReasonCode } from './codes.ts';
import type { DirtMix, DirtRunOptions } from './profiles.ts';
import { type Rng, Weighted } from './random.ts';

/** Runs are capped at this share of the file, so a scaled-down data set keeps its ratios. */
const MAX_RUN_SHARE = 0.02;

/** The reasons a file can have, weighted by the mix (equally when it gives no weights). */
export function reasonChoice(mix: DirtMix, reasons: readonly ReasonCode[], rng: Rng): Weighted<ReasonCode> {
  const weights = reasons.map((r) => [r, mix.weights ? (mix.weights[r] ?? 0) : 1] as const);
  for (const r of Object.keys(mix.weights ?? {}))
    if (!reasons.includes(r as ReasonCode)) throw new Error(`${r} does not apply to this file`);
  return new Weighted(weights, rng);
}

export class DirtRuns {
  private readonly runs: DirtRunOptions;
  private readonly maxRun: number;
  private rows = 0;
  private dirtyRows = 0;
  private left = 0;
  private runLength = 0;
  private reason: ReasonCode | null = null;
  private copies = false;
  private first = false;

  constructor(
    private readonly mix: DirtMix,
    private readonly reasons: Weighted<ReasonCode>,
    private readonly rng: Rng,
    /** Rows the file will have: caps the runs. */
    count: number,
  ) {
    if (!mix.runs) throw new Error('DirtRuns needs run options');
    this.runs = mix.runs;
    this.maxRun = Math.max(1, Math.floor(count * MAX_RUN_SHARE));
  }

  /** The next row's reason, or null for a clean row. */
  next(): ReasonCode | null {
    if (this.left === 0) this.startRun();
    this.left--;
    this.rows++;
    this.first = this.left === this.runLength - 1;
    if (this.reason !== null) this.dirtyRows++;
    return this.reason;
  }

  /** Whether the row just planned is a copy of the run's first row. */
  get repeat(): boolean {
    return this.copies && !this.first;
  }

  private startRun(): void {
    const { rate } = this.mix;
    const { mean, verbatimShare, longChance, longMax } = this.runs;
    if (this.dirtyRows < rate * (this.rows + 1)) {
      this.reason = this.reasons.pick();
      if (this.rng.chance(longChance)) {
        this.runLength = Math.max(1, Math.floor(longMax / 4) + this.rng.int(Math.ceil((longMax * 3) / 4)));
        this.copies = true;
      } else {
        this.runLength = this.geometric(mean);
        this.copies = this.rng.chance(verbatimShare);
      }
    } else {
      this.reason = null;
      this.copies = false;
      this.runLength = this.geometric(rate > 0 ? (mean * (1 - rate)) / rate : Number.MAX_SAFE_INTEGER);
    }
    this.runLength = Math.min(this.runLength, this.maxRun);
    this.left = this.runLength;
  }

  /** A run length of mean `mean` (at least 1): geometric, so most runs are short and a few long. */
  private geometric(mean: number): number {
    if (mean <= 1) return 1;
    const n = 1 + Math.floor(Math.log(1 - this.rng.next()) / Math.log(1 - 1 / mean));
    return Number.isFinite(n) ? n : this.maxRun;
  }
}
