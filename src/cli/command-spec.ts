// What a command declares about its own face: name, options, sub-commands and the exit codes it uses.
// --help, the usage line and the unknown-flag suggestion are all derived from it.
import type { ExitName } from '../process/exit-codes.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  default?: string | boolean;
  short?: string;
  /** The value's placeholder in --help and the usage line (`DIR`, `YYYY-MM-DD`). */
  value?: string;
  description: string;
  /** Accepted but not listed (set by another program, e.g. the API's reload). */
  hidden?: boolean;
}

export interface CommandSpec {
  /** The npm script: `npm run <name>`. */
  name: string;
  /** One or two sentences on what the command does. */
  summary: string;
  /** The usage line after `npm run <name> -- `; derived from the options when absent. */
  synopsis?: string;
  /** Positional sub-commands (`migrate up|down|status`); the first is the default. */
  commands?: { name: string; description: string }[];
  options: Record<string, OptionSpec>;
  /** The codes of the shared table this command returns, each with what it means here ('' keeps the table's words). */
  exits: Partial<Record<ExitName, string>>;
  /** Lines printed after the options (examples, shapes). */
  notes?: string[];
  /** How --json reports errors: `status` ({status:'error',error:{code,message}}) or `outcome` (the monitor's). */
  jsonErrors?: 'status' | 'outcome';
}
