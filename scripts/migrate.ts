// CLI: `npm run migrate [-- up|down|status]` applies, reverts or lists the schema migrations.
// Exit codes (the shared table, src/process/exit-codes.ts): 0 done, 1 a migration failed, 2 bad arguments, 12 cannot connect.
import '../src/cli/load-env.ts';
import type { CommandSpec } from '../src/cli/command-spec.ts';
import { EXIT } from '../src/process/exit-codes.ts';
import { parseCommand } from '../src/cli/parse-args.ts';
import { openDatabase, resolveDatabaseTarget } from '../src/db/connect.ts';
import { migrateDown, migrateToLatest, migrationState } from '../src/db/migrator.ts';
import { isUnreachable } from '../src/db/unreachable.ts';

const SPEC: CommandSpec = {
  name: 'migrate',
  summary: 'Applies, reverts or lists the schema migrations of the database at DATABASE_URL (default database/empresa.db).',
  commands: [
    { name: 'up', description: 'apply every pending migration' },
    { name: 'down', description: 'revert the last applied migration' },
    { name: 'status', description: 'list applied and pending migrations' },
  ],
  options: {},
  exits: { ok: 'done (status: listed)', failed: 'a migration failed', usage: 'unknown command or option', database_unreachable: '' },
};

const { command } = parseCommand(SPEC);
let db;
try {
  db = openDatabase();
  if (command === 'status') {
    // Read before printing anything: a database that cannot be reached lists nothing (not "all pending").
    const state = await migrationState(db);
    console.log(`database: ${resolveDatabaseTarget().display}`);
    for (const name of state.applied) console.log(`  applied  ${name}`);
    for (const name of state.pending) console.log(`  pending  ${name}`);
    if (state.applied.length + state.pending.length === 0) console.log('  no migrations found');
  } else {
    const { results, error } = command === 'up' ? await migrateToLatest(db) : await migrateDown(db);
    if (results.length === 0) console.log(command === 'up' ? 'schema is up to date' : 'no migration to revert');
    for (const r of results) console.log(`  ${r.status.padEnd(11)} ${r.direction.toLowerCase().padEnd(4)} ${r.migrationName}`);
    if (error) {
      console.error(`error: ${error.message}`);
      process.exitCode = EXIT.failed;
    }
  }
} catch (err) {
  if (!isUnreachable(err)) throw err;
  console.error(`error: ${err.message}`);
  process.exitCode = EXIT.database_unreachable;
} finally {
  await db?.destroy();
}
