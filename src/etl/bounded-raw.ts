// What the quarantine stores of a record's raw text: all of it up to a few KiB; past that, a prefix plus
// the whole record's byte length and SHA-256, so one giant record never becomes a giant row or page.
import { createHash } from 'node:crypto';
import { utf8Prefix } from './csv-splitter.ts';

export interface BoundedRaw {
  text: string;
  /** Null when `text` is the whole record. */
  bytes: number | null;
  sha256: string | null;
}

/** `known` carries the length and hash the reader already took of a record it could only keep a prefix of. */
export function boundedRaw(raw: string, maxBytes: number, known?: { bytes?: number; sha256?: string }): BoundedRaw {
  if (known?.bytes !== undefined && known.sha256 !== undefined)
    return { text: utf8Prefix(raw, maxBytes), bytes: known.bytes, sha256: known.sha256 };
  // Fast exit: even at 3 bytes per UTF-16 unit the text fits.
  if (raw.length * 3 <= maxBytes) return { text: raw, bytes: null, sha256: null };
  const bytes = Buffer.byteLength(raw, 'utf8');
  if (bytes <= maxBytes) return { text: raw, bytes: null, sha256: null };
  return { text: utf8Prefix(raw, maxBytes), bytes, sha256: createHash('sha256').update(raw, 'utf8').digest('hex') };
}
