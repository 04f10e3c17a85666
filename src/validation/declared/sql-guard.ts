// Decides whether a declared query is a single read-only SELECT before it is ever sent: the text is
// split into words outside strings, quoted names and comments, and refused when it holds a second
// statement, does not start with SELECT or WITH, or names anything that writes or reaches outside the
// database (a write inside a WITH, PRAGMA, ATTACH, SELECT INTO, functions such as set_config). The
// query also runs on a read-only connection (read-only.ts): this guard gives a clear message up front,
// the connection is what makes a write impossible.

const FORBIDDEN = new Set([
  'insert',
  'update',
  'delete',
  'merge',
  'upsert',
  'pragma',
  'attach',
  'detach',
  'create',
  'drop',
  'alter',
  'truncate',
  'vacuum',
  'reindex',
  'analyze',
  'grant',
  'revoke',
  'copy',
  'call',
  'execute',
  'lock',
  'into',
  'listen',
  'notify',
  'set_config',
  'pg_sleep',
  'pg_read_file',
  'pg_read_binary_file',
  'pg_ls_dir',
  'pg_stat_file',
  'lo_import',
  'lo_export',
  'dblink',
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_reload_conf',
  'load_extension',
  'readfile',
  'writefile',
  'nextval',
  'setval',
  'pg_advisory_lock',
  'pg_notify',
]);

export interface GuardVerdict {
  ok: boolean;
  /** What is wrong, and the offset in the query it is at. */
  message?: string;
  offset?: number;
  /** The query without a trailing semicolon, ready to wrap as a subquery. */
  query?: string;
}

/** Words (with offsets) and semicolons of `text` outside literals and comments; null when a literal or comment is not closed. */
function scan(text: string): Array<{ word: string; at: number }> | null {
  const out: Array<{ word: string; at: number }> = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return null;
      // A doubled quote inside a literal continues it: skipping to the next quote and rescanning handles both.
      i = end + 1;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end + 1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return null;
      i = end + 2;
      continue;
    }
    if (c === '$') {
      // PostgreSQL dollar quoting ($$...$$ or $tag$...$tag$): refused outright, it can hide anything.
      const tag = /^\$[a-z_]*\$/i.exec(text.slice(i));
      if (tag) {
        out.push({ word: '$$', at: i });
        i += tag[0].length;
        continue;
      }
    }
    if (c === ';') {
      out.push({ word: ';', at: i });
      i++;
      continue;
    }
    const word = /^[a-z_][a-z0-9_]*/i.exec(text.slice(i, i + 64));
    if (word) {
      out.push({ word: word[0].toLowerCase(), at: i });
      i += word[0].length;
      continue;
    }
    i++;
  }
  return out;
}

export function guardQuery(text: string): GuardVerdict {
  const words = scan(text);
  if (words === null) return { ok: false, message: 'expected a single SELECT: a quote or comment is not closed', offset: 0 };
  const semis = words.filter((w) => w.word === ';');
  const last = semis.at(-1);
  const trailing =
    last !== undefined &&
    text
      .slice(last.at + 1)
      .replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '')
      .trim() === '';
  if (semis.length > 1 || (semis.length === 1 && !trailing)) {
    return {
      ok: false,
      message: 'expected a single SELECT statement, found more than one (statements separated by ";")',
      offset: semis[0]!.at,
    };
  }
  const first = words.find((w) => w.word !== ';');
  if (!first || (first.word !== 'select' && first.word !== 'with')) {
    return {
      ok: false,
      message: `expected a SELECT query (or WITH ... SELECT), got ${first ? `"${first.word.toUpperCase()}"` : 'nothing'}`,
      offset: first?.at ?? 0,
    };
  }
  const bad = words.find((w) => FORBIDDEN.has(w.word) || w.word === '$$');
  if (bad) {
    return {
      ok: false,
      message: `expected a read-only SELECT: "${bad.word === '$$' ? '$$' : bad.word.toUpperCase()}" is not allowed in a declared query`,
      offset: bad.at,
    };
  }
  return { ok: true, query: trailing ? text.slice(0, last!.at) : text };
}
