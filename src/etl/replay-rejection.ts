// Rebuilds a quarantined row's parsed values from its raw line. The quarantine stores the raw line and
// its reason, not the values: they were a third of a quarantined row's bytes, written once per dirty row
// (a million times on a heavily quarantined export) and read only when someone looks at a row. Replaying
// the file's cleaner on the line, with lookups that answer so as to reproduce the stored reason, gives back
// exactly the values the load saw: a pure function of the line, the column positions and the number rule.
import { cleanCliente } from './clean-clientes.ts';
import { cleanInventario } from './clean-inventario.ts';
import { cleanProducto } from './clean-productos.ts';
import { cleanVenta } from './clean-ventas.ts';
import { CsvSplitter } from './csv-splitter.ts';
import { type FileKey, fileKeyOf } from '../data-files.ts';
import type { IdLookup } from './id-set.ts';
import type { LoneSeparator } from './parse-number.ts';
import type { RowOutcome } from './row-outcome.ts';

export interface ReplayInput {
  file: FileKey;
  /** The quarantined row's raw text, as stored (`contenido`). */
  raw: string;
  /** Its stored reason: the replay answers "already seen" and "unknown product" so as to reach it. */
  reason: string;
  delimiter: string;
  /** Column -> 0-based position in the file's header, as the load read it. */
  positions: Readonly<Record<string, number>>;
  loneSeparator: LoneSeparator;
}

/** Answers every question the same way and remembers nothing. */
function constantLookup(answer: boolean): IdLookup {
  return { has: () => answer, add: () => {} };
}

/** The one record in a stored raw line (which may span lines inside quotes); null if it does not split. */
function splitOne(raw: string, delimiter: string): string[] | null {
  let fields: string[] | null = null;
  let records = 0;
  const splitter = new CsvSplitter({ delimiter, maxRecordChars: raw.length + 1, keptPrefixBytes: 0 }, (r) => {
    records++;
    fields = r.fields;
  });
  splitter.push(raw);
  splitter.end();
  return records === 1 ? fields : null;
}

/**
 * The parsed values the load kept in mind when it quarantined this row, or null when the row was
 * rejected before every field parsed (a missing, invalid or malformed field), or cannot be replayed.
 */
export function replayValues(input: ReplayInput): Record<string, unknown> | null {
  const fields = splitOne(input.raw, input.delimiter);
  if (fields === null) return null;
  const get = (column: string): string => {
    const at = input.positions[column];
    return at === undefined ? '' : (fields![at] ?? '');
  };
  const seen = constantLookup(input.reason === 'duplicate_id');
  // Every product is known unless the stored reason says it was not; the other checks come first.
  const products = constantLookup(input.reason !== 'unknown_product');
  const numberOptions = { loneSeparator: input.loneSeparator };
  let outcome: RowOutcome<unknown>;
  switch (input.file) {
    case 'productos':
      outcome = cleanProducto(get, { numberOptions, seen });
      break;
    case 'clientes':
      outcome = cleanCliente(get, { seen });
      break;
    case 'ventas':
      outcome = cleanVenta(get, { numberOptions, asOf: '9999-12-31', products, clientCity: new Map(), unknownCityId: 0, seen });
      break;
    case 'inventario':
      outcome = cleanInventario(get, {
        numberOptions,
        asOf: '9999-12-31',
        products,
        seen: { claim: () => input.reason !== 'duplicate_id' },
      });
      break;
  }
  if (outcome.ok || outcome.reason !== input.reason || outcome.values === undefined) return null;
  return outcome.values as Record<string, unknown>;
}

/** A quarantine row as stored, and how its load read its file (carga_archivos), in the tables' own names. */
export interface StoredQuarantineRow {
  archivo: string;
  contenido: string;
  razon: string;
  valores: string | null;
  contenido_bytes: number | null;
}
export interface StoredFileReading {
  delimitador: string;
  posiciones: string | null;
  separador_suelto: string | null;
}

/**
 * A stored quarantine row's parsed values: as stored by loads before migration 0010, else replayed.
 * Null for rows rejected before every field parsed, cut records, and loads that recorded no positions.
 */
export function quarantinedRowValues(
  row: StoredQuarantineRow,
  reading: StoredFileReading | null | undefined,
): Record<string, unknown> | null {
  if (row.valores !== null) return JSON.parse(row.valores) as Record<string, unknown>;
  const file = fileKeyOf(row.archivo);
  if (file === null || row.contenido_bytes !== null || reading?.posiciones == null || reading.separador_suelto == null) return null;
  return replayValues({
    file,
    raw: row.contenido,
    reason: row.razon,
    delimiter: reading.delimitador,
    positions: JSON.parse(reading.posiciones) as Record<string, number>,
    loneSeparator: reading.separador_suelto as LoneSeparator,
  });
}
