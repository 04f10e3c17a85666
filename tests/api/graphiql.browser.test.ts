// GraphiQL in a real browser under its Content-Security-Policy: the editor loads, nothing is blocked,
// and a query typed in it runs against the API.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServers, type TestServer } from '../helpers/api-server.ts';
import { browsers, SKIP_BROWSER } from '../helpers/browser.ts';

const server = apiServers();
const browser = browsers();
let s: TestServer;

describe.skipIf(SKIP_BROWSER)('GraphiQL in Chromium', () => {
  beforeAll(async () => {
    s = await server();
  });

  it('renders and runs its default query with no CSP violation, console error or failed request', async () => {
    const context = await (await browser()).newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`));
    const answers: string[] = [];
    page.on('response', (r) => {
      // (A response still arriving when the context closes has no body to read: ignored.)
      if (r.url().endsWith('/graphql') && r.request().method() === 'POST')
        r.text().then(
          (t) => answers.push(t),
          () => {},
        );
    });
    await page.goto(`${s.url}/graphql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    await page.click('.graphiql-execute-button');
    await expect.poll(() => answers.some((a) => a.includes('"resumenPorCategoria"')), { timeout: 15_000 }).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
