import { describe, expect, it } from 'vitest';
import { decodeWindows1252 } from '../../src/etl/decode-windows-1252.ts';

describe('decodeWindows1252', () => {
  it('decodes the euro sign and the other 0x80-0x9F characters, not Latin-1 controls', () => {
    expect(decodeWindows1252(Buffer.from([0x80, 0x31, 0x32, 0x2c, 0x35, 0x30]))).toBe('€12,50');
    expect(decodeWindows1252(Buffer.from([0x93, 0x68, 0x6f, 0x6c, 0x61, 0x94, 0x85]))).toBe('“hola”…');
  });

  it('decodes accented Spanish letters', () => {
    expect(decodeWindows1252(Buffer.from('Categor\xeda Electr\xf3nicos A\xd1O', 'latin1'))).toBe('Categoría Electrónicos AÑO');
  });

  it('decodes every chunk the same way (no state between calls)', () => {
    const chunk = Buffer.from([0x80, 0x41]);
    expect([decodeWindows1252(chunk), decodeWindows1252(chunk), decodeWindows1252(chunk)]).toEqual(['€A', '€A', '€A']);
  });
});
