// What `validate --lint` (and a run with a bad checks file) tells: every error as file:line:column and
// what was expected, or how many checks the file declares. Also the CLI flags of declared checks, kept
// here so the validate script only spreads them into its own.
import { formatLintError, type ChecksFile } from './types.ts';

export const DECLARED_CHECK_FLAGS = {
  checks: { type: 'string' },
  check: { type: 'string' },
  lint: { type: 'boolean', default: false },
} as const;

export interface LintReport {
  exitCode: 0 | 2;
  text: string;
  json: { status: 'ok' | 'error'; file: string; present: boolean; checks: string[]; errors: ChecksFile['errors'] };
}

export function lintReport(file: ChecksFile): LintReport {
  const json = { file: file.file, present: file.present, checks: file.checks.map((c) => c.name), errors: file.errors };
  if (file.errors.length > 0) {
    const text = [
      ...file.errors.map(formatLintError),
      `${file.file}: ${file.errors.length} error${file.errors.length === 1 ? '' : 's'}; none of its checks will run until they are fixed`,
    ].join('\n');
    return { exitCode: 2, text, json: { status: 'error', ...json } };
  }
  const text = file.present
    ? `${file.file}: ok, ${file.checks.length} declared check${file.checks.length === 1 ? '' : 's'}${Object.keys(file.builtins).length ? `, ${Object.keys(file.builtins).length} built-in override(s)` : ''}`
    : `${file.file}: no such file; only the built-in checks run`;
  return { exitCode: 0, text, json: { status: 'ok', ...json } };
}
