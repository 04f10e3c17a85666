// Structured logs: one JSON object per line, appended to a file under LOG_DIR (default logs/).
import { appendFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warning' | 'error' | 'critical';

export interface JsonLog {
  readonly path: string;
  write(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
  /** A logger whose lines all carry the given fields (e.g. the load id). */
  with(fields: Record<string, unknown>): JsonLog;
}

export function logDir(): string {
  return resolve(process.env.LOG_DIR ?? 'logs');
}

export interface LogOptions {
  /**
   * Buffered writes through a stream, for hot paths such as one line per HTTP request. The default is a
   * synchronous append: a handful of lines per step, none lost if the process then dies.
   */
  buffered?: boolean;
}

export function openJsonLog(fileName: string, component: string, base: Record<string, unknown> = {}, options: LogOptions = {}): JsonLog {
  const path = join(logDir(), fileName);
  mkdirSync(logDir(), { recursive: true });
  const stream = options.buffered ? createWriteStream(path, { flags: 'a' }) : null;
  const make = (bound: Record<string, unknown>): JsonLog => ({
    path,
    write(level, msg, fields = {}) {
      const line = JSON.stringify({ time: new Date().toISOString(), level, component, ...bound, msg, ...fields }) + '\n';
      if (stream) stream.write(line);
      else appendFileSync(path, line);
    },
    with(fields) {
      return make({ ...bound, ...fields });
    },
  });
  return make(base);
}
