import { createHash } from 'node:crypto';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSplitter, type SplitRecord, type SplitterOptions, utf8Prefix } from '../../src/etl/csv-splitter.ts';

const OPTIONS: SplitterOptions = { delimiter: ',', maxRecordChars: 1 << 20, keptPrefixBytes: 4096 };

function split(pieces: string[], options: Partial<SplitterOptions> = {}): SplitRecord[] {
  const out: SplitRecord[] = [];
  const splitter = new CsvSplitter({ ...OPTIONS, ...options }, (r) => out.push(r));
  for (const p of pieces) splitter.push(p);
  splitter.end();
  return out;
}

const lines = (records: SplitRecord[]) => records.map((r) => [r.line, r.fields]);

describe('CsvSplitter', () => {
  it('numbers records by physical line in any mix of LF, CRLF and CR', () => {
    // The case from issue 18: a CRLF blank line then an LF blank line; the bad row is on line 5.
    expect(lines(split(['H\n2,2024-03-15,1,1,2,10.00\n\r\n\n9,2024-99-99,1,1,1,1\n']))).toEqual([
      [1, ['H']],
      [2, ['2', '2024-03-15', '1', '1', '2', '10.00']],
      [5, ['9', '2024-99-99', '1', '1', '1', '1']],
    ]);
    expect(lines(split(['a\rb\r\n\rc\n\r\nd\r']))).toEqual([
      [1, ['a']],
      [2, ['b']],
      [4, ['c']],
      [6, ['d']],
    ]);
  });

  it('reads a file with CR-only line endings (old spreadsheet exports) like LF', () => {
    expect(lines(split(['h1,h2\r1,"x\ry"\r\r2,z\r']))).toEqual([
      [1, ['h1', 'h2']],
      [2, ['1', 'x\ry']],
      [5, ['2', 'z']],
    ]);
  });

  it('gives the same records however the text is cut into pieces', () => {
    const inputs = [
      'a,b\r\n"q ""x"", y",2\r\n\r\n"multi\r\nline",3\n\n\rlast,"",\r\n',
      'h\r"open,1\rnext,2\r',
      'x,"a"b,c\n"",""\n',
      'uno;dos\n',
    ];
    for (const text of inputs) {
      const whole = split([text]);
      for (let cut = 1; cut < text.length; cut++)
        expect(split([text.slice(0, cut), text.slice(cut)]), `cut at ${cut} of ${JSON.stringify(text)}`).toEqual(whole);
      expect(split([...text]), `char by char: ${JSON.stringify(text)}`).toEqual(whole);
    }
  });

  it('unescapes doubled quotes and keeps delimiters and line breaks inside quotes', () => {
    expect(split(['"a ""b""","c,d","e\nf"\n'])[0]).toMatchObject({
      line: 1,
      fields: ['a "b"', 'c,d', 'e\nf'],
      raw: '"a ""b""","c,d","e\nf"',
    });
  });

  it('keeps a field literally, quotes and all, when text follows its closing quote', () => {
    expect(split(['a,"b,x"c,d\n'])[0]!.fields).toEqual(['a', '"b,x"c', 'd']);
    expect(split(['a,Alma"cen,d\n'])[0]!.fields).toEqual(['a', 'Alma"cen', 'd']);
  });

  it('reads an empty trailing field after a final delimiter', () => {
    expect(split(['a,b,'])[0]!.fields).toEqual(['a', 'b', '']);
  });

  it('cuts a line longer than the limit to a prefix with its full length and hash, and reads on after it', () => {
    const long = 'x'.repeat(5000) + 'ñ'.repeat(3000);
    const got = split(['a,1\n' + long.slice(0, 1234), long.slice(1234) + '\r\nb,2\n'], { maxRecordChars: 1000, keptPrefixBytes: 100 });
    expect(lines(got)).toEqual([
      [1, ['a', '1']],
      [2, null],
      [3, ['b', '2']],
    ]);
    expect(got[1]).toMatchObject({
      raw: 'x'.repeat(100),
      bytes: Buffer.byteLength(long),
      sha256: createHash('sha256').update(long).digest('hex'),
      problem: expect.stringContaining('longer than the 1,000-character limit'),
    });
  });

  it('cuts a quoted field that runs past the limit back to its first line, and reads on from the next line', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},ok`).join('\n');
    const got = split(['h,v\n7,"stray\n' + rows + '\n'], { maxRecordChars: 100 });
    expect(got[1]).toMatchObject({ line: 2, fields: null, raw: '7,"stray' });
    expect(got.slice(2).map((r) => r.fields)).toEqual(Array.from({ length: 50 }, (_, i) => [String(i), 'ok']));
    expect(got.at(-1)!.line).toBe(52);
  });

  it('treats a quote never closed before the end of the text the same way', () => {
    const got = split(['h,v\n7,"stray\n8,ok\n']);
    expect(lines(got)).toEqual([
      [1, ['h', 'v']],
      [2, null],
      [3, ['8', 'ok']],
    ]);
  });

  it('reads records wider and narrower than the one before exactly, with no empty slots', () => {
    const records = split(['a,b,c\nd\ne,f,g,h,i\n"j",k\n,\n']);
    expect(records.map((r) => r.fields)).toEqual([['a', 'b', 'c'], ['d'], ['e', 'f', 'g', 'h', 'i'], ['j', 'k'], ['', '']]);
    for (const r of records) expect(Object.keys(r.fields!)).toHaveLength(r.fields!.length);
  });

  it('reads a record just under the limit whole', () => {
    const field = 'y'.repeat(998);
    expect(split([`a,${field}\n`], { maxRecordChars: 1000 })[0]!.fields).toEqual(['a', field]);
  });
});

describe('utf8Prefix', () => {
  it('cuts to a byte budget without splitting a character', () => {
    expect(utf8Prefix('añb', 2)).toBe('a');
    expect(utf8Prefix('añb', 3)).toBe('añ');
    expect(utf8Prefix('a😀b', 4)).toBe('a');
    expect(utf8Prefix('a😀b', 5)).toBe('a😀');
  });
});

describe('CsvSplitter against csv-parse, on well-formed CSV', () => {
  // Any fields, quoted when they need it, joined by any line ending and cut into any pieces: the
  // splitter reads back the same fields as csv-parse (an independent, widely used implementation).
  const field = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('', ' ', '"', 'a,b', 'x\ny', 'r\rs', 'w\r\nz', '""', 'ñ€'));
  const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
  const csv = fc.record({
    rows: fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 20 }),
    ending: fc.constantFrom('\n', '\r\n'),
    cuts: fc.array(fc.nat(), { maxLength: 4 }),
  });

  it('reads back the fields csv-parse reads', () => {
    fc.assert(
      fc.property(csv, ({ rows, ending, cuts }) => {
        const text = rows.map((r) => r.map(quote).join(',')).join(ending) + ending;
        const expected = parseCsv(text, { record_delimiter: ending, skip_empty_lines: false }) as string[][];
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const pieces = [0, ...points].map((at, i, all) => text.slice(at, all[i + 1] ?? text.length));
        expect(split(pieces).map((r) => r.fields)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
