// The file worker as the load uses it: a real file read, parsed and cleaned in a worker thread, its loaded rows
// and quarantined rows received on this thread in file order, each quarantined row with its load id and file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IdMap } from '../../src/etl/id-map.ts';
import { IdSet } from '../../src/etl/id-set.ts';
import { inspectFile } from '../../src/etl/inspect-file.ts';
import { DEFAULT_NUMBER_OPTIONS } from '../../src/etl/parse-number.ts';
import { silentProgress } from '../../src/etl/progress.ts';
import type { QuarantineValues } from '../../src/etl/stream-file.ts';
import { streamFileInWorker } from '../../src/etl/stream-in-worker.ts';
import { SALE_FIELDS } from '../../src/etl/worker-protocol.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

/** Streams `ventas.csv` made of `lines` through the worker: loaded (line, venta_id) pairs and quarantined rows. */
async function streamSales(lines: string[]) {
  const dir = newDir();
  writeFileSync(join(dir, 'ventas.csv'), ['fecha,venta_id,cliente_id,producto_id,cantidad,precio_unitario', ...lines].join('\n'));
  const products = new IdSet();
  products.add(1);
  const clientCity = new IdMap();
  clientCity.set(1, 1);
  const loaded: Array<[number, number]> = [];
  const quarantined: QuarantineValues[] = [];
  const { counters } = await streamFileInWorker({
    input: {
      file: 'ventas',
      inspection: await inspectFile(dir, 'ventas'),
      loadId: 7,
      asOf: '2025-01-01',
      numberOptions: DEFAULT_NUMBER_OPTIONS,
      productIds: products.toData(),
      clientCity: clientCity.toData(),
      unknownCityId: 2,
    },
    onRows: async (rows, count) => {
      for (let at = 0; at < count * SALE_FIELDS; at += SALE_FIELDS) loaded.push([rows[at + 7]!, rows[at]!]);
    },
    quarantine: {
      add: (...values) => void quarantined.push(values),
      addFrom: (values, start) => void quarantined.push(values.slice(start, start + 9) as QuarantineValues),
    },
    progress: silentProgress,
  });
  return { loaded, quarantined, counters };
}

describe('streamFileInWorker', () => {
  it('hands over every row of a mostly quarantined file in file order, each quarantined row with its load id and file', async () => {
    // 10,000 copies of sale 1 among 1,000 distinct sales: far more quarantined rows than one batch of records holds.
    const lines: string[] = [];
    for (let i = 0; i < 11_000; i++) lines.push(i % 11 === 0 ? `2024-01-02,${i / 11 + 1},1,1,1,10.00` : '2024-01-02,1,1,1,1,10.00');
    const { loaded, quarantined, counters } = await streamSales(lines);

    expect(counters.read).toBe(11_000);
    expect(loaded.map(([, id]) => id)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
    expect(quarantined).toHaveLength(10_000);
    expect(quarantined.every((q) => q[0] === 7 && q[1] === 'ventas.csv' && q[4] === 'duplicate_id')).toBe(true);
    expect(quarantined.every((q) => q[3] === '2024-01-02,1,1,1,1,10.00')).toBe(true);
    // Every line is loaded or quarantined exactly once, and each side keeps the file's order.
    const quarantinedLines = quarantined.map((q) => q[2]);
    const loadedLines = loaded.map(([line]) => line);
    expect(quarantinedLines).toEqual([...quarantinedLines].sort((a, b) => a - b));
    expect(loadedLines).toEqual([...loadedLines].sort((a, b) => a - b));
    expect(new Set([...quarantinedLines, ...loadedLines]).size).toBe(11_000);
    expect(Math.min(...loadedLines, ...quarantinedLines)).toBe(2);
    expect(Math.max(...loadedLines, ...quarantinedLines)).toBe(11_001);
  });
});
