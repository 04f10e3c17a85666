// The checks of a run: the built-in ones (minus those the checks file switches off, with its severities
// over config/validation.json's over their own), then the declared ones. A checks file with errors adds
// none of its checks or overrides; instead a `checks_file` result fails with the coded error and the
// file's problems, so a bad file is seen in every report without stopping the run or a load.
import type { ValidationConfig } from '../config.ts';
import type { Check, CheckFinding } from '../types.ts';
import { declaredCheck } from './declared-check.ts';
import { type ChecksFile, formatLintError } from './types.ts';

export const CHECKS_FILE_CODE = 'checks_file';
export const CHECKS_FILE_INVALID = 'CHECKS_FILE_INVALID';

function fileProblem(file: ChecksFile): Check {
  const description = `The checks file ${file.file} is valid`;
  const runbook = 'docs/runbooks/declared_checks.md';
  return {
    code: CHECKS_FILE_CODE,
    severity: 'ERROR',
    description,
    runbook,
    async run(ctx): Promise<CheckFinding> {
      const errors = file.errors.slice(0, 50);
      const first = file.errors[0]!;
      return {
        passed: false,
        rowsAffected: file.errors.length,
        samples: errors.slice(0, ctx.config.sampleSize).map((e) => ({ line: e.line, column: e.column, message: e.message })),
        impact: null,
        details: {
          declared: { kind: CHECKS_FILE_CODE, description, runbook },
          code: CHECKS_FILE_INVALID,
          errors,
          errorsTruncated: file.errors.length > errors.length,
        },
        error: `${CHECKS_FILE_INVALID}: ${file.errors.length} error${file.errors.length === 1 ? '' : 's'} in the checks file, none of its checks ran (first: ${formatLintError(first)})`,
      };
    },
  };
}

export function planChecks(builtins: readonly Check[], config: ValidationConfig): Check[] {
  const file = config.checksFile;
  const usable = file !== undefined && file.errors.length === 0;
  const planned: Check[] = [];
  for (const check of builtins) {
    const override = usable ? file.builtins[check.code] : undefined;
    if (override && !override.enabled) continue;
    planned.push({ ...check, severity: override?.severity ?? config.severities[check.code] ?? check.severity });
  }
  if (file && !usable) planned.push(fileProblem(file));
  if (usable) for (const spec of file.checks) planned.push(declaredCheck(spec, file.file));
  return planned;
}
