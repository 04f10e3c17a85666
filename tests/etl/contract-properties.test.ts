// Randomized test of the data contract: rows with several defects at once, every accepted spelling, any mix
// of line endings and blank lines. An oracle written from the contract (not from the ETL's code) says what
// becomes of each row; the real load must agree row by row, and the contract's invariants must hold.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runLoad } from '../../src/etl/load.ts';
import { parseDate } from '../../src/etl/parse-date.ts';
import { parseId } from '../../src/etl/parse-id.ts';
import { parseDecimal, parseWholeNumber } from '../../src/etl/parse-number.ts';
import { unitsByCategory } from '../../src/queries/sales-summary.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();
const newDb = migratedDatabases('sqlite');
const AS_OF = '2025-06-30';

// The contract's reasons in precedence order.
const ORDER = [
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

// Loaded products 1-4 (two categories spelled in variants), clients 1-3; product 9 and client 9 are never loaded.
const PRODUCTS = 'producto_id,nombre,categoria,precio\n#001,A,Ropa,1.00\nN°2,B, ropa ,2.00\nID 3,C,Hogar,3.00\nV.4,D,HOGAR,4.00\n';
const CLIENTS =
  'cliente_id,nombre,email,ciudad,fecha_registro\ncli_1,Ana,a@x.es,Lima,2023-01-01\n#2,Luis,l@x.es,Lima,2023-01-01\n3,Eva,e@x.es,Quito,2023-01-01\n';
const CATEGORY: Record<number, string> = { 1: 'Ropa', 2: 'Ropa', 3: 'Hogar', 4: 'Hogar' };

const MONTHS_ES = [
  'enero',
  'febrero',
  'marzo',
  'abril',
  'mayo',
  'junio',
  'julio',
  'agosto',
  'septiembre',
  'octubre',
  'noviembre',
  'diciembre',
];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A value with how it is spelled in the file and what the contract says it means. */
interface Spelled<T> {
  text: string;
  value: T | 'missing' | 'invalid';
}

const blank = fc.constantFrom<Spelled<never>>({ text: '', value: 'missing' }, { text: '   ', value: 'missing' });

const id = (n: number) =>
  fc
    .constantFrom(`${n}`, ` ${n} `, `V${pad(n, 5)}`, `#0${n}`, `N°${n}`, `ID ${n}`, `V.${n}`, `cli_${n}`, `P-${n}`)
    .map((text): Spelled<number> => ({ text, value: n }));
const badId = fc.constantFrom('-3', '+3', '1.5', 'P2024-001', '0', 'sin-id').map((text): Spelled<number> => ({ text, value: 'invalid' }));

const date = fc
  .record({ y: fc.integer({ min: 2023, max: 2026 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), f: fc.nat(6) })
  .map(({ y, m, d, f }): Spelled<string> => {
    const texts = [
      `${y}-${pad(m)}-${pad(d)}`,
      `${y}/${pad(m)}/${pad(d)}`,
      `${d}/${m}/${y}`,
      `${pad(d)}-${pad(m)}-${y}`,
      `${y}${pad(m)}${pad(d)}`,
      `${d} ${MONTHS_ES[m - 1]} ${y}`,
      `"${MONTHS_EN[m - 1]} ${d}, ${y}"`,
    ];
    return { text: texts[f]!, value: `${y}-${pad(m)}-${pad(d)}` };
  });
const badDate = fc
  .constantFrom('2024-02-30', '31/04/2024', '15/03/24', 'sin fecha', '2024-13-01')
  .map((text): Spelled<string> => ({ text, value: 'invalid' }));

const quantity = fc
  .record({ q: fc.integer({ min: -3, max: 9 }), f: fc.nat(1) })
  .map(({ q, f }): Spelled<number> => ({ text: f === 0 ? `${q}` : `"${q},0"`, value: q }));
const badQuantity = fc.constantFrom('"3,5"', '(5)', 'tres').map((text): Spelled<number> => ({ text, value: 'invalid' }));

const price = fc.record({ cents: fc.integer({ min: -50_000, max: 500_000 }), f: fc.nat(4) }).map(({ cents, f }): Spelled<number> => {
  const sign = cents < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(cents) / 100);
  const frac = pad(Math.abs(cents) % 100);
  const grouped = (sep: string) => String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const texts = [
    `${sign}${whole}.${frac}`,
    `"${sign}${whole},${frac}"`,
    `${sign}$${whole}.${frac}`,
    `"${sign}${grouped('.')},${frac} €"`,
    `"${sign}${grouped(',')}.${frac}"`,
  ];
  return { text: texts[f]!, value: cents / 100 };
});
const badPrice = fc.constantFrom('(5)', 'gratis', '1..2').map((text): Spelled<number> => ({ text, value: 'invalid' }));

const maybe = <T>(good: fc.Arbitrary<Spelled<T>>, bad: fc.Arbitrary<Spelled<T>>) =>
  fc.oneof({ arbitrary: good, weight: 8 }, { arbitrary: bad, weight: 1 }, { arbitrary: blank, weight: 1 });

const sale = fc.record({
  venta: fc.integer({ min: 1, max: 25 }).chain((n) => maybe(id(n), badId)),
  fecha: maybe(date, badDate),
  producto: fc.constantFrom(1, 2, 3, 4, 9).chain((n) => maybe(id(n), badId)),
  cliente: fc.constantFrom(1, 2, 3, 9).chain((n) => maybe(id(n), badId)),
  cantidad: maybe(quantity, badQuantity),
  precio: maybe(price, badPrice),
  malformed: fc.nat(30).map((n) => n === 0),
  // Line ending after the row, and blank lines after it.
  ending: fc.constantFrom('\n', '\r\n', '\r'),
  blanks: fc.array(fc.constantFrom('\n', '\r\n', '\r', '  \n'), { maxLength: 2 }),
});
type Sale = typeof sale extends fc.Arbitrary<infer T> ? T : never;

/** What the contract says becomes of each row, in file order. */
function oracle(sales: Sale[]) {
  const loadedIds = new Set<number>();
  return sales.map((s) => {
    if (s.malformed) return { reason: 'malformed_row', loaded: undefined };
    const fields = [s.venta, s.fecha, s.producto, s.cliente, s.cantidad, s.precio];
    const kinds = ['id', 'date', 'id', 'id', 'number', 'number'];
    const reasons: string[] = [];
    fields.forEach((f, i) => {
      if (f.value === 'missing') reasons.push('missing_value');
      else if (f.value === 'invalid')
        reasons.push(kinds[i] === 'id' ? 'invalid_id' : kinds[i] === 'date' ? 'invalid_date' : 'invalid_number');
    });
    if (reasons.length === 0) {
      if ((s.cantidad.value as number) < 0) reasons.push('negative_quantity');
      if ((s.precio.value as number) < 0) reasons.push('negative_price');
      if (s.producto.value === 9) reasons.push('unknown_product');
      if (loadedIds.has(s.venta.value as number)) reasons.push('duplicate_id');
    }
    reasons.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
    if (reasons.length > 0) return { reason: reasons[0]!, loaded: undefined };
    loadedIds.add(s.venta.value as number);
    return {
      reason: undefined,
      loaded: {
        venta_id: s.venta.value as number,
        fecha: s.fecha.value as string,
        producto_id: s.producto.value as number,
        cliente_id: s.cliente.value as number,
        cantidad: s.cantidad.value as number,
        precio_unitario: s.precio.value as number,
      },
    };
  });
}

/** Writes ventas.csv; returns the physical line of each row (LF, CRLF and a lone CR each end a line). */
function writeSales(dir: string, sales: Sale[]): number[] {
  let text = 'venta_id,fecha,producto_id,cliente_id,cantidad,precio_unitario\n';
  const lines: number[] = [];
  for (const s of sales) {
    lines.push((text.match(/\r\n|\r|\n/g) ?? []).length + 1);
    const cells = [s.venta, s.fecha, s.producto, s.cliente, s.cantidad, s.precio].map((f) => f.text);
    if (s.malformed) cells.pop();
    text += cells.join(',') + s.ending + s.blanks.join('');
  }
  writeFileSync(join(dir, 'ventas.csv'), text);
  return lines;
}

describe('the load against the data contract, on random rows with several defects at once', () => {
  it('puts every row where the contract says, and keeps the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sale, { minLength: 1, maxLength: 40 }), async (sales) => {
        const dir = newDir();
        writeFileSync(join(dir, 'productos.csv'), PRODUCTS);
        writeFileSync(join(dir, 'clientes.csv'), CLIENTS);
        writeFileSync(join(dir, 'inventario.csv'), 'fecha,producto_id,almacen,stock\n');
        const lines = writeSales(dir, sales);
        const expected = oracle(sales);
        const { db } = await newDb();
        const result = await runLoad(db, { dataDir: dir, asOf: AS_OF });
        if (result.status !== 'ok') throw new Error(JSON.stringify(result));

        // rows read = loaded + quarantined, and every row is accounted for.
        const v = result.files.ventas;
        expect(v.read).toBe(sales.length);
        expect(v.loaded + v.quarantined).toBe(v.read);

        // One reason per quarantined row, the first in the table's order, at the row's physical line.
        const quarantined = await db
          .selectFrom('cuarentena')
          .select(['linea', 'razon'])
          .where('archivo', '=', 'ventas.csv')
          .orderBy('linea')
          .execute();
        const expectedQuarantine = expected.flatMap((e, i) => (e.reason ? [{ linea: lines[i]!, razon: e.reason }] : []));
        expect(quarantined).toEqual(expectedQuarantine);

        // Loaded rows hold the contract's values, and each loaded value re-parses to itself.
        const loaded = await db
          .selectFrom('ventas')
          .select(['venta_id', 'fecha', 'producto_id', 'cliente_id', 'cantidad', 'precio_unitario'])
          .orderBy('linea')
          .execute();
        expect(loaded).toEqual(expected.flatMap((e) => (e.loaded ? [e.loaded] : [])));
        for (const row of loaded) {
          expect(parseId(String(row.venta_id))).toEqual({ ok: true, value: row.venta_id });
          expect(parseDate(row.fecha)).toEqual({ ok: true, value: row.fecha });
          expect(parseWholeNumber(String(row.cantidad))).toEqual({ ok: true, value: row.cantidad });
          expect(parseDecimal(String(row.precio_unitario))).toEqual({ ok: true, value: row.precio_unitario });
        }

        // The category summary is the sum of cantidad over loaded sales, every category present.
        const units: Record<string, number> = { Ropa: 0, Hogar: 0 };
        for (const e of expected) if (e.loaded) units[CATEGORY[e.loaded.producto_id]!]! += e.loaded.cantidad;
        expect(await unitsByCategory(db)).toEqual(units);
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
