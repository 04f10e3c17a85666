// Values that are wrong in exactly one way, each mapping to one reason code. Every token is
// picked to be unambiguous under the contract and docs/data-decisions.md (e.g. no `N/A`, which a
// reader might take for an empty field; no dotted dates, which some parsers accept).

/** `invalid_id`: digits in the prefix, a decimal, zero, a sign, trailing letters, no digits. */
export const INVALID_IDS: ReadonlyArray<(n: number, prefix: string) => string> = [
  (n, prefix) => `${prefix}2024-${String(n).padStart(3, '0')}`, // P2024-001
  (n) => `${n}.5`,
  () => '0',
  (n) => `-${n}`,
  (n) => `${n}A`,
  () => 'sin-id',
  (_n, prefix) => `${prefix}-`,
];

/** `invalid_date`: impossible, out of range, two-digit year, or no date at all. */
export const INVALID_DATES: readonly string[] = [
  '2024-02-30',
  '31/04/2024',
  '15/03/24',
  '2024-13-01',
  '32-01-2024',
  '29/02/2023',
  '30 febrero 2024',
  'Feb 30, 2024',
  'sin fecha',
  '2024-00-10',
];

/** `invalid_number` for a quantity or stock: not whole, parentheses, letters, two signs. */
export const INVALID_WHOLES: readonly string[] = ['3,5', '(2)', 'dos', '2.5', '--2'];

/** `invalid_number` for a price: parentheses, letters, two signs. */
export const INVALID_PRICES: readonly string[] = ['(12,50)', 'abc', '--5', '12,50 EUR', 'gratis'];

/** `missing_value`: empty, or whitespace only. */
export const MISSING_VALUES: readonly string[] = ['', '   '];
