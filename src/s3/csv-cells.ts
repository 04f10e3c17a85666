// Defuses spreadsheet formulas in exported CSV cells (OWASP "CSV Injection"): a cell a spreadsheet would run
// as a formula or DDE command is written as text instead.
import type { Options } from 'csv-stringify';

/** The first characters that make Excel, LibreOffice or Google Sheets read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A plain decimal number (`-5`, `-5.25`, `1e-7`): a spreadsheet reads it as a number, never as a formula,
 * so it is kept as it is (PostgreSQL returns numeric and bigint columns as such strings). */
const PLAIN_NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** True when a spreadsheet would evaluate the cell's text. */
export const isFormulaLike = (text: string): boolean => FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);

/** OWASP's advice: prefix a single quote (shown as text, and visible to anyone reading the file), and quote
 * the field, so that no later character (a delimiter, a quote) can end the cell early. */
export const defuseCell = (text: string): string => `'${text}`;

/** csv-stringify casting that defuses formula-like string cells; numbers are written as numbers. */
export const SAFE_CELLS: Options['cast'] = {
  string: (value) => (isFormulaLike(value) ? { value: defuseCell(value), quoted: true } : value),
};
