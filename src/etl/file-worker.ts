// Worker thread body: reads, parses and cleans one large file (ventas.csv or inventario.csv) off the main
// thread, which only writes to the database. Loaded rows travel as transferable Float64Arrays (no per-value
// copying), warehouse names as a growing dictionary, quarantined rows as arrays.
import { parentPort, workerData } from 'node:worker_threads';
import { type InventarioContext, cleanInventario } from './clean-inventario.ts';
import { type VentasContext, cleanVenta } from './clean-ventas.ts';
import { IdMap } from './id-map.ts';
import { IdSet } from './id-set.ts';
import type { FileInspection } from './file-inspection.ts';
import { InventoryKeys } from './inventory-keys.ts';
import { NumberStats, type NumberStatsData } from './number-stats.ts';
import { streamFile } from './stream-file.ts';
import {
  FIELDS_PER_ROW,
  type FileWorkerInput,
  type FileWorkerMessage,
  QUARANTINED_ROW_FIELDS,
  type QuarantineValues,
  encodeDate,
} from './worker-protocol.ts';

const input = workerData as FileWorkerInput;
const port = parentPort!;
const MAX_IN_FLIGHT = 4;
const WIDTH = FIELDS_PER_ROW[input.file];

let credits = MAX_IN_FLIGHT;
let wakeOnCredit: (() => void) | null = null;
port.on('message', () => {
  credits++;
  const wake = wakeOnCredit;
  wakeOnCredit = null;
  wake?.();
});

const products = IdSet.fromData(input.productIds);

let rows = new Float64Array(4096 * WIDTH);
let count = 0;
// Quarantined rows of the batch, flat (QUARANTINED_ROW_FIELDS values per row), pushed whole: a rest parameter
// per add() was an array per quarantined row, and on shape C most rows are. Kept packed (no holes): structured
// clone sends a holey array element by element as properties, which made a pre-sized one slower (BENCHMARKS.md).
let quarantine: Array<QuarantineValues[number]> = [];
/** Quarantined rows that make a batch go out before its BATCH records are read. */
const QUARANTINE_FLUSH_ROWS = 1024;
let names: string[] = [];
const warehouses = new Map<string, number>();
const progress = { rows: 0, bytesRead: 0 };

/** Room for one more packed row; returns its offset. */
function slot(): number {
  if ((count + 1) * WIDTH > rows.length) {
    const grown = new Float64Array(rows.length * 2);
    grown.set(rows);
    rows = grown;
  }
  return count++ * WIDTH;
}

function warehouseIndex(name: string): number {
  let index = warehouses.get(name);
  if (index === undefined) {
    index = warehouses.size;
    warehouses.set(name, index);
    names.push(name);
  }
  return index;
}

// Batches go out one at a time, in order: a flush asked for while another waits for a credit queues behind it
// (the credit's wake-up holds one waiter).
let sending: Promise<void> = Promise.resolve();
/** A flush for a full quarantine is queued and has not taken the rows yet. */
let quarantineFlushQueued = false;

function flush(): Promise<void> {
  sending = sending.then(send);
  return sending;
}

async function send(): Promise<void> {
  if (credits === 0) await new Promise<void>((resolve) => (wakeOnCredit = resolve));
  credits--;
  const message: FileWorkerMessage = {
    type: 'batch',
    rows: rows.subarray(0, count * WIDTH),
    count,
    names,
    quarantine,
    read: progress.rows,
    bytesRead: progress.bytesRead,
  };
  port.postMessage(message, [rows.buffer]);
  rows = new Float64Array(4096 * WIDTH);
  count = 0;
  quarantine = [];
  quarantineFlushQueued = false;
  names = [];
}

const common = {
  loadId: input.loadId,
  quarantine: {
    // The load id and the file name are the reader's own: only the rest travels (QUARANTINED_ROW_FIELDS).
    add: (
      _loadId: number,
      _file: string,
      line: number,
      raw: string,
      reason: string,
      field: string | null,
      message: string,
      bytes: number | null,
      sha256: string | null,
    ) => {
      quarantine.push(line, raw, reason, field, message, bytes, sha256);
      // A heavily quarantined file sends its rows sooner than every BATCH records: each young-generation
      // collection copies the quarantined strings still waiting here, and on shape C they were most of what it copied.
      if (quarantine.length >= QUARANTINE_FLUSH_ROWS * QUARANTINED_ROW_FIELDS && !quarantineFlushQueued) {
        quarantineFlushQueued = true;
        return flush();
      }
      return undefined;
    },
  },
  progress: {
    update: (_file: string, read: number, bytesRead: number) => Object.assign(progress, { rows: read, bytesRead }),
    done: () => {},
  },
  onBatch: () => flush(),
};

const salesContext: VentasContext = {
  numberOptions: input.numberOptions,
  asOf: input.asOf,
  products,
  clientCity: input.clientCity ? IdMap.fromData(input.clientCity) : new IdMap(),
  unknownCityId: input.unknownCityId,
  seen: new IdSet(),
};
const stockContext: InventarioContext = { numberOptions: input.numberOptions, asOf: input.asOf, products, seen: new InventoryKeys() };

// The loaded rows' numeric columns, for the profile (number-stats.ts).
const quantities = new NumberStats();
const prices = new NumberStats();
const stocks = new NumberStats();

const counters =
  input.file === 'ventas'
    ? await streamFile({
        ...common,
        inspection: input.inspection as FileInspection<'ventas'>,
        clean: (get) => cleanVenta(get, salesContext),
        onLoaded: (row, line) => {
          const at = slot();
          rows[at] = row.venta_id;
          rows[at + 1] = encodeDate(row.fecha);
          rows[at + 2] = row.producto_id;
          rows[at + 3] = row.cliente_id;
          rows[at + 4] = row.ciudad_id;
          rows[at + 5] = row.cantidad;
          rows[at + 6] = row.precio_unitario;
          rows[at + 7] = line;
          quantities.add(row.cantidad);
          prices.add(row.precio_unitario);
        },
      })
    : await streamFile({
        ...common,
        inspection: input.inspection as FileInspection<'inventario'>,
        clean: (get) => cleanInventario(get, stockContext),
        onLoaded: (row, line) => {
          const at = slot();
          rows[at] = encodeDate(row.fecha);
          rows[at + 1] = row.producto_id;
          rows[at + 2] = warehouseIndex(row.almacen);
          rows[at + 3] = row.stock;
          rows[at + 4] = line;
          stocks.add(row.stock);
        },
      });
await flush();
const columns: Record<string, NumberStatsData> =
  input.file === 'ventas' ? { cantidad: quantities.toData(), precio_unitario: prices.toData() } : { stock: stocks.toData() };
port.postMessage({ type: 'done', counters: counters.toData(), columns } satisfies FileWorkerMessage);
port.close();
