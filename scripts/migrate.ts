// CLI: `npm run migrate [-- up|down|status]` applies, reverts or lists the schema migrations.
import { openDatabase, resolveDatabaseTarget } from '../src/db/connect.ts';
import { migrateDown, migrateToLatest, migrationState } from '../src/db/migrator.ts';

const command = process.argv[2] ?? 'up';
const db = openDatabase();
try {
  if (command === 'status') {
    const state = await migrationState(db);
    console.log(`database: ${resolveDatabaseTarget().display}`);
    for (const name of state.applied) console.log(`  applied  ${name}`);
    for (const name of state.pending) console.log(`  pending  ${name}`);
    if (state.applied.length + state.pending.length === 0) console.log('  no migrations found');
  } else if (command === 'up' || command === 'down') {
    const { results, error } = command === 'up' ? await migrateToLatest(db) : await migrateDown(db);
    if (results.length === 0) console.log(command === 'up' ? 'schema is up to date' : 'no migration to revert');
    for (const r of results) console.log(`  ${r.status.padEnd(11)} ${r.direction.toLowerCase().padEnd(4)} ${r.migrationName}`);
    if (error) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
    }
  } else {
    console.error(`unknown command "${command}": use up, down or status`);
    process.exitCode = 2;
  }
} finally {
  await db.destroy();
}
