// The load: pre-flight every file, then stream, clean and write all four in one transaction
// that replaces the previous load whole (or leaves it untouched).
// A subpath import: the date-fns index costs 20 MB of RSS, this one function 4 MB.
import { formatISO } from 'date-fns/formatISO';
import { type Kysely, sql } from 'kysely';
import { BatchInserter } from '../db/batch-insert.ts';
import { secondaryIndexes } from '../db/engine.ts';
import { withoutForeignKeyChecks } from '../db/foreign-key-checks.ts';
import { migrationState } from '../db/migration-files.ts';
import type { Database } from '../db/tables.ts';
import type { JsonLog } from '../log/json-log.ts';
import { closeInterruptedRuns } from '../process/interrupted-runs.ts';
import { type ProcessCheck, thisProcess } from '../process/liveness.ts';
import { openRun } from '../process/open-runs.ts';
import { CanonicalNames } from './canonical-names.ts';
import { type CleanCliente, cleanCliente } from './clean-clientes.ts';
import { type CleanProducto, cleanProducto } from './clean-productos.ts';
import { UNKNOWN_CITY } from './codes.ts';
import { InputError, LoadError } from './errors.ts';
import type { FileReport } from './file-counters.ts';
import { FILE_ORDER, type FileKey } from '../data-files.ts';
import { IdSet } from './id-set.ts';
import type { FileInspection } from './file-inspection.ts';
import { inspectAll } from './inspect-file.ts';
import { DEFAULT_NUMBER_OPTIONS, type NumberOptions } from './parse-number.ts';
import type { RecordLimits } from './file-inspection.ts';
import { type ProgressSink, silentProgress } from './progress.ts';
import { guardRowCounts } from './row-count-guard.ts';
import { QUARANTINE_COLUMNS, streamFile } from './stream-file.ts';
import { SalesSummary } from './sales-summary.ts';
import { streamFileInWorker } from './stream-in-worker.ts';
import { SALE_FIELDS, STOCK_FIELDS, dateDecoder } from './worker-protocol.ts';

export interface LoadOptions {
  dataDir: string;
  /** Sales and stock dated after this day are `future_date`; defaults to today (local time). */
  asOf?: string;
  numberOptions?: NumberOptions;
  /** Longest record and how much of an oversized one the quarantine keeps; default 1 MiB and 4 KiB. */
  recordLimits?: RecordLimits;
  progress?: ProgressSink;
  log?: JsonLog;
  clock?: () => Date;
  /** Called after each batch of records is written; a throw rolls the load back (failure injection in tests). */
  onBatch?: (file: FileKey, rowsRead: number) => Promise<void> | void;
  /** This process (recorded as the load's runner) and how to tell whether others died; default the real one. */
  processCheck?: ProcessCheck;
  /**
   * A file loading under this share of the previous successful load's rows is refused (`row_count_drop`)
   * before the commit. Passed in by the callers from the validation config; omitted, nothing is compared.
   */
  minRowShareOfPrevious?: number;
  /** Accept such a drop on purpose (`--allow-drop`). */
  allowDrop?: boolean;
  /**
   * Aborted (SIGTERM, SIGINT): the load stops at its next batch or before its commit, rolls back, and is
   * recorded `interrumpida`. Its reason (an Error) is the recorded message.
   */
  signal?: AbortSignal;
}

export type LoadResult =
  | { status: 'ok'; loadId: number; asOf: string; files: Record<FileKey, FileReport> }
  | { status: 'error'; loadId: number | null; asOf: string; error: ReturnType<InputError['toJSON']> }
  | { status: 'failed'; loadId: number | null; asOf: string; error: { code: string; message: string } }
  | { status: 'interrupted'; loadId: number; asOf: string; error: { code: 'interrupted'; message: string } };

/** Thrown before anything is written when the schema is behind the code. */
export class PendingMigrationsError extends Error {
  readonly code = 'pending_migrations';
  /** `cause`: the migration state that refused the load (which migrations are pending), like the other engine errors. */
  constructor(readonly pending: string[]) {
    super(`the database has pending migrations (${pending.join(', ')}): run \`npm run migrate\` first`, { cause: { pending } });
    this.name = 'PendingMigrationsError';
  }
}

const DATA_TABLES_CHILD_FIRST = ['resumen_ventas', 'cuarentena', 'inventario', 'ventas', 'clientes', 'productos', 'ciudades', 'categorias'] as const;
const BULK_TABLES = ['ventas', 'inventario', 'cuarentena'];

export async function runLoad(db: Kysely<Database>, options: LoadOptions): Promise<LoadResult> {
  const clock = options.clock ?? (() => new Date());
  const asOf = options.asOf ?? formatISO(clock(), { representation: 'date' });
  const state = await migrationState(db);
  if (state.pending.length > 0) throw new PendingMigrationsError(state.pending);

  const runner = options.processCheck ?? thisProcess();
  const interrupted = await closeInterruptedRuns(db, { check: runner, now: clock });
  const { id: loadId } = await db
    .insertInto('cargas')
    .values({ iniciada_en: clock().toISOString(), fecha_corte: asOf, estado: 'en_curso', directorio: options.dataDir, host: runner.host, pid: runner.pid })
    .returning('id')
    .executeTakeFirstOrThrow();
  const closeRun = openRun('carga', loadId);
  const log = options.log?.with({ loadId });
  if (interrupted.loads.length > 0) log?.write('warning', 'closed loads whose process died', { step: 'start', interrupted: interrupted.loads });
  log?.write('info', 'load started', { step: 'start', dataDir: options.dataDir, asOf });

  const fail = async (code: string, message: string, file: string | null, estado: 'error' | 'interrumpida' = 'error') => {
    await db
      .updateTable('cargas')
      .set({ estado, finalizada_en: clock().toISOString(), error_codigo: code, error_archivo: file, error_mensaje: message })
      .where('id', '=', loadId)
      .execute();
  };

  try {
    const inspections = await inspectAll(options.dataDir, options.recordLimits);
    for (const key of FILE_ORDER) {
      const i = inspections[key];
      log?.write('info', 'file inspected', { step: 'inspect', file: i.fileName, encoding: i.encoding, bom: i.bom, delimiter: i.delimiter, bytes: i.sizeBytes, ignoredColumns: i.ignoredColumns });
    }
    const { signal } = options;
    // The abort is seen after each batch (a throw there rolls back, and stops the ventas worker) and at the commit.
    const onBatch = async (file: FileKey, rowsRead: number) => {
      signal?.throwIfAborted();
      await options.onBatch?.(file, rowsRead);
    };
    signal?.throwIfAborted();
    const started = performance.now();
    const files = await withoutForeignKeyChecks(db, () => db.transaction().execute(async (trx) => {
      const files = await writeLoad(trx, loadId, inspections, { ...options, onBatch, asOf, numberOptions: options.numberOptions ?? DEFAULT_NUMBER_OPTIONS, log, clock });
      // The counts are known only now; a throw here still rolls everything back.
      if (options.minRowShareOfPrevious !== undefined) {
        await guardRowCounts(trx, loadId, files, { minShareOfPrevious: options.minRowShareOfPrevious, allowDrop: options.allowDrop ?? false });
      }
      signal?.throwIfAborted();
      return files;
    }));
    for (const key of FILE_ORDER) log?.write('info', 'file loaded', { step: 'file', file: key, ...files[key] });
    log?.write('info', 'load committed', { step: 'commit', ms: Math.round(performance.now() - started) });
    return { status: 'ok', loadId, asOf, files };
  } catch (err) {
    if (options.signal?.aborted) {
      const reason: unknown = options.signal.reason;
      const message = `stopped: ${reason instanceof Error ? reason.message : String(reason)}; rolled back, the previous load is kept`;
      await fail('interrupted', message, null, 'interrumpida');
      log?.write('warning', 'load interrupted and rolled back', { step: 'error', error: message });
      return { status: 'interrupted', loadId, asOf, error: { code: 'interrupted', message } };
    }
    if (err instanceof InputError) {
      await fail(err.code, err.message, err.file);
      log?.write('error', 'load refused: bad input', { step: 'error', error: err.toJSON() });
      return { status: 'error', loadId, asOf, error: err.toJSON() };
    }
    const message = err instanceof Error ? err.message : String(err);
    await fail('load_failed', message, null);
    log?.write('error', 'load failed and was rolled back', { step: 'error', error: message, stack: err instanceof Error ? err.stack : undefined });
    return { status: 'failed', loadId, asOf, error: { code: 'load_failed', message } };
  } finally {
    closeRun();
  }
}

interface WriteOptions {
  asOf: string;
  numberOptions: NumberOptions;
  progress?: ProgressSink;
  log?: JsonLog;
  clock: () => Date;
  onBatch?: LoadOptions['onBatch'];
}

async function writeLoad(
  trx: Kysely<Database>,
  loadId: number,
  inspections: { [K in FileKey]: FileInspection<K> },
  options: WriteOptions,
): Promise<Record<FileKey, FileReport>> {
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const result = await work();
      options.log?.write('debug', 'step done', { step: name, ms: Math.round(performance.now() - started), rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) });
      return result;
    } catch (cause) {
      if (cause instanceof InputError || cause instanceof LoadError) throw cause;
      throw new LoadError(`${name}: ${cause instanceof Error ? cause.message : String(cause)}`, name, { cause });
    }
  };
  const progress = options.progress ?? silentProgress;
  const quarantine = new BatchInserter(trx, 'cuarentena', QUARANTINE_COLUMNS);
  const common = { loadId, quarantine, progress, onBatch: options.onBatch };

  await step('clear previous load', async () => {
    for (const table of DATA_TABLES_CHILD_FIRST) await trx.deleteFrom(table).execute();
  });
  // Indexes are dropped for the bulk insert and rebuilt once at the end: far cheaper than row by row.
  const indexes = await step('drop indexes', async () => {
    const found = await secondaryIndexes(trx, BULK_TABLES);
    for (const index of found) await trx.schema.dropIndex(index.name).execute();
    return found;
  });

  // productos: small, held in memory until category spellings are resolved.
  const products: Array<{ row: CleanProducto; line: number }> = [];
  // The ids productos claims are exactly the loaded products that sales and stock must reference.
  const productIds = new IdSet();
  const productos = await step('productos', () =>
    streamFile({
      ...common,
      inspection: inspections.productos,
      clean: (get) => cleanProducto(get, { numberOptions: options.numberOptions, seen: productIds }),
      onLoaded: (row, line) => void products.push({ row, line }),
    }),
  );
  const categories = new CanonicalNames();
  for (const { row } of products) categories.add(row.categoriaKey, row.categoria);
  const categoryIds = categories.resolve();
  await step('write productos', async () => {
    const cats = new BatchInserter(trx, 'categorias', ['id', 'nombre', 'carga_id']);
    for (const c of categoryIds.values()) await cats.add(c.id, c.name, loadId);
    await cats.flush();
    const rows = new BatchInserter(trx, 'productos', ['producto_id', 'nombre', 'categoria_id', 'precio', 'carga_id', 'linea']);
    for (const { row, line } of products) {
      await rows.add(row.producto_id, row.nombre, categoryIds.get(row.categoriaKey)!.id, row.precio, loadId, line);
    }
    await rows.flush();
  });

  // clientes: likewise, until city spellings are resolved.
  const clients: Array<{ row: CleanCliente; line: number }> = [];
  const clientIds = new IdSet();
  const clientes = await step('clientes', () =>
    streamFile({
      ...common,
      inspection: inspections.clientes,
      clean: (get) => cleanCliente(get, { seen: clientIds }),
      onLoaded: (row, line) => void clients.push({ row, line }),
    }),
  );
  const cities = new CanonicalNames();
  for (const { row } of clients) cities.add(row.ciudadKey, row.ciudad);
  const cityIds = cities.resolve();
  const unknownCityId = cityIds.size + 1;
  const clientCity = new Map<number, number>();
  await step('write clientes', async () => {
    const rows = new BatchInserter(trx, 'ciudades', ['id', 'nombre', 'carga_id']);
    for (const c of cityIds.values()) await rows.add(c.id, c.name, loadId);
    await rows.flush();
    const clientRows = new BatchInserter(trx, 'clientes', ['cliente_id', 'nombre', 'email', 'ciudad_id', 'fecha_registro', 'carga_id', 'linea']);
    for (const { row, line } of clients) {
      const cityId = cityIds.get(row.ciudadKey)!.id;
      clientCity.set(row.cliente_id, cityId);
      await clientRows.add(row.cliente_id, row.nombre, row.email, cityId, row.fecha_registro, loadId, line);
    }
    await clientRows.flush();
  });

  // Sent to both workers: the loaded products that sales and stock rows must reference.
  const loadedProductIds = products.map((p) => p.row.producto_id);
  // ventas: parsed and cleaned in a worker thread while this thread writes, so the two cores overlap.
  const salesRows = new BatchInserter(trx, 'ventas', ['venta_id', 'fecha', 'producto_id', 'cliente_id', 'ciudad_id', 'cantidad', 'precio_unitario', 'carga_id', 'linea']);
  const decodeDate = dateDecoder();
  const summary = new SalesSummary();
  let unknownCityWritten = false;
  const ventas = await step('ventas', () =>
    streamFileInWorker({
      input: {
        file: 'ventas',
        inspection: inspections.ventas,
        loadId,
        asOf: options.asOf,
        numberOptions: options.numberOptions,
        productIds: loadedProductIds,
        clientCity: [...clientCity],
        unknownCityId,
      },
      onRows: async (rows, count) => {
        for (let at = 0; at < count * SALE_FIELDS; at += SALE_FIELDS) {
          const cityId = rows[at + 4]!;
          if (cityId === unknownCityId && !unknownCityWritten) {
            unknownCityWritten = true;
            await trx.insertInto('ciudades').values({ id: unknownCityId, nombre: UNKNOWN_CITY, carga_id: loadId }).execute();
          }
          summary.add(rows[at + 2]!, cityId, rows[at + 1]!, rows[at + 5]!, rows[at + 6]!);
          const pending = salesRows.add(rows[at], decodeDate(rows[at + 1]!), rows[at + 2], rows[at + 3], cityId, rows[at + 5], rows[at + 6], loadId, rows[at + 7]);
          if (pending) await pending;
        }
      },
      quarantine,
      progress,
      onBatch: options.onBatch,
    }),
  );
  await step('write ventas', () => salesRows.flush());
  await step('write summaries', async () => {
    const categoryOfProduct = new Map(products.map((p) => [p.row.producto_id, categoryIds.get(p.row.categoriaKey)!.id]));
    const cityList = [...cityIds.values()].map((c) => ({ id: c.id, name: c.name }));
    if (unknownCityWritten) cityList.push({ id: unknownCityId, name: UNKNOWN_CITY });
    const rows = summary.rows(
      categoryOfProduct,
      [...categoryIds.values()].map((c) => ({ id: c.id, name: c.name })),
      cityList,
    );
    const out = new BatchInserter(trx, 'resumen_ventas', ['carga_id', 'dimension', 'clave', 'orden', 'unidades', 'ingresos', 'ventas']);
    for (const r of rows) await out.add(loadId, r.dimension, r.clave, r.orden, r.unidades, r.ingresos, r.ventas);
    await out.flush();
  });

  // inventario: in a worker too; it can be as large as ventas (a stock snapshot per day, product and warehouse).
  const stockRows = new BatchInserter(trx, 'inventario', ['fecha', 'producto_id', 'almacen', 'stock', 'carga_id', 'linea']);
  const inventario = await step('inventario', () =>
    streamFileInWorker({
      input: {
        file: 'inventario',
        inspection: inspections.inventario,
        loadId,
        asOf: options.asOf,
        numberOptions: options.numberOptions,
        productIds: loadedProductIds,
        clientCity: [],
        unknownCityId,
      },
      onRows: async (rows, count, names) => {
        for (let at = 0; at < count * STOCK_FIELDS; at += STOCK_FIELDS) {
          const pending = stockRows.add(decodeDate(rows[at]!), rows[at + 1], names[rows[at + 2]!], rows[at + 3], loadId, rows[at + 4]);
          if (pending) await pending;
        }
      },
      quarantine,
      progress,
      onBatch: options.onBatch,
    }),
  );
  await step('write inventario', () => stockRows.flush());
  await step('write quarantine', () => quarantine.flush());

  await step('rebuild indexes', async () => {
    for (const index of indexes) await sql.raw(index.createSql).execute(trx);
  });

  const counters = { productos, clientes, ventas, inventario };
  const files: Record<FileKey, FileReport> = {
    productos: productos.report(inspections.productos.ignoredColumns),
    clientes: clientes.report(inspections.clientes.ignoredColumns),
    ventas: ventas.report(inspections.ventas.ignoredColumns),
    inventario: inventario.report(inspections.inventario.ignoredColumns),
  };
  await step('record load', async () => {
    for (const key of FILE_ORDER) {
      const r = files[key];
      const i = inspections[key];
      await trx
        .insertInto('carga_archivos')
        .values({
          carga_id: loadId,
          archivo: key,
          leidas: r.read,
          cargadas: r.loaded,
          en_cuarentena: r.quarantined,
          razones: JSON.stringify(r.reasons),
          hallazgos: JSON.stringify(r.findings),
          columnas_ignoradas: JSON.stringify(r.ignoredColumns ?? []),
          codificacion: i.encoding + (i.bom ? ' (BOM)' : ''),
          delimitador: i.delimiter,
          // What a quarantined row's values are rebuilt with when it is read (replay-rejection.ts).
          posiciones: JSON.stringify(i.positions),
          separador_suelto: options.numberOptions.loneSeparator,
        })
        .execute();
    }
    const tallies = new BatchInserter(trx, 'cuarentena_resumen', ['carga_id', 'archivo', 'razon', 'filas', 'unidades', 'ingresos', 'productos', 'productos_distintos']);
    for (const key of FILE_ORDER) {
      for (const [reason, t] of Object.entries(counters[key].tallies())) {
        await tallies.add(loadId, inspections[key].fileName, reason, t.rows, t.units, t.revenue, t.productIds && JSON.stringify(t.productIds), t.distinctProducts);
      }
    }
    await tallies.flush();
    await trx.updateTable('cargas').set({ estado: 'ok', finalizada_en: options.clock().toISOString() }).where('id', '=', loadId).execute();
  });
  return files;
}
