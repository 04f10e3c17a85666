// Worker thread body: reads, parses and cleans ventas.csv off the main thread, which only writes to the
// database. Loaded rows travel as transferable Float64Arrays (no per-value copying); quarantined rows as arrays.
import { parentPort, workerData } from 'node:worker_threads';
import { type VentasContext, cleanVenta } from './clean-ventas.ts';
import { IdSet } from './id-set.ts';
import { streamFile } from './stream-file.ts';
import type { QuarantineValues, VentasWorkerInput, VentasWorkerMessage } from './ventas-worker-protocol.ts';
import { SALE_FIELDS, encodeDate } from './ventas-worker-protocol.ts';

const input = workerData as VentasWorkerInput;
const port = parentPort!;
const MAX_IN_FLIGHT = 4;

let credits = MAX_IN_FLIGHT;
let wakeOnCredit: (() => void) | null = null;
port.on('message', () => {
  credits++;
  const wake = wakeOnCredit;
  wakeOnCredit = null;
  wake?.();
});

const products = new IdSet();
for (const id of input.productIds) products.add(id);
const context: VentasContext = {
  numberOptions: input.numberOptions,
  asOf: input.asOf,
  products,
  clientCity: new Map(input.clientCity),
  unknownCityId: input.unknownCityId,
  seen: new IdSet(),
};

let rows = new Float64Array(4096 * SALE_FIELDS);
let count = 0;
let quarantine: QuarantineValues[] = [];
const progress = { rows: 0, bytesRead: 0 };

async function flush(): Promise<void> {
  if (credits === 0) await new Promise<void>((resolve) => (wakeOnCredit = resolve));
  credits--;
  const message: VentasWorkerMessage = {
    type: 'batch',
    rows: rows.subarray(0, count * SALE_FIELDS),
    count,
    quarantine,
    read: progress.rows,
    bytesRead: progress.bytesRead,
  };
  port.postMessage(message, [rows.buffer]);
  rows = new Float64Array(4096 * SALE_FIELDS);
  count = 0;
  quarantine = [];
}

const counters = await streamFile({
  inspection: input.inspection,
  loadId: input.loadId,
  clean: (get) => cleanVenta(get, context),
  onLoaded: (row, line) => {
    if ((count + 1) * SALE_FIELDS > rows.length) {
      const grown = new Float64Array(rows.length * 2);
      grown.set(rows);
      rows = grown;
    }
    const at = count++ * SALE_FIELDS;
    rows[at] = row.venta_id;
    rows[at + 1] = encodeDate(row.fecha);
    rows[at + 2] = row.producto_id;
    rows[at + 3] = row.cliente_id;
    rows[at + 4] = row.ciudad_id;
    rows[at + 5] = row.cantidad;
    rows[at + 6] = row.precio_unitario;
    rows[at + 7] = line;
  },
  quarantine: { add: (...values) => void quarantine.push(values) },
  progress: {
    update: (_file, read, bytesRead) => Object.assign(progress, { rows: read, bytesRead }),
    done: () => {},
  },
  onBatch: () => flush(),
});
await flush();
port.postMessage({
  type: 'done',
  counters: counters.toData(),
} satisfies VentasWorkerMessage);
port.close();
