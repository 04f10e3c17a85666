// What a check kind is: the keys it reads from the file, how it parses them, the columns it needs from
// the real database, and how it runs (aggregates in SQL, a bounded sample). One file per kind; the
// registry (kinds/index.ts) lists them, so a kind is added by writing one file and listing it.
import type { CheckContext, CheckFinding } from '../../types.ts';
import type { TableInfo } from '../catalog.ts';
import type { SpecReader } from '../spec-reader.ts';

export interface Target {
  name: string;
  table: string;
  info: TableInfo;
  /** Sample rows to keep. */
  sampleSize: number;
}

export interface CheckKind<P = any> {
  kind: string;
  /** The keys this kind reads, besides the ones every check has (name, kind, severity, ...). */
  keys: readonly string[];
  /** The kind's parameters, or undefined after reporting what is wrong through the reader. */
  parse(reader: SpecReader): P | undefined;
  /** A one-line description for reports, from the parameters. */
  describe(params: P, table: string): string;
  /** The table.column pairs it reads, verified against the real database before it runs. */
  columnsUsed(params: P, table: string): Array<[string, string]>;
  run(params: P, target: Target, ctx: CheckContext): Promise<CheckFinding>;
}
