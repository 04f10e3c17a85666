// Streams CSV records to disk in a chosen encoding, delimiter and line ending, and counts the
// physical lines written so every record knows the line it starts on (the line the ETL must
// report for a quarantined row). Buffers ~64 KB of text per write and waits for 'drain' when the
// disk falls behind, so memory stays flat however many rows are written.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { encodeWindows1252 } from './cp1252.ts';

export interface CsvFormat {
  encoding: 'utf-8' | 'windows-1252';
  delimiter: ',' | ';' | '\t';
  lineEnding: '\n' | '\r\n';
  bom: boolean;
}

const FLUSH_AT = 1 << 16;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export class CsvWriter {
  private readonly stream: WriteStream;
  private readonly needsQuotes: RegExp;
  private buffer = '';
  private nextLine = 1;
  private failure: Error | null = null;

  constructor(
    path: string,
    readonly format: CsvFormat,
  ) {
    if (format.bom && format.encoding !== 'utf-8') throw new Error('a BOM is only written for UTF-8');
    this.stream = createWriteStream(path);
    this.stream.on('error', (err) => (this.failure = err));
    this.needsQuotes = new RegExp(`[${format.delimiter === '\t' ? '\\t' : format.delimiter}"\\r\\n]`);
    if (format.bom) this.stream.write(UTF8_BOM);
  }

  /** The physical line the next record will start on (the header is line 1). */
  get line(): number {
    return this.nextLine;
  }

  /** Writes one record, quoting fields per RFC 4180 where needed; returns the line it starts on. */
  writeRecord(fields: readonly string[]): number {
    const start = this.nextLine;
    const delimiter = this.format.delimiter;
    let text = '';
    let breaks = 0;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (i > 0) text += delimiter;
      if (this.needsQuotes.test(field)) {
        if (field.includes('\r')) throw new Error('bare carriage returns inside fields are not generated');
        text += `"${field.replaceAll('"', '""')}"`;
        breaks += countNewlines(field);
      } else {
        text += field;
      }
    }
    this.buffer += text + this.format.lineEnding;
    this.nextLine += 1 + breaks;
    return start;
  }

  /** Writes a line as is (a deliberately broken record); returns its line number. */
  writeRawLine(text: string): number {
    if (/[\r\n]/.test(text)) throw new Error('a raw line must not contain line breaks');
    const start = this.nextLine++;
    this.buffer += text + this.format.lineEnding;
    return start;
  }

  /** A blank line: not a record, but it counts for the line numbers after it. */
  writeBlankLine(): void {
    this.buffer += this.format.lineEnding;
    this.nextLine++;
  }

  get shouldFlush(): boolean {
    return this.buffer.length >= FLUSH_AT;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.buffer.length === 0) return;
    const chunk = this.format.encoding === 'windows-1252' ? encodeWindows1252(this.buffer) : Buffer.from(this.buffer, 'utf8');
    this.buffer = '';
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
  }
}
