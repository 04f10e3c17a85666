// Is the file recent enough: modified within a maximum age (`24h`, `90m`, `2d`), or "today" in a time zone.
import type { Stats } from 'node:fs';

export type MaxAge = { kind: 'duration'; ms: number; text: string } | { kind: 'today'; timeZone: string };

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseMaxAge(text: string, timeZone: string): MaxAge {
  if (text === 'today') return { kind: 'today', timeZone };
  const m = /^(\d+(?:\.\d+)?)\s*([smhd])$/.exec(text.trim());
  if (!m) throw new Error(`--max-age must be a duration like 24h, 90m, 2d, or "today"; got "${text}"`);
  return { kind: 'duration', ms: Number(m[1]) * UNITS[m[2]!]!, text };
}

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function dayIn(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export function isFresh(stats: Pick<Stats, 'mtime'>, maxAge: MaxAge, now: Date): boolean {
  if (maxAge.kind === 'today') return dayIn(stats.mtime, maxAge.timeZone) === dayIn(now, maxAge.timeZone);
  return now.getTime() - stats.mtime.getTime() <= maxAge.ms;
}
