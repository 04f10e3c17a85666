// Messages between the load and the worker thread that reads, parses and cleans one large file
// (ventas.csv or inventario.csv), and the packed row layouts they share.
import type { CountersData } from './file-counters.ts';
import type { FileInspection } from './file-inspection.ts';
import type { IdMapData } from './id-map.ts';
import type { IdSetData } from './id-set.ts';
import type { NumberStatsData } from './number-stats.ts';
import type { NumberOptions } from './parse-number.ts';
import { QUARANTINE_COLUMNS, type QuarantineValues } from './stream-file.ts';

export type WorkerFile = 'ventas' | 'inventario';

/** Values per sale in a packed batch: venta_id, fecha (yyyymmdd), producto_id, cliente_id, ciudad_id, cantidad, precio_unitario, linea. */
export const SALE_FIELDS = 8;
/** Values per stock row: fecha (yyyymmdd), producto_id, almacen (index into the warehouse names), stock, linea. */
export const STOCK_FIELDS = 5;

/**
 * Values per quarantined row in a batch: linea, contenido, razon, campo, mensaje, contenido_bytes and
 * contenido_sha256. The load id and the file name are not sent per row: on a heavily quarantined file they
 * were two of nine values cloned, collected and compared again a million times for one value each.
 */
export const QUARANTINED_ROW_FIELDS = QUARANTINE_COLUMNS.length - 2;

export const FIELDS_PER_ROW: Record<WorkerFile, number> = { ventas: SALE_FIELDS, inventario: STOCK_FIELDS };

export interface FileWorkerInput {
  file: WorkerFile;
  inspection: FileInspection<'ventas'> | FileInspection<'inventario'>;
  loadId: number;
  asOf: string;
  numberOptions: NumberOptions;
  /** The loaded products, as an IdSet's typed arrays. */
  productIds: IdSetData;
  /** ventas only: the city id of each loaded client (an IdMap's typed arrays), and the id sales of unknown clients get. */
  clientCity: IdMapData | null;
  unknownCityId: number;
}

export type { QuarantineValues };

export type FileWorkerMessage =
  | {
      type: 'batch';
      rows: Float64Array;
      count: number;
      /** Warehouse names first seen in this batch; their indexes follow the ones sent before. */
      names: string[];
      /**
       * Quarantined rows, flat: QUARANTINED_ROW_FIELDS values per row, QUARANTINE_COLUMNS' order without
       * carga_id and archivo (the same for the whole file, added back by the reader). One array of strings and
       * numbers clones and collects far cheaper than an array per row.
       */
      quarantine: Array<QuarantineValues[number]>;
      read: number;
      bytesRead: number;
    }
  | {
      type: 'done';
      counters: CountersData;
      /** Per numeric column of the loaded rows (cantidad and precio_unitario, or stock): what the profile reads. */
      columns: Record<string, NumberStatsData>;
    };

/** `YYYY-MM-DD` as the number yyyymmdd, so dates travel in a Float64Array. */
export function encodeDate(iso: string): number {
  // Char codes, not three substrings and Number() per row: this runs on every loaded row of the large files.
  let packed = 0;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7) packed = packed * 10 + (iso.charCodeAt(i) - 0x30);
  return packed;
}

/** Decodes yyyymmdd, reusing one string per distinct day (a year of sales has at most 366). */
export function dateDecoder(): (packed: number) => string {
  const cache = new Map<number, string>();
  return (packed) => {
    let text = cache.get(packed);
    if (text === undefined) {
      const y = Math.floor(packed / 10000);
      const m = Math.floor(packed / 100) % 100;
      const d = packed % 100;
      text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      cache.set(packed, text);
    }
    return text;
  };
}
