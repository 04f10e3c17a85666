// Headless Chromium for end-to-end tests: Debian's chromium driven by playwright-core (no bundled browser).
import { existsSync } from 'node:fs';
import { afterAll } from 'vitest';
import { type Browser, chromium } from 'playwright-core';

/** CHROMIUM_PATH, or Debian's chromium (installed by .ci/run). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** CI sets REQUIRE_BROWSER_TESTS=1 (.ci/run installs Chromium): there a missing browser fails the run. */
const REQUIRED = process.env.REQUIRE_BROWSER_TESTS === '1';

/** Skipped on purpose (SKIP_BROWSER_TESTS=1), or on a machine without Chromium unless they are required,
 * so `npm test` works on a fresh machine; the skip is announced, never silent. */
export const SKIP_BROWSER = process.env.SKIP_BROWSER_TESTS === '1' || (!REQUIRED && !existsSync(CHROMIUM_PATH));
if (SKIP_BROWSER && process.env.SKIP_BROWSER_TESTS !== '1') {
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

/** One browser per test file, closed after it. When required, a missing browser is a failure with the fix. */
export function browsers(): () => Promise<Browser> {
  let browser: Browser | null = null;
  afterAll(async () => browser?.close());
  return async () => {
    if (browser) return browser;
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    return browser;
  };
}
