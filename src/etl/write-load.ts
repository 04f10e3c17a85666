// The inside of the load transaction, in named steps: clear the previous load, drop the bulk indexes, load
// productos and clientes (held until their spellings resolve), stream ventas and inventario through worker
// threads, write the summaries and the quarantine, rebuild the indexes, record the load. On PostgreSQL the
// bulk tables are built beside the live ones and swapped in as the last step (db/table-swap.ts). Each step
// is logged with its duration and RSS, and a failure names the step it happened in.
import { type Kysely, sql } from 'kysely';
import { FILE_ORDER, type FileKey } from '../data-files.ts';
import { BatchInserter } from '../db/batch-insert.ts';
import { type BulkWriter, bulkWriter } from '../db/copy-writer.ts';
import {
  type ConstraintDefinition,
  type IndexDefinition,
  engineOf,
  foreignKeyConstraints,
  foreignKeyViolations,
  maySkipTriggers,
  prepareIndexBuild,
  secondaryIndexes,
  setTriggers,
} from '../db/engine.ts';
import { type StagedTables, stageTables } from '../db/table-swap.ts';
import type { Database } from '../db/tables.ts';
import type { JsonLog } from '../log/json-log.ts';
import { CanonicalNames } from './canonical-names.ts';
import { cleanCliente } from './clean-clientes.ts';
import { cleanProducto } from './clean-productos.ts';
import { UNKNOWN_CITY } from './codes.ts';
import { InputError, LoadError } from './errors.ts';
import type { FileCounters, FileReport } from './file-counters.ts';
import type { FileInspection } from './file-inspection.ts';
import { IdMap } from './id-map.ts';
import { IdSet, type IdSetData } from './id-set.ts';
import type { NumberOptions } from './parse-number.ts';
import { type ProgressSink, silentProgress } from './progress.ts';
import { SalesSummary } from './sales-summary.ts';
import { StockSummary } from './stock-summary.ts';
import { QUARANTINE_COLUMNS, streamFile } from './stream-file.ts';
import type { NumberStatsData } from './number-stats.ts';
import { streamFileInWorker } from './stream-in-worker.ts';
import { SALE_FIELDS, STOCK_FIELDS, dateDecoder } from './worker-protocol.ts';

export interface WriteOptions {
  asOf: string;
  numberOptions: NumberOptions;
  progress?: ProgressSink;
  log?: JsonLog;
  clock: () => Date;
  /** Called after each batch of records; a throw rolls the load back. */
  onBatch?: (file: FileKey, rowsRead: number) => Promise<void> | void;
}

const DATA_TABLES_CHILD_FIRST = [
  'resumen_ventas',
  'resumen_inventario',
  'resumen_columnas',
  'cuarentena',
  'inventario',
  'ventas',
  'clientes',
  'productos',
  'ciudades',
  'categorias',
] as const;
const BULK_TABLES = ['ventas', 'inventario', 'cuarentena'] as const;

/** What every step shares: the transaction, the load, the files as inspected, and the readers' sinks (one quarantine writer). */
interface Writer {
  trx: Kysely<Database>;
  loadId: number;
  inspections: { [K in FileKey]: FileInspection<K> };
  options: WriteOptions;
  /** What every file's reader reports to: the quarantine, the progress display, the per-batch hook. */
  sinks: { quarantine: BulkWriter; progress: ProgressSink; onBatch: WriteOptions['onBatch'] };
  /** PostgreSQL: the bulk tables being built beside the live ones (db/table-swap.ts); null on SQLite. */
  staged: StagedTables | null;
  step: <T>(name: string, work: () => Promise<T>) => Promise<T>;
}

interface LoadedProducts {
  counters: FileCounters;
  /** The loaded products, which sales and stock rows must reference. */
  ids: IdSet;
  /** Category id of each loaded product. */
  categoryOf: IdMap;
  categories: CanonicalNames;
}

interface LoadedClients {
  counters: FileCounters;
  cities: CanonicalNames;
  /** City id of each loaded client. */
  clientCity: IdMap;
  /** The id sales of unknown clients get (`ciudad_desconocida`), written only if one occurs. */
  unknownCityId: number;
}

export async function writeLoad(
  trx: Kysely<Database>,
  loadId: number,
  inspections: { [K in FileKey]: FileInspection<K> },
  options: WriteOptions,
): Promise<Record<FileKey, FileReport>> {
  const progress = options.progress ?? silentProgress;
  // PostgreSQL builds the bulk tables beside the live ones and swaps them in last (db/table-swap.ts); their
  // keys and indexes are read before anything below suspends one. SQLite clears and fills them in place.
  const staged =
    engineOf(trx) === 'postgres' ? await timedStep(options.log, 'stage bulk tables', () => stageTables(trx, BULK_TABLES)) : null;
  const quarantine = await bulkWriter(trx, 'cuarentena', QUARANTINE_COLUMNS, {
    staging: staged?.staging('cuarentena'),
    repeated: ['carga_id', 'archivo'],
  });
  const w: Writer = {
    trx,
    loadId,
    inspections,
    options,
    sinks: { quarantine, progress, onBatch: options.onBatch },
    staged,
    step: (name, work) => timedStep(options.log, name, work),
  };
  // PostgreSQL checks foreign keys row by row through triggers (most of a COPY's cost): switched off for
  // the transaction where the session may, else the keys that do not lock `cargas` are dropped and added
  // back; either way every key is checked in one set-based pass before the commit. SQLite has its checks off.
  // Before the clearing: the previous sales still reference the products it deletes until the swap drops them.
  const foreignKeys = await w.step('suspend foreign keys', () => suspendForeignKeys(w));
  await w.step('clear previous load', () => clearPreviousLoad(w));
  // Indexes are dropped for the bulk insert and rebuilt once at the end: far cheaper than row by row.
  const indexes = await w.step('drop indexes', () => dropBulkIndexes(w));
  const products = await loadProducts(w);
  const clients = await loadClients(w);
  // Sent to both workers: the loaded products that sales and stock rows must reference.
  const productIds = products.ids.toData();
  const ventas = await loadSales(w, productIds, clients);
  await w.step('write summaries', () => writeSummaries(w, products, clients, ventas.summary, ventas.unknownCityWritten));
  const inventario = await loadStock(w, productIds, clients.unknownCityId);
  await w.step('write quarantine', () => w.sinks.quarantine.flush());
  await w.step('rebuild indexes', async () => {
    await prepareIndexBuild(trx);
    for (const index of indexes) await sql.raw(index.createSql).execute(trx);
    await staged?.build(trx);
  });
  if (foreignKeys !== null) await w.step('restore foreign keys', () => restoreForeignKeys(w, foreignKeys));
  // PostgreSQL plans the first queries after a load from statistics autovacuum has not gathered yet: with a
  // guess of 580 clients for 20, the unknown-client sample read all 1M sales instead of 200 (BENCHMARKS.md).
  // The bulk tables built beside get theirs there (db/table-swap.ts); the small tables take milliseconds each,
  // and a bulk table filled in place (its swap blocked) is analyzed here as the built ones are.
  if (staged) await w.step('analyze in-place tables', () => analyzeInPlace(w));
  const counters: Record<FileKey, FileCounters> = {
    productos: products.counters,
    clientes: clients.counters,
    ventas: ventas.counters,
    inventario,
  };
  const files = Object.fromEntries(FILE_ORDER.map((key) => [key, counters[key].report(inspections[key].ignoredColumns)])) as Record<
    FileKey,
    FileReport
  >;
  await w.step('record load', () => recordLoad(w, files, counters));
  // Last: from here to the commit, readers of these tables and of those their keys reference wait.
  if (staged) await w.step('swap in bulk tables', () => staged.swap(trx));
  return files;
}

/** PostgreSQL: fresh planner statistics for the tables a load refills that are not built beside the live ones. */
async function analyzeInPlace(w: Writer): Promise<void> {
  for (const table of inPlace(w, DATA_TABLES_CHILD_FIRST)) await sql`analyze ${sql.table(table)}`.execute(w.trx);
}

/** Runs one step: logs its duration and RSS, and wraps an unexpected failure with the step's name. */
async function timedStep<T>(log: JsonLog | undefined, name: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    log?.write('debug', 'step done', {
      step: name,
      ms: Math.round(performance.now() - started),
      rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20),
    });
    return result;
  } catch (cause) {
    if (cause instanceof InputError || cause instanceof LoadError) throw cause;
    throw new LoadError(`${name}: ${cause instanceof Error ? cause.message : String(cause)}`, name, { cause });
  }
}

/** The tables a load fills in place: all of them on SQLite; on PostgreSQL those not built beside (staged). */
const inPlace = <T extends string>(w: Writer, tables: readonly T[]): T[] => tables.filter((t) => w.staged?.staging(t) === undefined);

async function clearPreviousLoad(w: Writer): Promise<void> {
  for (const table of inPlace(w, DATA_TABLES_CHILD_FIRST)) await w.trx.deleteFrom(table).execute();
}

async function dropBulkIndexes(w: Writer): Promise<IndexDefinition[]> {
  const tables = inPlace(w, BULK_TABLES);
  if (tables.length === 0) return [];
  const found = await secondaryIndexes(w.trx, tables);
  for (const index of found) await w.trx.schema.dropIndex(index.name).execute();
  return found;
}

// Dropping a foreign key locks the table it references against reads until the commit. `cargas` is read
// by /health and every API request's load check, so its keys stay (one lookup per row) on the path that
// drops keys; products and cities are replaced by the load itself.
const KEYS_KEPT_DURING_LOAD = { referencing: ['cargas'] };

/** What the restore step undoes: triggers switched off, or keys dropped; null on SQLite (nothing to undo). */
type SuspendedKeys = { triggersOff: true } | { triggersOff: false; dropped: ConstraintDefinition[] };

async function suspendForeignKeys(w: Writer): Promise<SuspendedKeys | null> {
  if (engineOf(w.trx) !== 'postgres') return null;
  if (await maySkipTriggers(w.trx)) {
    await setTriggers(w.trx, false);
    return { triggersOff: true };
  }
  const dropped = await foreignKeyConstraints(w.trx, BULK_TABLES, { except: KEYS_KEPT_DURING_LOAD });
  for (const key of dropped) await w.trx.schema.alterTable(key.table).dropConstraint(key.name).execute();
  return { triggersOff: false, dropped };
}

async function restoreForeignKeys(w: Writer, suspended: SuspendedKeys): Promise<void> {
  // A staged table got its keys when it was built (and they were checked then); its old one is dropped.
  const tables = inPlace(w, BULK_TABLES);
  if (!suspended.triggersOff) {
    // Adding a key back checks every row; a violation fails the statement and so the load.
    for (const key of suspended.dropped) if ((tables as readonly string[]).includes(key.table)) await sql.raw(key.createSql).execute(w.trx);
    return;
  }
  await setTriggers(w.trx, true);
  if (tables.length === 0) return;
  const broken = (await foreignKeyViolations(w.trx, tables)).filter((k) => k.rows > 0);
  if (broken.length > 0)
    throw new Error(
      `foreign keys broken by the load: ${broken.map((k) => `${k.rows} ${k.table}.${k.column} rows without ${k.references}`).join('; ')}`,
    );
}

/**
 * productos: written as the file streams, each product with its category's id, fixed at the category's
 * first appearance; a category whose most frequent spelling differs from its first is renamed after.
 * Nothing per row is held, so a catalogue of millions costs only its id sets.
 */
async function loadProducts(w: Writer): Promise<LoadedProducts> {
  // The ids productos claims are exactly the loaded products that sales and stock must reference.
  const seen = new IdSet();
  const categoryOf = new IdMap();
  const categories = new CanonicalNames();
  const categoryRows = new BatchInserter(w.trx, 'categorias', ['id', 'nombre', 'carga_id']);
  const out = new BatchInserter(w.trx, 'productos', ['producto_id', 'nombre', 'categoria_id', 'precio', 'carga_id', 'linea'], {
    parent: categoryRows,
  });
  const counters = await w.step('productos', async () => {
    const counters = await streamFile({
      loadId: w.loadId,
      ...w.sinks,
      inspection: w.inspections.productos,
      clean: (get) => cleanProducto(get, { numberOptions: w.options.numberOptions, seen }),
      onLoaded: (row, line) => {
        // Ids are given in order of first appearance: a new key's id is past every id given before.
        const known = categories.size;
        const categoryId = categories.add(row.categoriaKey, row.categoria);
        const isNew = categoryId > known;
        categoryOf.set(row.producto_id, categoryId);
        const write = () => out.add(row.producto_id, row.nombre, categoryId, row.precio, w.loadId, line);
        const pending = isNew ? categoryRows.add(categoryId, row.categoria, w.loadId) : undefined;
        return pending ? pending.then(write) : write();
      },
    });
    await out.flush();
    await categoryRows.flush();
    await rename(w, 'categorias', categories);
    return counters;
  });
  return { counters, ids: seen, categoryOf, categories };
}

/** clientes: likewise, each client with its city's id; the city of each client is kept for the sales. */
async function loadClients(w: Writer): Promise<LoadedClients> {
  const seen = new IdSet();
  const clientCity = new IdMap();
  const cities = new CanonicalNames();
  const cityRows = new BatchInserter(w.trx, 'ciudades', ['id', 'nombre', 'carga_id']);
  const out = new BatchInserter(w.trx, 'clientes', ['cliente_id', 'nombre', 'email', 'ciudad_id', 'fecha_registro', 'carga_id', 'linea'], {
    parent: cityRows,
  });
  const counters = await w.step('clientes', async () => {
    const counters = await streamFile({
      loadId: w.loadId,
      ...w.sinks,
      inspection: w.inspections.clientes,
      clean: (get) => cleanCliente(get, { seen }),
      onLoaded: (row, line) => {
        const known = cities.size;
        const cityId = cities.add(row.ciudadKey, row.ciudad);
        const isNew = cityId > known;
        clientCity.set(row.cliente_id, cityId);
        // The cities' batch is flushed before each clients' batch, which may reference it (`parent`).
        const write = () => out.add(row.cliente_id, row.nombre, row.email, cityId, row.fecha_registro, w.loadId, line);
        const pending = isNew ? cityRows.add(cityId, row.ciudad, w.loadId) : undefined;
        return pending ? pending.then(write) : write();
      },
    });
    await out.flush();
    await cityRows.flush();
    await rename(w, 'ciudades', cities);
    return counters;
  });
  return { counters, cities, clientCity, unknownCityId: cities.size + 1 };
}

/** Gives each category or city written under its first spelling its most frequent one. */
async function rename(w: Writer, table: 'categorias' | 'ciudades', names: CanonicalNames): Promise<void> {
  for (const { id, name } of names.renamed()) await w.trx.updateTable(table).set({ nombre: name }).where('id', '=', id).execute();
}

/** ventas: parsed and cleaned in a worker thread while this thread writes, so the two cores overlap. */
async function loadSales(
  w: Writer,
  productIds: IdSetData,
  clients: LoadedClients,
): Promise<{ counters: FileCounters; summary: SalesSummary; unknownCityWritten: boolean }> {
  const { unknownCityId } = clients;
  const out = await bulkWriter(
    w.trx,
    'ventas',
    ['venta_id', 'fecha', 'producto_id', 'cliente_id', 'ciudad_id', 'cantidad', 'precio_unitario', 'carga_id', 'linea'],
    { staging: w.staged?.staging('ventas'), repeated: ['carga_id'] },
  );
  const decodeDate = dateDecoder();
  const summary = new SalesSummary();
  let unknownCityWritten = false;
  const { counters, columns } = await w.step('ventas', () =>
    streamFileInWorker({
      input: {
        file: 'ventas',
        inspection: w.inspections.ventas,
        loadId: w.loadId,
        asOf: w.options.asOf,
        numberOptions: w.options.numberOptions,
        productIds,
        clientCity: clients.clientCity.toData(),
        unknownCityId,
      },
      onRows: async (rows, count) => {
        for (let at = 0; at < count * SALE_FIELDS; at += SALE_FIELDS) {
          const cityId = rows[at + 4]!;
          if (cityId === unknownCityId && !unknownCityWritten) {
            unknownCityWritten = true;
            await w.trx.insertInto('ciudades').values({ id: unknownCityId, nombre: UNKNOWN_CITY, carga_id: w.loadId }).execute();
          }
          summary.add(rows[at + 2]!, cityId, rows[at + 3]!, rows[at + 1]!, rows[at + 5]!, rows[at + 6]!);
          const pending = out.add(
            rows[at],
            decodeDate(rows[at + 1]!),
            rows[at + 2],
            rows[at + 3],
            cityId,
            rows[at + 5],
            rows[at + 6],
            w.loadId,
            rows[at + 7],
          );
          if (pending) await pending;
        }
      },
      ...w.sinks,
    }),
  );
  await w.step('write ventas', () => out.flush());
  await writeColumnSummaries(w, 'ventas', columns);
  return { counters, summary, unknownCityWritten };
}

/** The per-category, per-city and per-month summaries, from what the sales stream added up. */
async function writeSummaries(
  w: Writer,
  products: LoadedProducts,
  clients: LoadedClients,
  summary: SalesSummary,
  unknownCityWritten: boolean,
): Promise<void> {
  // Generators all the way: a column of a million distinct cities is never a million objects at once.
  function* cityList() {
    yield* clients.cities.names();
    if (unknownCityWritten) yield { id: clients.unknownCityId, name: UNKNOWN_CITY };
  }
  const rows = summary.rows(products.categoryOf, products.categories.names(), cityList());
  const out = new BatchInserter(w.trx, 'resumen_ventas', ['carga_id', 'dimension', 'clave', 'orden', 'unidades', 'ingresos', 'ventas']);
  for (const r of rows) await out.add(w.loadId, r.dimension, r.clave, r.orden, r.unidades, r.ingresos, r.ventas);
  await out.flush();
}

/** inventario: in a worker too; it can be as large as ventas (a stock snapshot per day, product and warehouse). */
async function loadStock(w: Writer, productIds: IdSetData, unknownCityId: number): Promise<FileCounters> {
  const out = await bulkWriter(w.trx, 'inventario', ['fecha', 'producto_id', 'almacen', 'stock', 'carga_id', 'linea'], {
    staging: w.staged?.staging('inventario'),
    repeated: ['carga_id'],
  });
  const decodeDate = dateDecoder();
  const summary = new StockSummary();
  let warehouses: readonly string[] = [];
  const { counters, columns } = await w.step('inventario', () =>
    streamFileInWorker({
      input: {
        file: 'inventario',
        inspection: w.inspections.inventario,
        loadId: w.loadId,
        asOf: w.options.asOf,
        numberOptions: w.options.numberOptions,
        productIds,
        clientCity: null,
        unknownCityId,
      },
      onRows: async (rows, count, names) => {
        warehouses = names;
        for (let at = 0; at < count * STOCK_FIELDS; at += STOCK_FIELDS) {
          summary.add(rows[at + 2]!, rows[at]!);
          const pending = out.add(decodeDate(rows[at]!), rows[at + 1], names[rows[at + 2]!], rows[at + 3], w.loadId, rows[at + 4]);
          if (pending) await pending;
        }
      },
      ...w.sinks,
    }),
  );
  await w.step('write inventario', () => out.flush());
  await w.step('write stock summary', async () => {
    const rows = new BatchInserter(w.trx, 'resumen_inventario', ['carga_id', 'almacen', 'filas', 'desde', 'hasta']);
    for (const r of summary.summary(warehouses)) await rows.add(w.loadId, r.almacen, r.filas, decodeDate(r.desde), decodeDate(r.hasta));
    await rows.flush();
  });
  await writeColumnSummaries(w, 'inventario', columns);
  return counters;
}

/** The file worker's summary of each numeric column it loaded (resumen_columnas), for the profile. */
async function writeColumnSummaries(w: Writer, table: 'ventas' | 'inventario', columns: Record<string, NumberStatsData>): Promise<void> {
  const rows = Object.entries(columns).map(([columna, c]) => ({ carga_id: w.loadId, tabla: table, columna, ...c }));
  if (rows.length > 0) await w.trx.insertInto('resumen_columnas').values(rows).execute();
}

/** Per file: counts, reasons, findings, how it was read; the quarantine tallies; the load marked ok. */
async function recordLoad(w: Writer, files: Record<FileKey, FileReport>, counters: Record<FileKey, FileCounters>): Promise<void> {
  for (const key of FILE_ORDER) {
    const r = files[key];
    const i = w.inspections[key];
    await w.trx
      .insertInto('carga_archivos')
      .values({
        carga_id: w.loadId,
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
        separador_suelto: w.options.numberOptions.loneSeparator,
      })
      .execute();
  }
  const tallies = new BatchInserter(w.trx, 'cuarentena_resumen', [
    'carga_id',
    'archivo',
    'razon',
    'filas',
    'unidades',
    'ingresos',
    'productos',
    'productos_distintos',
  ]);
  for (const key of FILE_ORDER) {
    for (const [reason, t] of Object.entries(counters[key].tallies())) {
      await tallies.add(
        w.loadId,
        w.inspections[key].fileName,
        reason,
        t.rows,
        t.units,
        t.revenue,
        t.productIds && JSON.stringify(t.productIds),
        t.distinctProducts,
      );
    }
  }
  await tallies.flush();
  await w.trx
    .updateTable('cargas')
    .set({ estado: 'ok', finalizada_en: w.options.clock().toISOString() })
    .where('id', '=', w.loadId)
    .execute();
}
