// Runs s3rver in its own process for the upload benchmark (so its memory is not counted as ours).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

const server = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory: mkdtempSync(join(tmpdir(), 'bench-s3rver-')),
  configureBuckets: [{ name: 'bench' }],
});
const { port } = await server.run();
console.log(`PORT ${port}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
