// CLI: `npm run migrate [-- up|down|status]` applies, reverts or lists the schema migrations.
// Exit codes: 0 done (status: listed), 1 a migration failed, 2 unknown command, 12 cannot connect to the database.
import { openDatabase, resolveDatabaseTarget } from '../src/db/connect.ts';
import { migrateDown, migrateToLatest, migrationState } from '../src/db/migrator.ts';
import { UNREACHABLE_EXIT_CODE, isUnreachable } from '../src/db/unreachable.ts';

const command = process.argv[2] ?? 'up';
if (!['up', 'down', 'status'].includes(command)) {
  console.error(`unknown command "${command}": use up, down or status`);
  process.exit(2);
}
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
      process.exitCode = 1;
    }
  }
} catch (err) {
  if (!isUnreachable(err)) throw err;
  console.error(`error: ${err.message}`);
  process.exitCode = UNREACHABLE_EXIT_CODE;
} finally {
  await db?.destroy();
}
