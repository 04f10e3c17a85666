// Micro-benchmark of the field parsers on common clean inputs: `npx tsx bench/parsers.ts` prints ns per call.
import { parseDate } from '../src/etl/parse-date.ts';
import { parseId } from '../src/etl/parse-id.ts';
import { parseDecimal, parseWholeNumber } from '../src/etl/parse-number.ts';
import { normalizeHeader, normalizeKey } from '../src/text/normalize-text.ts';

const CALLS = 2_000_000;
const ROUNDS = 5;

// Results are folded into a sink so the JIT cannot drop the calls as dead code.
let sink = 0;

function bench(label: string, inputs: string[], fn: (raw: string) => unknown): void {
  // Distinct string objects, as a CSV reader would hand over, rather than one interned literal.
  const pool = Array.from({ length: 1024 }, (_, i) => ` ${inputs[i % inputs.length]!}`.slice(1));
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) {
      const r = fn(pool[i & 1023]!);
      if (r !== null) sink++;
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / CALLS);
  }
  console.log(`${label.padEnd(44)} ${best.toFixed(1).padStart(7)} ns/call`);
}

bench('parseDate 2024-03-15', ['2024-03-15'], parseDate);
bench('parseDate 15/03/2024', ['15/03/2024'], parseDate);
bench('parseDate 5/3/2024', ['5/3/2024'], parseDate);
bench('parseDate 20240315', ['20240315'], parseDate);
bench('parseDate 2024-03-15T10:20:00Z', ['2024-03-15T10:20:00Z'], parseDate);
bench('parseDate 15 de marzo de 2024', ['15 de marzo de 2024'], parseDate);
bench('parseDate 2024-02-30 (invalid)', ['2024-02-30'], parseDate);
bench('parseId 42', ['42'], parseId);
bench('parseId V00042', ['V00042'], parseId);
bench('parseId PROD-001', ['PROD-001'], parseId);
bench('parseDecimal 1234.56', ['1234.56'], (s) => parseDecimal(s));
bench('parseDecimal 1.234,56 €', ['1.234,56 €'], (s) => parseDecimal(s));
bench('parseDecimal 1e5 (invalid)', ['1e5'], (s) => parseDecimal(s));
bench('parseWholeNumber 42', ['42'], (s) => parseWholeNumber(s));
bench('normalizeKey electronica', ['electronica'], normalizeKey);
bench('normalizeKey  Electrónica ', [' Electrónica '], normalizeKey);
bench('normalizeHeader Producto ID', ['Producto ID'], normalizeHeader);
if (sink === 0) console.log('(no results)');
