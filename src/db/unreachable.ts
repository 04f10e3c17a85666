// "Cannot connect to the database" as an error of its own, raised where a connection is made (connect.ts):
// a server that is down, refuses us or a SQLite file that cannot be opened is not "pending migrations", and a
// scheduler may retry it, where pending migrations or bad data need a person.
import { EXIT } from '../process/exit-codes.ts';

export const UNREACHABLE_CODE = 'database_unreachable';

/** The exit code every command gives when it cannot connect (seed, validate, upload, migrate, monitor, start). */
export const UNREACHABLE_EXIT_CODE = EXIT.database_unreachable;

export class DatabaseUnreachable extends Error {
  readonly code = UNREACHABLE_CODE;
  constructor(
    /** Where: `host:port (URL with the password masked)` or the SQLite file. */
    readonly where: string,
    /** The driver's reason, in one line. */
    readonly reason: string,
    options: { cause: unknown /** A file that is opened, or a server that is connected to. */; verb?: 'open' | 'connect to' },
  ) {
    super(`cannot ${options.verb ?? 'connect to'} the database at ${where}: ${reason}`, { cause: options.cause });
    this.name = 'DatabaseUnreachable';
  }
}

/** One line from a driver error; Node reports a refused `localhost` (IPv4 and IPv6 tried) as an AggregateError with no message. */
export function reasonOf(err: unknown): string {
  if (err instanceof AggregateError && !err.message) return [...new Set(err.errors.map(reasonOf))].join('; ');
  const e = err as { message?: unknown; code?: unknown };
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err);
  const code = typeof e.code === 'string' && !message.includes(e.code) ? ` (${e.code})` : '';
  return (message + code).replace(/\s+/g, ' ').trim();
}

export function isUnreachable(err: unknown): err is DatabaseUnreachable {
  return err instanceof DatabaseUnreachable;
}
