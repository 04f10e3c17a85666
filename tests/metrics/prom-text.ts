// A strict reader of the Prometheus text format (0.0.4), so tests check what a real scraper would accept.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface PromText {
  samples: PromSample[];
  /** Metric family name -> TYPE. */
  types: Map<string, string>;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/;
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const HELP = new RegExp(`^# HELP (${NAME}) .*$`);

/** As Prometheus parses values (Go's ParseFloat): NaN and Inf in any case (prom-client writes `Nan`). */
function parseValue(text: string): number {
  const lower = text.toLowerCase();
  if (lower === '+inf' || lower === 'inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const n = Number(text);
  if (text === '' || Number.isNaN(n)) throw new Error(`not a sample value: ${text}`);
  return n;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest !== '') {
    const m = LABEL.exec(rest);
    if (!m) throw new Error(`bad labels in line: ${line}`);
    const [whole, key = '', raw = ''] = m;
    if (key in labels) throw new Error(`duplicate label ${key} in line: ${line}`);
    labels[key] = raw.replace(/\\(["\\n])/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(whole.length);
  }
  return labels;
}

/** Throws on any line a Prometheus scraper would reject. */
export function parsePromText(text: string): PromText {
  const samples: PromSample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const type = TYPE.exec(line);
      if (type) types.set(type[1] ?? '', type[2] ?? '');
      else if (!HELP.test(line)) throw new Error(`bad comment line: ${line}`);
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`bad sample line: ${line}`);
    samples.push({ name: m[1] ?? '', labels: parseLabels(m[2] ?? '', line), value: parseValue(m[3] ?? '') });
  }
  return { samples, types };
}

/** Every series name the families expose (a histogram family exposes _bucket, _sum and _count). */
export function exposedNames(types: Map<string, string>): Set<string> {
  const names = new Set<string>();
  for (const [family, type] of types) {
    names.add(family);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(family + s);
    if (type === 'summary') for (const s of ['_sum', '_count']) names.add(family + s);
  }
  return names;
}
