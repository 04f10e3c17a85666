import { describe, expect, it } from 'vitest';
import { EncodingScanner, detectEncoding } from '../../src/etl/detect-encoding.ts';

const cp1252 = Buffer.from([0x43, 0xe1, 0x6d, 0x61, 0x72, 0x61, 0x3b, 0x80]); // "Cámara;€" in Windows-1252

describe('detectEncoding', () => {
  it('recognises plain UTF-8', () => {
    expect(detectEncoding(Buffer.from('producto_id,nombre\n1,Cámara\n'))).toEqual({ ok: true, encoding: 'utf-8', bom: false });
  });

  it('recognises UTF-8 with a byte-order mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n')]);
    expect(detectEncoding(bytes)).toEqual({ ok: true, encoding: 'utf-8', bom: true });
  });

  it('falls back to Windows-1252 for spreadsheet exports that are not valid UTF-8', () => {
    expect(detectEncoding(cp1252)).toEqual({ ok: true, encoding: 'windows-1252', bom: false });
  });

  it('rejects NUL bytes with their offset', () => {
    expect(detectEncoding(Buffer.from('a,b\n1,\u00002\n'))).toEqual({ ok: false, problem: 'nul_byte', byteOffset: 6 });
  });

  it('rejects bytes that Windows-1252 leaves undefined when the file is not UTF-8', () => {
    expect(detectEncoding(Buffer.from([0x61, 0xe1, 0x81, 0x62]))).toMatchObject({ ok: false, problem: 'not_text' });
  });

  it('keeps a multi-byte character split across chunks valid', () => {
    const bytes = Buffer.from('ñandú€𝄞'.repeat(10));
    for (let cut = 1; cut < 12; cut++) {
      const scanner = new EncodingScanner();
      scanner.push(bytes.subarray(0, cut));
      scanner.push(bytes.subarray(cut));
      expect(scanner.finish()).toEqual({ ok: true, encoding: 'utf-8', bom: false });
    }
  });

  it('treats a file ending in a truncated UTF-8 sequence as not UTF-8', () => {
    expect(detectEncoding(Buffer.from([0x61, 0xc3]))).toMatchObject({ ok: true, encoding: 'windows-1252' });
  });
});
