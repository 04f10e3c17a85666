// Messages between the load and the ventas worker thread, and the packed row layout they share.
import type { CountersData } from './file-counters.ts';
import type { FileInspection } from './inspect-file.ts';
import type { NumberOptions } from './parse-number.ts';
import type { QuarantineValues } from './stream-file.ts';

/** Values per sale in a packed batch: venta_id, fecha (yyyymmdd), producto_id, cliente_id, ciudad_id, cantidad, precio_unitario, linea. */
export const SALE_FIELDS = 8;

export interface VentasWorkerInput {
  inspection: FileInspection<'ventas'>;
  loadId: number;
  asOf: string;
  numberOptions: NumberOptions;
  productIds: number[];
  clientCity: Array<[number, number]>;
  unknownCityId: number;
}

export type { QuarantineValues };

export type VentasWorkerMessage =
  | { type: 'batch'; rows: Float64Array; count: number; quarantine: QuarantineValues[]; read: number; bytesRead: number }
  | { type: 'done'; counters: CountersData };

/** `YYYY-MM-DD` as the number yyyymmdd, so dates travel in a Float64Array. */
export function encodeDate(iso: string): number {
  return Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));
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
