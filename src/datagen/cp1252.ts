// Windows-1252 encoder: Node has no built-in encoder for it (TextEncoder is UTF-8 only), and
// productos.csv must look like a spreadsheet exported in a Spanish locale.

/** The 0x80-0x9F block, where Windows-1252 differs from Latin-1. */
const HIGH_BLOCK: ReadonlyMap<number, number> = new Map(
  (
    [
      ['€', 0x80],
      ['‚', 0x82],
      ['ƒ', 0x83],
      ['„', 0x84],
      ['…', 0x85],
      ['†', 0x86],
      ['‡', 0x87],
      ['ˆ', 0x88],
      ['‰', 0x89],
      ['Š', 0x8a],
      ['‹', 0x8b],
      ['Œ', 0x8c],
      ['Ž', 0x8e],
      ['‘', 0x91],
      ['’', 0x92],
      ['“', 0x93],
      ['”', 0x94],
      ['•', 0x95],
      ['–', 0x96],
      ['—', 0x97],
      ['˜', 0x98],
      ['™', 0x99],
      ['š', 0x9a],
      ['›', 0x9b],
      ['œ', 0x9c],
      ['ž', 0x9e],
      ['Ÿ', 0x9f],
    ] as const
  ).map(([ch, byte]) => [ch.charCodeAt(0), byte]),
);

/** Characters where Windows-1252 and Latin-1 part ways: anything else encodes byte for byte. */
const NOT_LATIN1 = /[\u0080-\u009f\u0100-\uffff]/;

export function encodeWindows1252(text: string): Buffer {
  // Most chunks hold no such character: Node's native Latin-1 encoder is then exact and much faster.
  if (!NOT_LATIN1.test(text)) return Buffer.from(text, 'latin1');
  const out = Buffer.allocUnsafe(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) {
      out[i] = code;
      continue;
    }
    const byte = HIGH_BLOCK.get(code);
    // Failing loudly beats writing '?' into a file the ETL is tested against.
    if (byte === undefined)
      throw new Error(`cannot encode ${JSON.stringify(text[i])} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) in windows-1252`);
    out[i] = byte;
  }
  return out;
}
