// Decides, from a file's bytes fed in chunks, whether it is UTF-8 (with or without BOM) or Windows-1252 text.
import { isUtf8 } from 'node:buffer';

export type TextEncoding = 'utf-8' | 'windows-1252';

export type EncodingVerdict =
  | { ok: true; encoding: TextEncoding; bom: boolean }
  | { ok: false; problem: 'nul_byte' | 'not_text'; byteOffset: number };

/** Bytes that Windows-1252 leaves undefined: a file holding them is neither UTF-8 nor Windows-1252. */
const CP1252_UNDEFINED = [0x81, 0x8d, 0x8f, 0x90, 0x9d];
const BOM = [0xef, 0xbb, 0xbf];

/** Length of the tail of `buf` that starts a UTF-8 sequence the chunk does not complete. */
function incompleteTail(buf: Buffer): number {
  for (let i = 1; i <= Math.min(3, buf.length); i++) {
    const b = buf[buf.length - i]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return 0;
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return i < needed ? i : 0;
  }
  return 0;
}

export class EncodingScanner {
  private offset = 0;
  private utf8 = true;
  private carry: Buffer = Buffer.alloc(0);
  private firstBytes: number[] = [];
  private nulAt = -1;
  private undefinedCp1252At = -1;

  push(chunk: Buffer): void {
    if (this.firstBytes.length < 3) this.firstBytes.push(...chunk.subarray(0, 3 - this.firstBytes.length));
    if (this.nulAt < 0) {
      const nul = chunk.indexOf(0);
      if (nul >= 0) this.nulAt = this.offset + nul;
    }
    if (this.undefinedCp1252At < 0) {
      for (const byte of CP1252_UNDEFINED) {
        const at = chunk.indexOf(byte);
        if (at >= 0 && (this.undefinedCp1252At < 0 || this.offset + at < this.undefinedCp1252At)) {
          this.undefinedCp1252At = this.offset + at;
        }
      }
    }
    if (this.utf8) {
      let body = chunk;
      if (this.carry.length > 0) {
        // Complete the sequence the previous chunk cut, without copying the whole chunk.
        const lead = this.carry[0]!;
        const missing = (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2) - this.carry.length;
        if (!isUtf8(Buffer.concat([this.carry, chunk.subarray(0, missing)]))) this.utf8 = false;
        body = chunk.subarray(missing);
      }
      const tail = incompleteTail(body);
      if (!isUtf8(body.subarray(0, body.length - tail))) this.utf8 = false;
      this.carry = Buffer.from(body.subarray(body.length - tail));
    }
    this.offset += chunk.length;
  }

  /** Whether the bytes seen so far already rule the file out (no need to read further). */
  get failed(): boolean {
    return this.nulAt >= 0;
  }

  finish(): EncodingVerdict {
    if (this.nulAt >= 0) return { ok: false, problem: 'nul_byte', byteOffset: this.nulAt };
    if (this.utf8 && this.carry.length === 0) {
      const bom = BOM.every((b, i) => this.firstBytes[i] === b);
      return { ok: true, encoding: 'utf-8', bom };
    }
    if (this.undefinedCp1252At >= 0) return { ok: false, problem: 'not_text', byteOffset: this.undefinedCp1252At };
    return { ok: true, encoding: 'windows-1252', bom: false };
  }
}

/** Convenience for whole buffers (tests, small files). */
export function detectEncoding(bytes: Buffer): EncodingVerdict {
  const scanner = new EncodingScanner();
  scanner.push(bytes);
  return scanner.finish();
}
