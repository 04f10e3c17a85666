// Errors of the ETL: a code, the file (and line, field where known) and the cause, never a bare string.
import type { FatalCode } from './codes.ts';

export interface InputErrorContext {
  file: string;
  line?: number;
  field?: string;
  cause?: unknown;
  /** Code-specific facts for callers and JSON output (e.g. the counts of a row-count drop). */
  details?: Record<string, unknown>;
}

/** Bad input that stops the load before the data tables change (exit code 2). */
export class InputError extends Error {
  readonly code: FatalCode;
  readonly file: string;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: FatalCode, message: string, context: InputErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'InputError';
    this.code = code;
    this.file = context.file;
    this.line = context.line;
    this.field = context.field;
    this.details = context.details;
  }

  toJSON() {
    return {
      code: this.code,
      file: this.file,
      ...(this.line === undefined ? {} : { line: this.line }),
      ...(this.field === undefined ? {} : { field: this.field }),
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

/** A failure of the load itself (database, file system): the transaction is rolled back (exit code 1). */
export class LoadError extends Error {
  readonly code = 'load_failed';
  constructor(
    message: string,
    readonly step: string,
    options: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'LoadError';
  }
}
