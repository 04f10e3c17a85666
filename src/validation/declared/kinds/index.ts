// Every kind a declared check may have, by name. A new kind is one more file and one more entry here.
import { anomaly } from './anomaly.ts';
import { duplicate } from './duplicate.ts';
import { freshness } from './freshness.ts';
import { invalid } from './invalid.ts';
import type { CheckKind } from './kind.ts';
import { metric } from './metric.ts';
import { missing } from './missing.ts';
import { reference } from './reference.ts';
import { rowCount } from './row-count.ts';
import { sqlKind } from './sql.ts';

export const KINDS: ReadonlyMap<string, CheckKind> = new Map(
  [rowCount, missing, duplicate, invalid, reference, freshness, metric, sqlKind, anomaly].map((k) => [k.kind, k as CheckKind]),
);
