// `.env` in the working directory, read the same way by every command and the server. Variables already in
// the real environment win over the file (so `DATABASE_URL=... npm run seed` beats a .env).
import { existsSync, readFileSync } from 'node:fs';

export const ENV_FILE = '.env';

/** `KEY=value` lines; `#` comments, blank lines and a leading `export ` ignored; quotes stripped. */
export function parseEnvText(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(raw);
    if (!match) continue;
    let value = match[2]!.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.indexOf(quote, 1) > 0) value = value.slice(1, value.indexOf(quote, 1));
    else value = value.replace(/\s+#.*$/, '');
    vars[match[1]!] = quote === '"' ? value.replaceAll('\\n', '\n') : value;
  }
  return vars;
}

export interface EnvFileDeps {
  exists(path: string): boolean;
  read(path: string): string;
  /** Node's own loader (20.12+), used when present; it never overwrites a variable already set. */
  loadEnvFile?: (path: string) => void;
}

const nodeDeps: EnvFileDeps = {
  exists: existsSync,
  read: (path) => readFileSync(path, 'utf8'),
  loadEnvFile: typeof process.loadEnvFile === 'function' ? (path) => process.loadEnvFile(path) : undefined,
};

/** Loads `path` into `env` when the file exists; returns whether it did. */
export function loadEnvFile(path: string = ENV_FILE, env: NodeJS.ProcessEnv = process.env, deps: EnvFileDeps = nodeDeps): boolean {
  if (!deps.exists(path)) return false;
  if (env === process.env && deps.loadEnvFile) {
    deps.loadEnvFile(path);
    return true;
  }
  for (const [key, value] of Object.entries(parseEnvText(deps.read(path)))) if (env[key] === undefined) env[key] = value;
  return true;
}
