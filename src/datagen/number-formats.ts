// Renders prices (in cents) and whole quantities/stock in every number format the contract
// accepts. Each rendering must read back as exactly the intended value under the contract's
// rules with the project's default `loneSeparator: "auto"`: a lone separator followed by groups
// of exactly three digits groups thousands, so a price is never written as `12.500` for 12.5.

export interface PriceFormat {
  name: string;
  /** The text for a non-negative amount, or null when this format cannot show it exactly. */
  render(cents: number): string | null;
}

export interface WholeFormat {
  name: string;
  /** The text for a whole number of either sign. */
  render(n: number): string;
}

function group(digits: string, separator: string): string {
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) {
    const start = Math.max(0, i - 3);
    out = digits.slice(start, i) + (out ? separator + out : '');
  }
  return out;
}

const units = (cents: number): string => String(Math.floor(cents / 100));
const frac2 = (cents: number): string => {
  const c = cents % 100;
  return c < 10 ? `0${c}` : String(c);
};

/** Always two decimals, so a lone separator is never followed by exactly three digits. */
export const PRICE_FORMATS: readonly PriceFormat[] = [
  { name: 'plain-dot', render: (c) => `${units(c)}.${frac2(c)}` }, // 1234.56
  { name: 'plain-comma', render: (c) => `${units(c)},${frac2(c)}` }, // 1234,56
  { name: 'es-grouped', render: (c) => `${group(units(c), '.')},${frac2(c)}` }, // 1.234,56
  { name: 'en-grouped', render: (c) => `${group(units(c), ',')}.${frac2(c)}` }, // 1,234.56
  { name: 'dollar-space', render: (c) => `$ ${group(units(c), ',')}.${frac2(c)}` }, // $ 1,234.56
  { name: 'euro-prefix', render: (c) => `€${group(units(c), '.')},${frac2(c)}` }, // €12,50
  { name: 'space-grouped', render: (c) => `${group(units(c), ' ')},${frac2(c)}` }, // 1 234,56
  { name: 'euro-suffix', render: (c) => `${group(units(c), '.')},${frac2(c)} €` }, // 1.234,56 €
  { name: 'dollar-tight', render: (c) => `$${units(c)}.${frac2(c)}` }, // $1234.56
  // The lone-separator rule read as thousands: `1.549` is 1549.
  { name: 'thousands-only', render: (c) => (c % 100 === 0 && c >= 100_000 ? group(units(c), '.') : null) },
  // ...and read as decimal: `19,9` is 19.9.
  { name: 'one-decimal', render: (c) => (c % 10 === 0 && c % 100 !== 0 ? `${units(c)},${(c % 100) / 10}` : null) },
  { name: 'whole', render: (c) => (c % 100 === 0 ? units(c) : null) }, // 35
];

export function renderPrice(index: number, cents: number): string {
  return PRICE_FORMATS[index]!.render(cents) ?? PRICE_FORMATS[0]!.render(cents)!;
}

/** Negative prices, with the sign before or after the currency sign. */
export const NEGATIVE_PRICE_FORMATS: readonly PriceFormat[] = [
  { name: 'minus-plain', render: (c) => `-${units(c)}.${frac2(c)}` }, // -12.50
  { name: 'minus-dollar', render: (c) => `-$${units(c)}.${frac2(c)}` }, // -$12.50
  { name: 'dollar-minus', render: (c) => `$-${units(c)}.${frac2(c)}` }, // $-12.50
  { name: 'minus-euro', render: (c) => `-€${group(units(c), '.')},${frac2(c)}` }, // -€12,50
  { name: 'minus-es-grouped', render: (c) => `-${group(units(c), '.')},${frac2(c)}` }, // -1.234,56
];

/** Quantities: `3`, `3,0`, ` 3 `, ... all the whole number 3. */
export const QUANTITY_FORMATS: readonly WholeFormat[] = [
  { name: 'integer', render: (n) => String(n) },
  { name: 'comma-zero', render: (n) => `${n},0` }, // 3,0
  { name: 'spaced', render: (n) => ` ${n} ` },
  { name: 'dot-zero', render: (n) => `${n}.0` }, // 3.0: one decimal digit, so decimal
  { name: 'comma-zeros', render: (n) => `${n},00` },
];

const sign = (n: number): string => (n < 0 ? '-' : '');
const groupedWhole = (n: number, separator: string): string =>
  Math.abs(n) >= 1000 ? sign(n) + group(String(Math.abs(n)), separator) : String(n);

/** Stock: like quantities, plus thousands groupings (`1.200`, `1,200`, `1 200` are all 1200). */
export const STOCK_FORMATS: readonly WholeFormat[] = [
  { name: 'integer', render: (n) => String(n) },
  { name: 'es-grouped', render: (n) => groupedWhole(n, '.') },
  { name: 'en-grouped', render: (n) => groupedWhole(n, ',') },
  { name: 'space-grouped', render: (n) => groupedWhole(n, ' ') },
  { name: 'comma-zero', render: (n) => `${n},0` },
  { name: 'spaced', render: (n) => ` ${n} ` },
  { name: 'es-grouped-decimal', render: (n) => `${groupedWhole(n, '.')},0` }, // 1.200,0
];
