// What of a stored or thrown message may reach a client: files by base name only, no host name, pid or
// absolute path, at most QUOTE_CHARS of any quoted file content and MAX_CHARS in all. The server log
// keeps the full message; this is only for what is sent.
import { hostname } from 'node:os';

/** Longest quoted span (a header, a field) shown to a client. */
export const QUOTE_CHARS = 200;
/** Longest message shown to a client (a row_count_drop over four files is about 450 characters). */
export const MAX_CHARS = 600;

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max)}…`);

// An absolute POSIX path (/a/b, ~/a, file:///a) or Windows path (C:\a\b): replaced by its last part.
const POSIX_PATH = /(?:file:\/\/)?(?:~|(?<![\w.:/-]))\/(?:[^\s'"`()<>,;:|*?]+\/?)+/g;
const WINDOWS_PATH = /\b[A-Za-z]:\\(?:[^\s'"`()<>,;|*?\\]+\\?)+/g;
const lastPart = (path: string) =>
  path
    .replace(/[\\/]+$/, '')
    .split(/[\\/]/)
    .pop() || '.';

export interface Runner {
  host?: string | null;
}

export function publicMessage(text: string, runner?: Runner): string;
export function publicMessage(text: string | null, runner?: Runner): string | null;
export function publicMessage(text: string | null, runner: Runner = {}): string | null {
  if (text === null) return null;
  let out = text.length > 64 * MAX_CHARS ? text.slice(0, 64 * MAX_CHARS) : text; // bounds the regex work
  // "(pid 123 on host)" as the run bookkeeping words it, then any other pid or host name.
  out = out.replace(/\s*\(pid \d+ on [^)]*\)/g, '');
  out = out.replace(/\bpids? \d+(?:\s*,\s*\d+)*/gi, 'a process');
  for (const host of new Set([hostname(), runner.host].filter((h): h is string => !!h && h.length > 1))) {
    // As a whole word only: a host called "data" must not eat "data/" in a message.
    out = out.replace(new RegExp(`(?<![\\w.-])${host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w/-])`, 'g'), 'a host');
  }
  out = out.replace(WINDOWS_PATH, lastPart).replace(POSIX_PATH, lastPart);
  // Quoted spans are where file content is echoed (headers, values): each is cut to QUOTE_CHARS.
  // (An unclosed quote runs to the end: a message cut short by its writer.)
  out = out.replace(/"(?:[^"\\]|\\.)*(?:"|$)|'[^']*(?:'|$)/g, (q) =>
    q.length <= QUOTE_CHARS + 2 ? q : `${q.slice(0, QUOTE_CHARS + 1)}…${q[0]}`,
  );
  return cut(out, MAX_CHARS);
}
