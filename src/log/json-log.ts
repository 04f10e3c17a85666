// Structured logs: one JSON object per line, appended to a file under LOG_DIR (default logs/).
import { appendFileSync, mkdirSync } from 'node:fs';
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

export function openJsonLog(fileName: string, component: string, base: Record<string, unknown> = {}): JsonLog {
  const path = join(logDir(), fileName);
  mkdirSync(logDir(), { recursive: true });
  const make = (bound: Record<string, unknown>): JsonLog => ({
    path,
    write(level, msg, fields = {}) {
      // Sync appends: a handful of lines per step, and none may be lost if the process then dies.
      appendFileSync(path, JSON.stringify({ time: new Date().toISOString(), level, component, ...bound, msg, ...fields }) + '\n');
    },
    with(fields) {
      return make({ ...bound, ...fields });
    },
  });
  return make(base);
}
