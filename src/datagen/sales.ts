// ventas.csv: N sale rows written as they are decided, never held in memory. Each row is planned
// first (clean, with findings, or dirty for exactly one reason) and then rendered valid in every
// other field, so its expected outcome is known without reading the file back. How much is dirty,
// and in what pattern (row by row, or in runs of one reason, some of them copies of one row), is
// the profile's (profiles.ts).
import { civilFromDays, dayOf, isoDate } from './calendar.ts';
import { AS_OF, type ReasonCode } from './codes.ts';
import { CsvWriter } from './csv-writer.ts';
import { DirtRuns, reasonChoice } from './dirt-runs.ts';
import { DATE_FORMATS, renderDate } from './date-formats.ts';
import { INVALID_DATES, INVALID_IDS, INVALID_PRICES, INVALID_WHOLES, MISSING_VALUES } from './dirty-values.ts';
import type { ExpectedQuarantine } from './expected-quarantine.ts';
import { CLIENT_ID_FORMATS, PRODUCT_ID_FORMATS, SALE_ID_FORMATS } from './id-formats.ts';
import { NEGATIVE_PRICE_FORMATS, PRICE_FORMATS, QUANTITY_FORMATS, renderPrice } from './number-formats.ts';
import type { Catalog } from './products.ts';
import { DEFAULT_SALES_PROFILE, type SalesProfile } from './profiles.ts';
import { Picker, Rng, type Weighted } from './random.ts';
import { FileTally } from './tally.ts';
import { UNKNOWN_CLIENT_IDS } from './clients.ts';

/** Not the contract's column order, and spelled the way a hand-edited export would be. */
const HEADER = ['Fecha', ' Venta_ID', 'cliente_id', 'PRODUCTO_ID', 'Cantidad', 'Precio Unitario'];
const FECHA = 0;
const VENTA = 1;
const CLIENTE = 2;
const PRODUCTO = 3;
const CANTIDAD = 4;
const PRECIO = 5;

const SALE_REASONS: readonly ReasonCode[] = [
  'malformed_row',
  'missing_value',
  'invalid_id',
  'invalid_date',
  'invalid_number',
  'negative_quantity',
  'negative_price',
  'unknown_product',
  'duplicate_id',
];

const AS_OF_DAY = dayOf(AS_OF);
const FIRST_2024 = dayOf('2024-01-01');
const FIRST_2099 = dayOf('2099-01-01');

interface Plan {
  reason: ReasonCode | null;
  /** Reuse the id of an earlier quarantined row: quarantined rows claim no id, so this one loads. */
  reclaim: boolean;
  zero: boolean;
  future: boolean;
  unknownClient: boolean;
  /** A fixed sale date, for the boundary rows. */
  day: number | null;
  /** A copy of the previous dirty row (same reason), in a run of copies. */
  repeat: boolean;
}

const plan = (p: Partial<Plan>): Plan => ({
  reason: null,
  reclaim: false,
  zero: false,
  future: false,
  unknownClient: false,
  day: null,
  repeat: false,
  ...p,
});
const dirty = (reason: ReasonCode): Plan => plan({ reason });

/** Enough clean rows at the start for every format picker to have shown each of its formats once. */
const SHOWCASE = Math.max(
  DATE_FORMATS.length,
  PRICE_FORMATS.length,
  SALE_ID_FORMATS.length,
  PRODUCT_ID_FORMATS.length,
  CLIENT_ID_FORMATS.length,
);

/** The opening rows: every format, then every reason and finding, so even a small N covers them all. */
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
  dirty('negative_quantity'),
  dirty('negative_price'),
  dirty('unknown_product'),
  plan({}),
  dirty('duplicate_id'),
  plan({ zero: true }),
  plan({ future: true }),
  plan({ unknownClient: true }),
  plan({ zero: true, future: true, unknownClient: true }),
  plan({ reclaim: true }),
  plan({ day: AS_OF_DAY }), // on the as-of date: not in the future
  plan({ day: AS_OF_DAY + 1 }), // the day after: future_date
  plan({ day: dayOf('2024-02-29') }),
  dirty('malformed_row'),
  dirty('missing_value'),
  dirty('invalid_id'),
  dirty('invalid_number'),
  dirty('malformed_row'),
  dirty('invalid_id'),
  dirty('duplicate_id'),
];

/** Showcase prices each format can show exactly (some formats only fit whole or one-decimal amounts). */
const SHOWCASE_PRICES = [123456, 154900, 123450];

export interface SalesOptions {
  path: string;
  count: number;
  seed: number;
  /** Default: the bundled data set's. */
  profile?: SalesProfile;
  catalog: Catalog;
  clientIds: ReadonlySet<number>;
  quarantine: ExpectedQuarantine;
  onProgress?: (done: number) => void;
}

export interface SalesResult {
  tally: FileTally;
  /** Sum of `cantidad` of loaded sales per product id. */
  unitsByProduct: Map<number, number>;
  /** Valid product ids of `unknown_product` rows. */
  unknownProductIds: number[];
}

/** Recently loaded ids, for duplicates: a small ring, since any earlier loaded id will do. */
class RecentIds {
  private readonly ids = new Int32Array(1024);
  private count = 0;
  private next = 0;

  add(id: number): void {
    this.ids[this.next] = id;
    this.next = (this.next + 1) % this.ids.length;
    if (this.count < this.ids.length) this.count++;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  pick(rng: Rng): number {
    return this.ids[rng.int(this.count)]!;
  }
}

class SaleRows {
  readonly tally = new FileTally();
  readonly units: number[];
  readonly unknownProducts = new Set<number>();
  private readonly rng: Rng;
  private readonly clients: number[];
  private readonly recent = new RecentIds();
  /** Ids of quarantined rows whose venta_id was valid: free to be loaded by a later row. */
  private readonly reclaimable: number[] = [];
  private readonly fields: string[] = ['', '', '', '', '', ''];
  /** Set when dirt comes in runs; otherwise each row draws on its own. */
  private readonly runs: DirtRuns | null;
  /** Weighted reasons for row-by-row dirt; null: every reason equally (the bundled set's draws). */
  private readonly reasons: Weighted<ReasonCode> | null;
  /** The last dirty row written, for runs of copies: its fields, or its raw text. */
  private lastDirty: { reason: ReasonCode; row: string[] | string } | null = null;
  private readonly pick: Record<'date' | 'sale' | 'client' | 'product' | 'qty' | 'price', Picker>;
  private readonly variant: Record<ReasonCode | 'missing' | 'badId' | 'badDate' | 'badWhole' | 'badPrice' | 'negPrice', Picker>;

  constructor(
    private readonly writer: CsvWriter,
    private readonly quarantine: ExpectedQuarantine,
    private readonly catalog: Catalog,
    private readonly clientIds: ReadonlySet<number>,
    private readonly profile: SalesProfile,
    seed: number,
    count: number,
  ) {
    const rng = (this.rng = new Rng(seed));
    const { dirt } = profile;
    this.runs = dirt.runs ? new DirtRuns(dirt, reasonChoice(dirt, SALE_REASONS, rng), rng, count) : null;
    this.reasons = !dirt.runs && dirt.weights ? reasonChoice(dirt, SALE_REASONS, rng) : null;
    this.clients = [...clientIds].sort((a, b) => a - b);
    this.units = new Array<number>(Math.max(...catalog.ids) + 1).fill(0);
    this.pick = {
      date: new Picker(DATE_FORMATS.length, rng),
      sale: new Picker(SALE_ID_FORMATS.length, rng),
      client: new Picker(CLIENT_ID_FORMATS.length, rng),
      product: new Picker(PRODUCT_ID_FORMATS.length, rng),
      qty: new Picker(QUANTITY_FORMATS.length, rng, 0.7),
      price: new Picker(PRICE_FORMATS.length, rng),
    };
    const uniform = (n: number) => new Picker(n, rng, 0);
    this.variant = {
      malformed_row: uniform(3),
      missing_value: uniform(HEADER.length),
      invalid_id: uniform(3),
      invalid_date: uniform(1),
      invalid_number: uniform(2),
      negative_quantity: uniform(1),
      negative_price: uniform(1),
      unknown_product: uniform(1),
      duplicate_id: uniform(1),
      missing: uniform(MISSING_VALUES.length),
      badId: uniform(INVALID_IDS.length),
      badDate: uniform(INVALID_DATES.length),
      badWhole: uniform(INVALID_WHOLES.length),
      badPrice: uniform(INVALID_PRICES.length),
      negPrice: uniform(NEGATIVE_PRICE_FORMATS.length),
    };
  }

  private randomPlan(): Plan {
    const rng = this.rng;
    const pr = this.profile;
    if (this.runs) {
      const reason = this.runs.next();
      if (reason !== null) return plan({ reason, repeat: this.runs.repeat });
      if (rng.chance(pr.reclaimRate)) return plan({ reclaim: true });
    } else {
      const u = rng.next();
      if (u < pr.dirt.rate) return dirty(this.reasons ? this.reasons.pick() : SALE_REASONS[rng.int(SALE_REASONS.length)]!);
      if (u < pr.dirt.rate + pr.reclaimRate) return plan({ reclaim: true });
    }
    return plan({ zero: rng.chance(pr.zeroRate), future: rng.chance(pr.futureRate), unknownClient: rng.chance(pr.unknownClientRate) });
  }

  /** Writes the i-th data row (0-based) and records its expected outcome. */
  write(i: number, count: number): void {
    const rng = this.rng;
    if (i === 12 || (i > 0 && i === Math.floor(count / 2))) {
      // Blank lines in the middle: skipped by the reader, but they still count for line numbers.
      this.writer.writeBlankLine();
      if (i !== 12) this.writer.writeBlankLine();
    } else if (i > SCRIPT.length && rng.chance(this.profile.blankLineRate)) {
      this.writer.writeBlankLine();
    }

    let p = i < SCRIPT.length ? SCRIPT[i]! : this.randomPlan();
    if (p.repeat && this.lastDirty?.reason === p.reason) {
      // The same text again: it breaks the same way, and a quarantined row claims no id.
      const { row } = this.lastDirty;
      const line = typeof row === 'string' ? this.writer.writeRawLine(row) : this.writer.writeRecord(row);
      this.tally.quarantine(p.reason);
      this.quarantine.add('ventas.csv', line, p.reason);
      return;
    }
    if (p.reason === 'duplicate_id' && this.recent.empty) p = plan({});
    if (p.reclaim && this.reclaimable.length === 0) p = plan({});

    // Every row starts valid and clean; a dirty plan then breaks exactly one thing.
    const id = p.reclaim ? this.reclaimable.shift()! : i + 1;
    const product = this.catalog.ids[rng.int(this.catalog.ids.length)]!;
    const client = p.unknownClient ? UNKNOWN_CLIENT_IDS[rng.int(UNKNOWN_CLIENT_IDS.length)]! : this.clients[rng.int(this.clients.length)]!;
    const qty = p.zero ? 0 : 1 + Math.floor(rng.next() ** 2 * 10);
    const day = p.day ?? (p.future ? FIRST_2099 + rng.int(365) : FIRST_2024 + rng.int(366));
    const priceFormat = this.pick.price.next();
    let cents: number;
    if (i < SHOWCASE) {
      cents = SHOWCASE_PRICES.find((c) => PRICE_FORMATS[priceFormat]!.render(c) !== null) ?? SHOWCASE_PRICES[0]!;
    } else {
      const list = this.catalog.listPriceCents.get(product)!;
      cents = rng.chance(0.3) ? Math.round(list * 0.9) : list;
    }
    const { y, m, d } = civilFromDays(day);
    const f = this.fields;
    f[FECHA] = renderDate(this.pick.date.next(), y, m, d);
    f[VENTA] = SALE_ID_FORMATS[this.pick.sale.next()]!.render(id);
    f[CLIENTE] = CLIENT_ID_FORMATS[this.pick.client.next()]!.render(client);
    f[PRODUCTO] = PRODUCT_ID_FORMATS[this.pick.product.next()]!.render(product);
    f[CANTIDAD] = QUANTITY_FORMATS[this.pick.qty.next()]!.render(qty);
    f[PRECIO] = renderPrice(priceFormat, cents);

    if (p.reason === null) {
      this.writer.writeRecord(f);
      this.tally.load();
      if (qty === 0) this.tally.find('zero_quantity');
      if (day > AS_OF_DAY) this.tally.find('future_date');
      if (!this.clientIds.has(client)) this.tally.find('unknown_client');
      this.units[product]! += qty;
      this.recent.add(id);
      return;
    }
    const row = this.breakRow(p.reason, id, product, client, cents, day);
    const line = typeof row === 'string' ? this.writer.writeRawLine(row) : this.writer.writeRecord(row);
    if (this.runs) this.lastDirty = { reason: p.reason, row: typeof row === 'string' ? row : [...row] };
    this.tally.quarantine(p.reason);
    this.quarantine.add('ventas.csv', line, p.reason);
  }

  /** Breaks the rendered row in the one way its reason needs: its fields, or a raw line. */
  private breakRow(reason: ReasonCode, id: number, product: number, client: number, cents: number, day: number): string[] | string {
    const f = this.fields;
    const v = this.variant;
    let idStaysValid = true;
    switch (reason) {
      case 'malformed_row': {
        const kind = v.malformed_row.next();
        if (kind === 0) return [...f, 'sin revisar'];
        if (kind === 1) return f.slice(0, PRECIO);
        // A row exported with the wrong delimiter: one field. Plain renderings, so no delimiter or quotes.
        const { y, m, d } = civilFromDays(day);
        const wrong = this.writer.format.delimiter === ';' ? ',' : ';';
        return [
          isoDate(y, m, d),
          SALE_ID_FORMATS[0]!.render(id),
          CLIENT_ID_FORMATS[0]!.render(client),
          PRODUCT_ID_FORMATS[0]!.render(product),
          '1',
          PRICE_FORMATS[0]!.render(cents)!,
        ].join(wrong);
      }
      case 'missing_value': {
        const column = v.missing_value.next();
        // An empty last field would read like a trailing delimiter, so the last one is blanked with spaces.
        f[column] = column === PRECIO ? '   ' : MISSING_VALUES[v.missing.next()]!;
        idStaysValid = column !== VENTA;
        break;
      }
      case 'invalid_id': {
        const which = v.invalid_id.next();
        const bad = INVALID_IDS[v.badId.next()]!;
        if (which === 0) f[VENTA] = bad(id, 'V');
        else if (which === 1) f[PRODUCTO] = bad(product, 'P');
        else f[CLIENTE] = bad(client, 'CLI');
        idStaysValid = which !== 0;
        break;
      }
      case 'invalid_date':
        f[FECHA] = INVALID_DATES[v.badDate.next()]!;
        break;
      case 'invalid_number':
        if (v.invalid_number.next() === 0) f[CANTIDAD] = INVALID_WHOLES[v.badWhole.next()]!;
        else f[PRECIO] = INVALID_PRICES[v.badPrice.next()]!;
        break;
      case 'negative_quantity':
        f[CANTIDAD] = QUANTITY_FORMATS[this.pick.qty.next()]!.render(-this.rng.between(1, 5));
        break;
      case 'negative_price':
        f[PRECIO] = NEGATIVE_PRICE_FORMATS[v.negPrice.next()]!.render(cents)!;
        break;
      case 'unknown_product': {
        const ids = this.profile.unknownProductIds;
        const unknown = ids.length === 1 ? ids[0]! : ids[this.rng.int(ids.length)]!;
        f[PRODUCTO] = PRODUCT_ID_FORMATS[this.pick.product.next()]!.render(unknown);
        this.unknownProducts.add(unknown);
        break;
      }
      case 'duplicate_id':
        // Another spelling of an id already loaded: ids compare as integers.
        f[VENTA] = SALE_ID_FORMATS[this.pick.sale.next()]!.render(this.recent.pick(this.rng));
        idStaysValid = false;
        break;
    }
    if (idStaysValid && this.reclaimable.length < 64) this.reclaimable.push(id);
    return f;
  }
}

export async function writeSales(options: SalesOptions): Promise<SalesResult> {
  const profile = options.profile ?? DEFAULT_SALES_PROFILE;
  const writer = new CsvWriter(options.path, profile.format);
  writer.writeRecord(HEADER);
  const rows = new SaleRows(writer, options.quarantine, options.catalog, options.clientIds, profile, options.seed, options.count);
  const { count, quarantine, onProgress } = options;
  for (let i = 0; i < count; i++) {
    rows.write(i, count);
    if (writer.shouldFlush) {
      // Progress is reported once per ~64 KB written: cheap, and often enough for a progress line.
      await writer.flush();
      onProgress?.(i + 1);
    }
    if (quarantine.shouldFlush) await quarantine.flush();
  }
  await writer.close();
  onProgress?.(count);
  const unitsByProduct = new Map<number, number>();
  for (const id of options.catalog.ids) unitsByProduct.set(id, rows.units[id] ?? 0);
  return { tally: rows.tally, unitsByProduct, unknownProductIds: [...rows.unknownProducts].sort((a, b) => a - b) };
}
