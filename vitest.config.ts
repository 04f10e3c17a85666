// Test runner configuration: only the tests/ tree is scanned, never scratch or data folders.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One copy of graphql: some dependencies load its CommonJS build, so ours must too, or graphql refuses
  // types "from another module or realm".
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**', 'bench/**', '.tmp/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The default report, then one line saying how many tests ran on PostgreSQL (or why none did).
    reporters: ['default', './tests/reporters/postgres-count.ts'],
    // Logs written by code under test go to a scratch folder, never into the repository's logs/.
    env: { LOG_DIR: join(tmpdir(), 'ventas-test-logs'), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
