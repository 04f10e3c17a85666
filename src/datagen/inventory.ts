// inventario.csv: M stock snapshots keyed by (fecha, producto_id, almacen), TAB-delimited with an
// extra `observaciones` column the ETL must ignore. Clean rows walk a key space sized for M so
// their keys never collide; duplicates repeat a loaded key under another spelling. The profile
// (profiles.ts) sets the format, the dirt and its pattern, the warehouses, and whether duplicates
// come as re-sent blocks of recent snapshots (reexports.ts).
import { civilFromDays, dayOf, isoDate } from './calendar.ts';
import { AS_OF, type ReasonCode } from './codes.ts';
import { CsvWriter } from './csv-writer.ts';
import { DirtRuns, reasonChoice } from './dirt-runs.ts';
import { DATE_FORMATS, renderDate } from './date-formats.ts';
import { INVALID_DATES, INVALID_IDS, INVALID_WHOLES, MISSING_VALUES } from './dirty-values.ts';
import type { ExpectedQuarantine } from './expected-quarantine.ts';
import { PRODUCT_ID_FORMATS } from './id-formats.ts';
import { STOCK_FORMATS } from './number-formats.ts';
import type { Catalog } from './products.ts';
import { DEFAULT_INVENTORY_PROFILE, type InventoryProfile } from './profiles.ts';
import { Picker, Rng, type Weighted } from './random.ts';
import { Reexports } from './reexports.ts';
import { FileTally } from './tally.ts';

/** `Producto ID` and `Almacén` match producto_id and almacen after header normalisation. */
const HEADER = ['Fecha', 'Producto ID', 'Almacén', 'observaciones', 'Stock'];
export const INVENTARIO_IGNORED_COLUMNS = ['observaciones'];
const FECHA = 0;
const PRODUCTO = 1;
const ALMACEN = 2;
const OBSERVACIONES = 3;
const STOCK = 4;

const STOCK_REASONS: readonly ReasonCode[] = [
  'malformed_row',
  'missing_value',
  'invalid_id',
  'invalid_date',
  'invalid_number',
  'unknown_product',
  'duplicate_id',
];
const NOTES = ['recuento manual', 'revisar con proveedor', 'mercancía dañada', 'conteo cíclico', 'pendiente de ubicación'];
/** At most ten years of daily snapshots; beyond that, more warehouses. */
const MAX_DAYS = 3653;

const AS_OF_DAY = dayOf(AS_OF);
const LAST_DAY = dayOf('2024-12-31');
const FIRST_2099 = dayOf('2099-01-01');

interface Plan {
  reason: ReasonCode | null;
  negative: boolean;
  future: boolean;
  /** A copy of the previous dirty row (same reason), in a run of copies. */
  repeat: boolean;
  /** A duplicate that re-sends a recent key as part of a re-sent block. */
  resend: boolean;
}
const plan = (p: Partial<Plan>): Plan => ({ reason: null, negative: false, future: false, repeat: false, resend: false, ...p });
const dirty = (reason: ReasonCode): Plan => plan({ reason });

/** Spellings of a warehouse that the duplicate key must treat as the same (case, accents, spaces). */
function warehouseSpellings(name: string): string[] {
  const plain = name.normalize('NFD').replace(/\p{M}/gu, '');
  return [name, name.toLowerCase(), name.toUpperCase(), ` ${name} `, plain.toLowerCase()];
}
const SPELLINGS_PER_WAREHOUSE = 5;

const SHOWCASE = Math.max(DATE_FORMATS.length, STOCK_FORMATS.length, PRODUCT_ID_FORMATS.length, SPELLINGS_PER_WAREHOUSE);
const SCRIPT: readonly Plan[] = [
  ...Array.from({ length: SHOWCASE }, () => plan({})),
  dirty('malformed_row'),
  plan({}),
  dirty('missing_value'),
  dirty('invalid_id'),
  plan({}),
  dirty('invalid_date'),
  dirty('invalid_number'),
  plan({}),
  dirty('unknown_product'),
  dirty('duplicate_id'),
  plan({ negative: true }),
  plan({ future: true }),
  plan({ negative: true, future: true }),
  plan({}),
  dirty('malformed_row'),
  dirty('missing_value'),
  dirty('invalid_number'),
  dirty('malformed_row'),
  dirty('duplicate_id'),
];

/**
 * The fresh keys clean rows use, in order: day by day (ending 2024-12-31, so none is in the
 * future), each day's (product, warehouse) pairs in a shuffled order, or in warehouse and
 * product order for an ordered snapshot.
 */
class KeySpace {
  readonly warehouses: string[];
  readonly firstDay: number;
  private readonly perDay: number;
  private readonly order: Int32Array;
  private orderDay = -1;

  constructor(
    private readonly products: readonly number[],
    capacity: number,
    private readonly rng: Rng,
    names: readonly string[],
    private readonly ordered: boolean,
  ) {
    let warehouses = names.length;
    if (Math.ceil(capacity / (products.length * warehouses)) > MAX_DAYS) warehouses = Math.ceil(capacity / (products.length * MAX_DAYS));
    this.warehouses = Array.from({ length: warehouses }, (_, i) => names[i] ?? `Almacén ${i + 1}`);
    this.perDay = products.length * warehouses;
    const days = Math.max(1, Math.ceil(capacity / this.perDay));
    this.firstDay = LAST_DAY - days + 1;
    this.order = new Int32Array(this.perDay);
    if (ordered) for (let i = 0; i < this.perDay; i++) this.order[i] = i;
  }

  /** The k-th fresh key as [day, product id, warehouse index]. */
  at(k: number, out: Int32Array): void {
    const dayIndex = Math.floor(k / this.perDay);
    if (dayIndex !== this.orderDay && !this.ordered) {
      for (let i = 0; i < this.perDay; i++) this.order[i] = i;
      for (let i = this.perDay - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        const t = this.order[i]!;
        this.order[i] = this.order[j]!;
        this.order[j] = t;
      }
      this.orderDay = dayIndex;
    }
    const slot = this.order[k % this.perDay]!;
    out[0] = this.firstDay + dayIndex;
    out[1] = this.products[slot % this.products.length]!;
    out[2] = Math.floor(slot / this.products.length);
  }
}

/** Recently loaded keys, for duplicates. */
class RecentKeys {
  private readonly keys = new Int32Array(3 * 1024);
  private count = 0;
  private next = 0;

  add(day: number, product: number, warehouse: number): void {
    this.keys[3 * this.next] = day;
    this.keys[3 * this.next + 1] = product;
    this.keys[3 * this.next + 2] = warehouse;
    this.next = (this.next + 1) % 1024;
    if (this.count < 1024) this.count++;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  pick(rng: Rng, out: Int32Array): void {
    const i = rng.int(this.count);
    out[0] = this.keys[3 * i]!;
    out[1] = this.keys[3 * i + 1]!;
    out[2] = this.keys[3 * i + 2]!;
  }
}

export interface InventoryOptions {
  path: string;
  count: number;
  seed: number;
  /** Default: the bundled data set's. */
  profile?: InventoryProfile;
  catalog: Catalog;
  quarantine: ExpectedQuarantine;
  onProgress?: (done: number) => void;
}

export interface InventoryResult {
  tally: FileTally;
  /** Valid product ids of `unknown_product` rows. */
  unknownProductIds: number[];
}

class StockRows {
  readonly tally = new FileTally();
  readonly unknownProducts = new Set<number>();
  private readonly rng: Rng;
  private readonly keys: KeySpace;
  private readonly recent = new RecentKeys();
  private readonly spellings: string[][];
  private readonly key = new Int32Array(3);
  private nextKey = 0;
  private readonly futureShift: number;
  private readonly fields: string[] = ['', '', '', '', ''];
  private readonly runs: DirtRuns | null;
  private readonly reasons: Weighted<ReasonCode> | null;
  private readonly reexports: Reexports | null;
  /** The last dirty row written, for runs of copies: its fields, or its raw text. */
  private lastDirty: { reason: ReasonCode; row: string[] | string } | null = null;
  private readonly pick: Record<'date' | 'product' | 'warehouse' | 'stock', Picker>;
  private readonly variant: Record<ReasonCode | 'missing' | 'badId' | 'badDate' | 'badWhole', Picker>;

  constructor(
    private readonly writer: CsvWriter,
    private readonly quarantine: ExpectedQuarantine,
    catalog: Catalog,
    private readonly profile: InventoryProfile,
    count: number,
    seed: number,
  ) {
    const rng = (this.rng = new Rng(seed));
    const { dirt, reexport } = profile;
    this.runs = dirt.runs ? new DirtRuns(dirt, reasonChoice(dirt, STOCK_REASONS, rng), rng, count) : null;
    this.reasons = !dirt.runs && dirt.weights ? reasonChoice(dirt, STOCK_REASONS, rng) : null;
    this.reexports = reexport ? new Reexports(reexport, rng) : null;
    // Re-sent rows use no fresh key, so the days cover only the rows that bring one.
    this.keys = new KeySpace(catalog.ids, Math.ceil(count * (1 - (reexport?.share ?? 0))), rng, profile.warehouses, profile.ordered);
    this.spellings = this.keys.warehouses.map(warehouseSpellings);
    // Future rows move their key's day into 2099 or later: still unique, and after the as-of date.
    this.futureShift = FIRST_2099 - this.keys.firstDay;
    this.pick = {
      date: new Picker(DATE_FORMATS.length, rng),
      product: new Picker(PRODUCT_ID_FORMATS.length, rng),
      warehouse: new Picker(SPELLINGS_PER_WAREHOUSE, rng, 0.8),
      stock: new Picker(STOCK_FORMATS.length, rng),
    };
    const uniform = (n: number) => new Picker(n, rng, 0);
    this.variant = {
      malformed_row: uniform(3),
      missing_value: uniform(4),
      invalid_id: uniform(1),
      invalid_date: uniform(1),
      invalid_number: uniform(1),
      negative_quantity: uniform(1),
      negative_price: uniform(1),
      unknown_product: uniform(1),
      duplicate_id: uniform(1),
      missing: uniform(MISSING_VALUES.length),
      badId: uniform(INVALID_IDS.length),
      badDate: uniform(INVALID_DATES.length),
      badWhole: uniform(INVALID_WHOLES.length),
    };
  }

  private randomPlan(): Plan {
    const rng = this.rng;
    const pr = this.profile;
    if (this.reexports?.next()) return plan({ reason: 'duplicate_id', resend: true });
    if (this.runs) {
      const reason = this.runs.next();
      if (reason !== null) return plan({ reason, repeat: this.runs.repeat });
    } else if (rng.next() < pr.dirt.rate) {
      return dirty(this.reasons ? this.reasons.pick() : STOCK_REASONS[rng.int(STOCK_REASONS.length)]!);
    }
    return plan({ negative: rng.chance(pr.negativeStockRate), future: rng.chance(pr.futureRate) });
  }

  write(i: number): void {
    const rng = this.rng;
    let p = i < SCRIPT.length ? SCRIPT[i]! : this.randomPlan();
    if (p.reason === 'duplicate_id' && this.recent.empty) p = plan({});
    if (p.repeat && this.lastDirty?.reason === p.reason) {
      // The same text again: it breaks the same way (a duplicate's key stays loaded; other
      // quarantined rows claim no key).
      const { row } = this.lastDirty;
      const line = typeof row === 'string' ? this.writer.writeRawLine(row) : this.writer.writeRecord(row);
      this.tally.quarantine(p.reason);
      this.quarantine.add('inventario.csv', line, p.reason);
      return;
    }
    const key = this.key;

    if (p.resend) this.reexports!.key(key);
    else if (p.reason === 'duplicate_id') this.recent.pick(rng, key);
    else if (p.reason === 'unknown_product') {
      const ids = this.profile.unknownProductIds;
      key[0] = this.keys.firstDay + rng.int(LAST_DAY - this.keys.firstDay + 1);
      key[1] = ids.length === 1 ? ids[0]! : ids[rng.int(ids.length)]!;
      key[2] = rng.int(this.keys.warehouses.length);
    } else {
      // Other dirty rows take the next fresh key without using it up: the clean row after them
      // has the same key and must still load, since a quarantined row claims no key.
      this.keys.at(this.nextKey, key);
      if (p.reason === null) this.nextKey++;
      if (p.future) key[0] = key[0]! + this.futureShift;
    }
    const day = key[0]!;
    const product = key[1]!;
    const warehouse = key[2]!;
    const stock = p.negative
      ? -rng.between(1, 50)
      : i < SHOWCASE
        ? 1000 + rng.int(1500) // large enough for the thousands groupings to show
        : Math.floor(rng.next() ** 2 * 2500);

    const { y, m, d } = civilFromDays(day);
    const f = this.fields;
    f[FECHA] = renderDate(this.pick.date.next(), y, m, d);
    f[PRODUCTO] = PRODUCT_ID_FORMATS[this.pick.product.next()]!.render(product);
    f[ALMACEN] = this.spellings[warehouse]![this.pick.warehouse.next()]!;
    f[OBSERVACIONES] = rng.chance(this.profile.noteRate) ? NOTES[rng.int(NOTES.length)]! : '';
    f[STOCK] = STOCK_FORMATS[this.pick.stock.next()]!.render(stock);

    if (p.reason === null) {
      this.writer.writeRecord(f);
      this.tally.load();
      if (stock < 0) this.tally.find('negative_stock');
      if (day > AS_OF_DAY) this.tally.find('future_date');
      this.recent.add(day, product, warehouse);
      this.reexports?.add(day, product, warehouse);
      return;
    }
    const row = this.breakRow(p.reason, day, product, warehouse, stock);
    const line = typeof row === 'string' ? this.writer.writeRawLine(row) : this.writer.writeRecord(row);
    if (this.runs) this.lastDirty = { reason: p.reason, row: typeof row === 'string' ? row : [...row] };
    if (p.reason === 'unknown_product') this.unknownProducts.add(product);
    this.tally.quarantine(p.reason);
    this.quarantine.add('inventario.csv', line, p.reason);
  }

  /** Breaks the rendered row in the one way its reason needs: its fields, or a raw line. */
  private breakRow(reason: ReasonCode, day: number, product: number, warehouse: number, stock: number): string[] | string {
    const f = this.fields;
    const v = this.variant;
    switch (reason) {
      case 'malformed_row': {
        const kind = v.malformed_row.next();
        if (kind === 0) return [...f, 'x'];
        // Dropping the optional column still leaves the row a field short.
        if (kind === 1) return [f[FECHA]!, f[PRODUCTO]!, f[ALMACEN]!, f[STOCK]!];
        // A row exported with another delimiter (commas instead of tabs): one field.
        const { y, m, d } = civilFromDays(day);
        const wrong = this.writer.format.delimiter === ',' ? ';' : ',';
        return [isoDate(y, m, d), PRODUCT_ID_FORMATS[0]!.render(product), this.keys.warehouses[warehouse]!, '', String(stock)].join(wrong);
      }
      case 'missing_value': {
        const column = [FECHA, PRODUCTO, ALMACEN, STOCK][v.missing_value.next()]!;
        // An empty last field would read like a trailing delimiter, so the last one is blanked with spaces.
        f[column] = column === STOCK ? '   ' : MISSING_VALUES[v.missing.next()]!;
        break;
      }
      case 'invalid_id':
        f[PRODUCTO] = INVALID_IDS[v.badId.next()]!(product, 'P');
        break;
      case 'invalid_date':
        f[FECHA] = INVALID_DATES[v.badDate.next()]!;
        break;
      case 'invalid_number':
        f[STOCK] = INVALID_WHOLES[v.badWhole.next()]!;
        break;
      case 'unknown_product':
      case 'duplicate_id':
        break; // the key chosen in write() is the fault
      default:
        throw new Error(`${reason} does not apply to inventario`);
    }
    return f;
  }
}

export async function writeInventory(options: InventoryOptions): Promise<InventoryResult> {
  const profile = options.profile ?? DEFAULT_INVENTORY_PROFILE;
  const writer = new CsvWriter(options.path, profile.format);
  writer.writeRecord(HEADER);
  const rows = new StockRows(writer, options.quarantine, options.catalog, profile, options.count, options.seed);
  const { count, quarantine, onProgress } = options;
  for (let i = 0; i < count; i++) {
    rows.write(i);
    if (writer.shouldFlush) {
      await writer.flush();
      onProgress?.(i + 1);
    }
    if (quarantine.shouldFlush) await quarantine.flush();
  }
  await writer.close();
  onProgress?.(count);
  return { tally: rows.tally, unknownProductIds: [...rows.unknownProducts].sort((a, b) => a - b) };
}
