// How a command reports that it cannot go on: one line on stderr (`error: ...`), or with --json one JSON
// object on stdout, then the exit code. The one copy of the error helper every command used to keep.
import type { CommandSpec } from './command-spec.ts';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  exit(code: number): never;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
};

export interface CliOutput {
  json: boolean;
  /** Reports the error and exits with `exitCode`; `extra` goes into the JSON error (e.g. `holder`). */
  fail(code: string, message: string, exitCode: number, extra?: Record<string, unknown>): never;
}

export function cliOutput(json: boolean, shape: CommandSpec['jsonErrors'] = 'status', io: CliIo = processIo): CliOutput {
  return {
    json,
    fail(code, message, exitCode, extra = {}) {
      if (!json) io.stderr(`error: ${message}\n`);
      else if (shape === 'outcome') io.stdout(JSON.stringify({ outcome: code, exitCode, message, ...extra }) + '\n');
      else io.stdout(JSON.stringify({ status: 'error', error: { code, message, ...extra } }) + '\n');
      return io.exit(exitCode);
    },
  };
}
