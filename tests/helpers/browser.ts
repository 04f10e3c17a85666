// Headless Chromium for end-to-end tests: Debian's chromium driven by playwright-core (no bundled browser).
import { existsSync } from 'node:fs';
import { afterAll } from 'vitest';
import { type Browser, chromium } from 'playwright-core';

/** CHROMIUM_PATH, or Debian's chromium (installed by .ci/run). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Opt-out for machines without a browser; CI never sets it, so there the browser tests always run. */
export const SKIP_BROWSER = process.env.SKIP_BROWSER_TESTS === '1';

/** One browser per test file, closed after it. A missing browser is a failure with the fix, not a skip. */
export function browsers(): () => Promise<Browser> {
  let browser: Browser | null = null;
  afterAll(async () => browser?.close());
  return async () => {
    if (browser) return browser;
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`no Chromium at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium), set CHROMIUM_PATH, or set SKIP_BROWSER_TESTS=1 to skip the browser tests`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    return browser;
  };
}
