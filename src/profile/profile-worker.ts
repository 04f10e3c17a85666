// Worker thread body: the column profile of a SQLite file, on a read connection of its own, so the main
// thread can validate the same load at the same time (WAL lets a reader and a writer share the file).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connect.ts';
import { profileColumns } from './column-profile.ts';
import type { ProfileWorkerInput, ProfileWorkerMessage } from './profile-worker-protocol.ts';

const { path } = workerData as ProfileWorkerInput;
const port = parentPort!;
const db = openDatabase(path, { mustExist: true });
try {
  port.postMessage({ ok: true, profiles: await profileColumns(db) } satisfies ProfileWorkerMessage);
} catch (err) {
  port.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) } satisfies ProfileWorkerMessage);
} finally {
  await db.destroy();
}
