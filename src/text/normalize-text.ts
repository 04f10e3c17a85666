// Comparison keys for text that must match across spelling variants: categories, cities, warehouses and headers.

const COMBINING_MARKS = /\p{M}/gu;
const WHITESPACE_RUNS = /\s+/g;
const HEADER_SEPARATOR_RUNS = /[\s_-]+/g;

/**
 * True when the text is already its own key: printable ASCII, no upper case, single inner spaces and none at
 * the ends. Almost every category, city and warehouse in a file is, so the key costs one scan and no allocation.
 */
function isPlainKey(text: string): boolean {
  const n = text.length;
  let previousSpace = true; // a leading space fails like a double one
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (previousSpace) return false;
      previousSpace = true;
    } else if (c < 0x21 || c > 0x7e || (c >= 0x41 && c <= 0x5a)) {
      return false;
    } else {
      previousSpace = false;
    }
  }
  return !previousSpace || n === 0;
}

// Latin-1 and Latin Extended-A/B (all of Spanish, Portuguese, French...) lower-cased and folded through a table
// built once with toLowerCase and NFD themselves, so it gives the same answer as the general path; that path
// costs ~0.5 µs a call, and warehouse names are keyed on every inventory row.
const FOLD_LIMIT = 0x250;
const FOLD: string[] = Array.from({ length: FOLD_LIMIT }, (_, c) =>
  String.fromCharCode(c).toLowerCase().normalize('NFD').replace(COMBINING_MARKS, ''),
);

/** The whitespace of `\s` below FOLD_LIMIT. */
function isWhitespace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;
}

function stripAccents(text: string): string {
  const n = text.length;
  let i = 0;
  while (i < n && text.charCodeAt(i) < 0x80) i++;
  if (i === n) return text;
  let folded = text.slice(0, i);
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= FOLD_LIMIT) return text.normalize('NFD').replace(COMBINING_MARKS, '');
    folded += FOLD[c]!;
  }
  return folded;
}

/** The key in one pass through FOLD, or null when a character lies beyond it. */
function foldKey(text: string): string | null {
  let key = '';
  let spaceDue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= FOLD_LIMIT) return null;
    if (isWhitespace(c)) {
      spaceDue = key.length > 0;
    } else {
      if (spaceDue) key += ' ';
      spaceDue = false;
      key += FOLD[c]!;
    }
  }
  return key;
}

/** Trimmed, lower-cased, accents removed, inner whitespace collapsed: `' Electrónicos '` and `'electronicos'` share a key. */
export function normalizeKey(text: string): string {
  if (isPlainKey(text)) return text;
  return foldKey(text) ?? stripAccents(text.toLowerCase()).replace(WHITESPACE_RUNS, ' ').trim();
}

/**
 * Trimmed, lower-cased, accents removed, runs of spaces, hyphens and underscores turned into one `_`:
 * `Producto ID`, `producto-id` and `producto _id` all match `producto_id`.
 */
export function normalizeHeader(text: string): string {
  return stripAccents(text.toLowerCase()).trim().replace(HEADER_SEPARATOR_RUNS, '_');
}
