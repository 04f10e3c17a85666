// Splits decoded CSV text into records: RFC 4180 quoting, any mix of LF, CRLF and CR line endings,
// physical line numbers, and a maximum record size past which a record is cut back and reading goes on.
// Pure (text in, records out): the file reading and decoding live in read-records.ts.
import { createHash, type Hash } from 'node:crypto';

export interface SplitRecord {
  /** 1-based physical line where the record starts (LF, CRLF and a lone CR each end a line). */
  line: number;
  /** The record's text without its line ending; for an oversized line, only its first bytes (see `bytes`). */
  raw: string;
  /** The fields, or null when the record could not be read (see `problem`). */
  fields: string[] | null;
  problem?: string;
  /** Set when `raw` is a prefix: the full record's length in UTF-8 bytes and its SHA-256 (hex). */
  bytes?: number;
  sha256?: string;
}

export interface SplitterOptions {
  delimiter: string;
  /** Longest record, in characters, before it is cut back (see `CsvSplitter`). */
  maxRecordChars: number;
  /** How much of an oversized line is kept as its raw text, in UTF-8 bytes. */
  keptPrefixBytes: number;
}

const LF = 10;
const CR = 13;
const QUOTE = 34;
/** Largest array made ahead of a record's fields (V8 keeps arrays made this size in fast mode). */
const MAX_FIELDS_HINT = 1024;
/** parseRecord's answer when the buffer ends before the record does. */
const INCOMPLETE = -1;
/** parseRecord's answer when a record cannot be completed: past the size limit, or a quote never closed. */
const CUT = -2;

/** Cuts text to at most `maxBytes` of UTF-8, never inside a character. */
export function utf8Prefix(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text;
  let bytes = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    if (size === 4) i++; // the low surrogate travels with its high one
  }
  return text.slice(0, i);
}

/**
 * Feed it text with `push`, then call `end`; records come out through `emit` in file order.
 *
 * Where a record cannot be read whole, reading resumes as follows:
 * - A physical line longer than `maxRecordChars` is one malformed record: its first `keptPrefixBytes`
 *   are kept with its full length and SHA-256, and reading resumes at the start of the next line.
 * - A record that spans lines (an open quoted field) and would pass `maxRecordChars`, or whose quote is
 *   never closed before the end of the text, is cut back to its first physical line, which becomes one
 *   malformed record; reading resumes at the start of the next line, so one stray quote costs one line.
 */
export class CsvSplitter {
  private buf = '';
  private line = 1;
  /** Oversized line being skipped: its start line, kept prefix, running length and hash. */
  private skipping: { line: number; prefix: string; bytes: number; hash: Hash } | null = null;
  /** A CR ended the previous piece of text: an LF at the start of the next one belongs to it. */
  private pendingCr = false;
  /** Don't re-parse a long incomplete record before the buffer has grown this far (keeps re-scans linear). */
  private waitFor = 0;
  private readonly delimiter: number;
  /** Fields of the last record read: the next record's array is made that size. */
  private fieldsHint = 0;

  constructor(
    private readonly options: SplitterOptions,
    private readonly emit: (record: SplitRecord) => void,
  ) {
    if (options.delimiter.length !== 1) throw new Error(`a delimiter is one character, got ${JSON.stringify(options.delimiter)}`);
    this.delimiter = options.delimiter.charCodeAt(0);
  }

  push(text: string): void {
    if (text.length === 0) return;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === LF) text = text.slice(1);
    }
    if (this.skipping) {
      text = this.skip(text);
      if (this.skipping) return;
    }
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    if (this.buf.length < this.waitFor) return;
    this.drain(false);
  }

  end(): void {
    if (this.skipping) this.finishSkip();
    this.drain(true);
    this.buf = '';
  }

  /** Consumes an oversized line up to its end; returns the text after it ('' while the line goes on). */
  private skip(text: string): string {
    const s = this.skipping!;
    const end = breakAt(text, 0);
    const part = end === text.length ? text : text.slice(0, end);
    s.hash.update(part, 'utf8');
    s.bytes += Buffer.byteLength(part, 'utf8');
    if (end === text.length) return '';
    this.finishSkip();
    this.line++;
    return text.slice(this.pastBreak(text, end));
  }

  /** Starts skipping an oversized line whose text so far is `seen`: a prefix kept, the rest only hashed. */
  private startSkip(seen: string): void {
    const hash = createHash('sha256').update(seen, 'utf8');
    this.skipping = {
      line: this.line,
      prefix: utf8Prefix(seen, this.options.keptPrefixBytes),
      bytes: Buffer.byteLength(seen, 'utf8'),
      hash,
    };
  }

  private finishSkip(): void {
    const s = this.skipping!;
    this.skipping = null;
    this.emit({
      line: s.line,
      raw: s.prefix,
      fields: null,
      problem: `record longer than the ${this.options.maxRecordChars.toLocaleString('en')}-character limit (${s.bytes.toLocaleString('en')} bytes); its first ${this.options.keptPrefixBytes.toLocaleString('en')} bytes are kept`,
      bytes: s.bytes,
      sha256: s.hash.digest('hex'),
    });
  }

  /**
   * The index after the line break at `at` (CRLF counts as one). A CR that ends the text may be half of a
   * CRLF: the LF, if the next text starts with one, is dropped then.
   */
  private pastBreak(text: string, at: number): number {
    if (text.charCodeAt(at) === CR) {
      if (at + 1 === text.length) {
        this.pendingCr = true;
        return at + 1;
      }
      if (text.charCodeAt(at + 1) === LF) return at + 2;
    }
    return at + 1;
  }

  private drain(final: boolean): void {
    const buf = this.buf;
    const n = buf.length;
    let pos = 0;
    while (pos < n) {
      const c = buf.charCodeAt(pos);
      // Blank lines: skipped, but they count as lines.
      if (c === LF) {
        pos++;
        this.line++;
        continue;
      }
      if (c === CR) {
        if (pos + 1 === n && !final) break;
        pos += buf.charCodeAt(pos + 1) === LF ? 2 : 1;
        this.line++;
        continue;
      }
      const end = this.parseRecord(buf, pos, final);
      if (end === INCOMPLETE) break;
      if (end === CUT) {
        const resume = this.cutBack(buf, pos, final);
        if (resume === INCOMPLETE) break;
        pos = resume;
        if (this.skipping) break;
        continue;
      }
      pos = end;
    }
    const rest = n - pos;
    this.buf = pos === 0 ? buf : buf.slice(pos);
    // A long partial record is parsed again only after the buffer doubles: linear, not quadratic.
    this.waitFor = rest > 65_536 ? rest * 2 : 0;
  }

  /**
   * Parses one record starting at `start` (not at a line break). Emits it and returns the index after its
   * line ending; or INCOMPLETE when the text ends first; or CUT when it cannot be completed.
   */
  private parseRecord(buf: string, start: number, final: boolean): number {
    const n = buf.length;
    const delimiter = this.delimiter;
    const limit = start + this.options.maxRecordChars;
    // Sized as the previous record was (up to a bound; a wider record grows it): pushing into an empty array
    // reallocates it as it grows, an eighth of the bytes a 1M-row file allocated while it was read (BENCHMARKS.md).
    const fields: string[] = new Array(Math.min(this.fieldsHint, MAX_FIELDS_HINT));
    let count = 0;
    let breaks = 0; // line breaks inside quoted fields
    let i = start;
    for (;;) {
      const fieldBegin = i;
      let c = buf.charCodeAt(i);
      let fieldEnd: number;
      if (c === QUOTE) {
        // Quoted field: runs to a quote that is not doubled.
        let j = i + 1;
        let text = '';
        let from = j;
        let closed = -1;
        for (; j < n && j <= limit; j++) {
          const q = buf.charCodeAt(j);
          if (q === QUOTE) {
            if (j + 1 === n && !final) return INCOMPLETE;
            if (buf.charCodeAt(j + 1) === QUOTE) {
              text += buf.slice(from, j + 1);
              from = j + 2;
              j++;
              continue;
            }
            closed = j;
            break;
          }
          if (q === LF || (q === CR && buf.charCodeAt(j + 1) !== LF)) breaks++;
        }
        if (closed === -1) {
          if (j > limit) return CUT;
          return final ? CUT : INCOMPLETE;
        }
        i = closed + 1;
        c = i < n ? buf.charCodeAt(i) : -1;
        if (c === delimiter || c === LF || c === CR || c === -1) {
          fields[count++] = text + buf.slice(from, closed);
          fieldEnd = i;
        } else {
          // Text after the closing quote: the field is taken literally, quotes and all, to the next delimiter.
          let k = i;
          while (k < n && k <= limit) {
            const d = buf.charCodeAt(k);
            if (d === delimiter || d === LF || d === CR) break;
            k++;
          }
          if (k > limit) return CUT;
          if (k === n && !final) return INCOMPLETE;
          fields[count++] = buf.slice(fieldBegin, k);
          fieldEnd = k;
        }
      } else {
        let k = i;
        while (k < n) {
          const d = buf.charCodeAt(k);
          if (d === delimiter || d === LF || d === CR) break;
          k++;
        }
        if (k > limit) return CUT;
        if (k === n && !final) return INCOMPLETE;
        fields[count++] = buf.slice(i, k);
        fieldEnd = k;
      }
      if (fieldEnd > limit) return CUT;
      const d = fieldEnd < n ? buf.charCodeAt(fieldEnd) : -1;
      if (d === delimiter) {
        i = fieldEnd + 1;
        if (i === n) {
          if (!final) return INCOMPLETE;
          fields[count++] = '';
          return this.finish(buf, start, n, n, fields, count, breaks);
        }
        continue;
      }
      if (d === -1) return this.finish(buf, start, n, n, fields, count, breaks);
      if (d === CR) {
        if (fieldEnd + 1 === n && !final) return INCOMPLETE;
        return this.finish(buf, start, fieldEnd, buf.charCodeAt(fieldEnd + 1) === LF ? fieldEnd + 2 : fieldEnd + 1, fields, count, breaks);
      }
      return this.finish(buf, start, fieldEnd, fieldEnd + 1, fields, count, breaks);
    }
  }

  private finish(buf: string, start: number, rawEnd: number, next: number, fields: string[], count: number, breaks: number): number {
    if (fields.length !== count) fields.length = count;
    this.fieldsHint = count;
    this.emit({ line: this.line, raw: buf.slice(start, rawEnd), fields });
    this.line += breaks + 1;
    return next;
  }

  /**
   * Cuts an unreadable record back to its first physical line and emits it as malformed; returns where
   * reading resumes, or INCOMPLETE when that line has not ended yet and is still within the limit.
   */
  private cutBack(buf: string, start: number, final: boolean): number {
    const n = buf.length;
    const max = this.options.maxRecordChars;
    const end = breakAt(buf, start);
    if (end === n && !final) {
      if (end - start <= max) return INCOMPLETE;
      // An oversized line still going on: keep a prefix, hash it all while skipping to its end.
      this.startSkip(buf.slice(start, end));
      return n;
    }
    const text = buf.slice(start, end);
    if (end - start > max) {
      this.startSkip(text);
      this.finishSkip();
    } else {
      this.emit({
        line: this.line,
        raw: text,
        fields: null,
        problem: `a quoted field is not closed within the ${max.toLocaleString('en')}-character record limit or before the end of the file; this line is quarantined and reading resumes on the next one`,
      });
    }
    this.line++;
    return end === n ? n : this.pastBreak(buf, end);
  }
}

/** Index of the first LF or CR at or after `from`, or the text's length. */
function breakAt(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) break;
    i++;
  }
  return i;
}
