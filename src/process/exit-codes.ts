// The one exit-code table every command shares (README, "Exit codes"). A code means the same thing whichever
// command returns it; a command uses the subset that applies to it, and says which in its --help.
export const EXIT = {
  /** Done: loaded, valid at --fail-on, sent, listed. */
  ok: 0,
  /** The command ran and something failed: a check at or above --fail-on, an object not sent, a migration, an internal error. */
  failed: 1,
  /** Bad input, nothing done: arguments, configuration, data files refused, no database yet, pending migrations. */
  usage: 2,
  /** Another run holds the lock (another load, another monitor run): nothing done. */
  locked: 3,
  /** Monitor only: the file does not exist. */
  missing_file: 4,
  /** Monitor only: the file is not a readable file. */
  unreadable_file: 5,
  /** Monitor only: the file is stale. */
  stale_file: 6,
  /** Monitor only: the load refused the files. */
  load_failed: 7,
  /** Monitor only: validation failed at or above --fail-on, nothing sent. */
  validation_failed: 8,
  /** Monitor only: sending to S3 failed. */
  send_failed: 9,
  /** Stopped by SIGINT or SIGTERM (its load rolled back). */
  interrupted: 10,
  /** Refused by the job's open circuit breaker. */
  breaker_open: 11,
  /** Cannot connect to the database (or open its SQLite file). */
  database_unreachable: 12,
} as const;

export type ExitName = keyof typeof EXIT;

/** One line per code, as --help and the README print them. */
export const EXIT_MEANING: Record<ExitName, string> = {
  ok: 'done',
  failed: 'ran, and something failed',
  usage: 'bad input or arguments, pending migrations: nothing done',
  locked: 'another run holds the lock: nothing done',
  missing_file: 'the file does not exist',
  unreadable_file: 'the file is not a readable file',
  stale_file: 'the file is stale',
  load_failed: 'the load refused the files',
  validation_failed: 'validation failed at or above --fail-on: not sent',
  send_failed: 'sending failed',
  interrupted: 'stopped by SIGINT or SIGTERM',
  breaker_open: "refused by the job's open circuit breaker",
  database_unreachable: 'cannot connect to the database',
};
