// productos.csv: a hand-made catalogue exported from a Spanish-locale spreadsheet (Windows-1252,
// `;`, decimal comma, CRLF). Ten products load; the dirty rows around them each carry exactly one
// reason. Quarantined rows spell `Electrónicos` more often than loaded rows spell `Electronicos`,
// so an ETL that counted quarantined spellings would name the category wrongly. A larger
// catalogue (for the data-set shapes) appends plain generated products after the hand-made rows.
import type { ReasonCode } from './codes.ts';
import { type CsvFormat, CsvWriter } from './csv-writer.ts';
import type { ExpectedQuarantine } from './expected-quarantine.ts';
import { renderPrice, PRICE_FORMATS } from './number-formats.ts';
import { SpellingTally } from './spellings.ts';
import { FileTally } from './tally.ts';

export const PRODUCTOS_FORMAT: CsvFormat = { encoding: 'windows-1252', delimiter: ';', lineEnding: '\r\n', bom: false };
const HEADER = ['Producto_ID', 'Nombre', 'Categoría', 'Precio'];

/** The product that appears only as a quarantined row: its sales and stock are `unknown_product`. */
export const QUARANTINED_PRODUCT_ID = 11;

type ProductRow = { fields: string[]; id: number; category: string; priceCents: number } | { fields: string[]; reason: ReasonCode };

function loaded(id: number, idText: string, name: string, category: string, priceCents: number, priceFormat: string): ProductRow {
  const index = PRICE_FORMATS.findIndex((f) => f.name === priceFormat);
  if (index < 0 || PRICE_FORMATS[index]!.render(priceCents) === null)
    throw new Error(`price format ${priceFormat} cannot show ${priceCents}`);
  return { fields: [idText, name, category, renderPrice(index, priceCents)], id, category, priceCents };
}

const quarantined = (reason: ReasonCode, ...fields: string[]): ProductRow => ({ fields, reason });

const ROWS: readonly ProductRow[] = [
  loaded(1, 'prod001', 'Portátil Lenovo IdeaPad 5', 'Electronicos', 123456, 'es-grouped'),
  loaded(2, 'PROD-002', 'Teléfono móvil Galaxia A15', 'Electronicos', 89999, 'plain-comma'),
  quarantined('invalid_id', 'P2024-001', 'Tarjeta gráfica RTX 4060', 'Electrónicos', '349,00'),
  loaded(3, 'P003', 'Auriculares inalámbricos', ' electrónicos', 5990, 'euro-prefix'),
  // Product 4 is not loaded yet, so this is not a duplicate; and being quarantined it claims no id.
  quarantined('invalid_number', 'PROD-004', 'Cámara réflex Canon', 'Electrónicos', 'abc'),
  loaded(4, '004', 'Cámara réflex Canon', 'Electronicos', 154900, 'space-grouped'),
  quarantined('duplicate_id', 'PROD-003', 'Auriculares inalámbricos (reacondicionados)', 'Electrónicos', '45,00'),
  loaded(5, ' 5 ', 'Camiseta algodón niño', 'Ropa', 1990, 'one-decimal'),
  quarantined('negative_price', String(QUARANTINED_PRODUCT_ID), 'Cargador rápido USB-C', 'Electrónicos', '-15,00'),
  loaded(6, '6', 'Pantalón vaquero', 'ropa ', 4995, 'euro-suffix'),
  loaded(7, 'PROD_007', 'Mochila de piel', 'Accesorios', 7950, 'plain-comma'),
  quarantined('missing_value', 'PROD-009', '', 'Almacenamiento', '129,99'),
  loaded(8, 'prod008', 'Cinturón de cuero', 'ACCESORIOS', 3500, 'whole'),
  quarantined('malformed_row', 'PROD-014', 'Alfombrilla ratón', 'Accesorios'),
  loaded(9, 'prod009', 'Disco duro externo 2 TB', 'Almacenamiento', 12999, 'plain-comma'),
  quarantined('invalid_number', 'P010', 'Memoria USB 64 GB', 'Almacenamiento', '(5)'),
  // The `;` in the name makes the spreadsheet quote the field.
  loaded(10, 'PROD-010', 'Memoria USB; 64 GB «pingüino»', 'Almacenamiento', 1250, 'euro-prefix'),
];

/** Generated products take ids after the quarantined one, so it stays the only hole below them. */
const FIRST_EXTRA_ID = QUARANTINED_PRODUCT_ID + 1;
/** The canonical spellings, with the odd variant: each stays its category's most frequent spelling. */
const EXTRA_CATEGORIES = ['Electronicos', 'Ropa', 'Accesorios', 'Almacenamiento', 'Ropa', 'accesorios ', 'Electronicos', 'Almacenamiento'];
const EXTRA_NAMES = ['Artículo genérico', 'Recambio', 'Pack ahorro', 'Edición limitada', 'Modelo básico'];

function extraProduct(k: number): ProductRow {
  const id = FIRST_EXTRA_ID + k;
  // A price that varies with the id but needs no random draw, shown in any format able to show it.
  const priceCents = 199 + ((id * 7919) % 49_800);
  const category = EXTRA_CATEGORIES[k % EXTRA_CATEGORIES.length]!;
  const idText = k % 3 === 0 ? `PROD-${String(id).padStart(3, '0')}` : `prod${String(id).padStart(3, '0')}`;
  return {
    fields: [idText, `${EXTRA_NAMES[k % EXTRA_NAMES.length]} ${id}`, category, renderPrice(k % PRICE_FORMATS.length, priceCents)],
    id,
    category,
    priceCents,
  };
}

/** What the sales and inventory generators need to know about the loaded products. */
export interface Catalog {
  /** Loaded product ids, ascending. */
  ids: number[];
  listPriceCents: Map<number, number>;
  /** Canonical category name per loaded product id. */
  categoryOf: Map<number, string>;
  /** Canonical category names in order of first appearance among loaded rows. */
  categories: string[];
}

/** Writes the hand-made rows and `extra` generated products after them. */
export async function writeProducts(
  path: string,
  quarantine: ExpectedQuarantine,
  extra = 0,
): Promise<{ tally: FileTally; catalog: Catalog }> {
  const writer = new CsvWriter(path, PRODUCTOS_FORMAT);
  const tally = new FileTally();
  const spellings = new SpellingTally();
  const rows = [...ROWS, ...Array.from({ length: extra }, (_, k) => extraProduct(k))];
  writer.writeRecord(HEADER);
  for (const row of rows) {
    const line = writer.writeRecord(row.fields);
    if ('reason' in row) {
      tally.quarantine(row.reason);
      quarantine.add('productos.csv', line, row.reason);
    } else {
      tally.load();
      spellings.add(row.category);
    }
  }
  await writer.close();

  const catalog: Catalog = { ids: [], listPriceCents: new Map(), categoryOf: new Map(), categories: spellings.names() };
  for (const row of rows) {
    if ('reason' in row) continue;
    catalog.ids.push(row.id);
    catalog.listPriceCents.set(row.id, row.priceCents);
    catalog.categoryOf.set(row.id, spellings.canonical(row.category));
  }
  catalog.ids.sort((a, b) => a - b);
  return { tally, catalog };
}
