// Windows-1252 to text. Node 20.18.3+ decodes 0x80-0x9F of 'windows-1252' as Latin-1 controls
// (nodejs/node#56542), which would turn every '€' of a spreadsheet export into U+0080, so we map them here.

/** The 0x80-0x9F block of Windows-1252; the five undefined bytes stay as their C1 control. */
const HIGH_BLOCK =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const C1 = /[\u0080-\u009f]/;
const C1_ALL = /[\u0080-\u009f]/g;

/** Decodes a chunk; single-byte, so chunks can be decoded independently. */
export function decodeWindows1252(bytes: Buffer): string {
  const latin1 = bytes.toString('latin1'); // equals Windows-1252 everywhere but 0x80-0x9F
  return C1.test(latin1) ? latin1.replace(C1_ALL, (c) => HIGH_BLOCK[c.charCodeAt(0) - 0x80]!) : latin1;
}
