// The report page in a real browser (headless Chromium) against the real app on the bundled data: the
// figures it shows are the API's, the quarantine filters, a runbook link leads to its runbook.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServers, gql, type TestServer } from '../helpers/api-server.ts';
import { browsers, SKIP_BROWSER } from '../helpers/browser.ts';

const SCREENSHOTS = join('test-results', 'screenshots');
const server = apiServers();
const browser = browsers();
let s: TestServer;

/** The page, with every console error and failed request collected. */
async function open(path = '/', options: { javaScriptEnabled?: boolean; width?: number; bypassCSP?: boolean } = {}) {
  const context = await (await browser()).newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1280, height: 900 },
    bypassCSP: options.bypassCSP ?? false,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.url()}: ${r.status()}`));
  await page.goto(s.url + path);
  return { page, problems, close: () => context.close() };
}

/** Rows of a table as { header text -> cell data-value or text }, keyed by the row header. */
async function tableRows(page: Page, id: string): Promise<Record<string, Record<string, string>>> {
  return page.$eval(`#${id}`, (table) => {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent!.trim());
    const out: Record<string, Record<string, string>> = {};
    for (const tr of table.querySelectorAll('tbody tr')) {
      const cells = [...tr.children].map((c) => (c as HTMLElement).dataset.value ?? c.textContent!.trim());
      out[cells[0]!] = Object.fromEntries(heads.map((h, i) => [h, cells[i]!]));
    }
    return out;
  });
}

describe.skipIf(SKIP_BROWSER)('the report page in Chromium', () => {
  beforeAll(async () => {
    s = await server();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  it('shows the latest load per file as the API reports it, and draws every chart without an error', async () => {
    const { page, problems, close } = await open();
    await page.waitForSelector('figure[data-chart="mes"][data-drawn="true"]');
    const api = (await gql(s.url, '{ cargas(first: 1) { archivos { archivo leidas cargadas en_cuarentena razones } } }')).body.data
      .cargas[0].archivos;
    const shown = await tableRows(page, 'tabla-carga');
    expect(api).toHaveLength(4);
    for (const f of api) {
      expect(shown[`${f.archivo}.csv`]).toMatchObject({
        Read: String(f.leidas),
        Loaded: String(f.cargadas),
        Quarantined: String(f.en_cuarentena),
      });
    }
    const reasons = await tableRows(page, 'tabla-razones');
    for (const f of api) for (const [code, n] of Object.entries(f.razones)) expect(reasons[code]![`${f.archivo}.csv`]).toBe(String(n));
    for (const name of ['razones', 'historial', 'categoria', 'ciudad', 'mes']) {
      expect(await page.getAttribute(`figure[data-chart="${name}"]`, 'data-drawn')).toBe('true');
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'report-desktop.png'), fullPage: true });
    expect(problems).toEqual([]);
    await close();
  });

  it('shows each check of the latest validation with its severity, result, rows affected and impact', async () => {
    const { page, close } = await open();
    const v = (
      await gql(s.url, '{ validacion { estado resultados { codigo severidad aprobado filas_afectadas impacto { unidades ingresos } } } }')
    ).body.data.validacion;
    expect(await page.textContent('#estado-validacion')).toContain(v.estado);
    const shown = await page.$$eval('#tabla-validacion tbody tr', (rows) =>
      rows.map((tr) => ({
        codigo: tr.getAttribute('data-check'),
        aprobado: tr.getAttribute('data-aprobado'),
        cells: [...tr.children].map((c) => (c as HTMLElement).dataset.value ?? c.textContent!.trim()),
      })),
    );
    expect(shown.map((r) => r.codigo).sort()).toEqual(v.resultados.map((r: any) => r.codigo).sort());
    for (const r of v.resultados) {
      const row = shown.find((x) => x.codigo === r.codigo)!;
      expect(row.aprobado).toBe(String(r.aprobado));
      expect(row.cells[1]).toBe(r.severidad);
      expect(row.cells[3]).toBe(String(r.filas_afectadas));
      if (r.impacto) expect(row.cells.slice(4, 6)).toEqual([String(r.impacto.unidades), String(r.impacto.ingresos)]);
    }
    // Failed checks come first, the most severe first.
    const firstPass = shown.findIndex((r) => r.aprobado === 'true');
    expect(shown.slice(firstPass).every((r) => r.aprobado === 'true')).toBe(true);
    await close();
  });

  it('shows units and revenue by category, city and month equal to the API, and the history of runs', async () => {
    const { page, close } = await open();
    const api = (
      await gql(
        s.url,
        '{ resumenPorCategoria { clave unidades ingresos ventas } resumenPorCiudad { clave unidades ingresos ventas } resumenPorMes { clave unidades ingresos ventas } validaciones { id estado } }',
      )
    ).body.data;
    for (const [table, rows] of [
      ['tabla-categoria', api.resumenPorCategoria],
      ['tabla-ciudad', api.resumenPorCiudad],
      ['tabla-mes', api.resumenPorMes],
    ] as const) {
      const shown = await tableRows(page, table);
      expect(Object.keys(shown)).toHaveLength(rows.length);
      for (const r of rows)
        expect(shown[r.clave]).toEqual({
          [Object.keys(shown[r.clave]!)[0]!]: r.clave,
          Units: String(r.unidades),
          Revenue: String(r.ingresos),
          Sales: String(r.ventas),
        });
    }
    const history = await page.$$eval('#tabla-historial tbody tr', (rows) => rows.map((tr) => tr.getAttribute('data-run')));
    expect(history).toEqual(api.validaciones.map((v: any) => String(v.id)));
    await close();
  });

  it('filters the quarantine by file and reason, pages through it, and shows each raw line as text', async () => {
    const { page, close } = await open();
    const all = (await gql(s.url, '{ cuarentena { totalCount } }')).body.data.cuarentena.totalCount;
    expect(await page.getAttribute('#cuarentena-total', 'data-value')).toBe(String(all));
    await page.selectOption('#filtro-cuarentena select[name=archivo]', 'ventas.csv');
    await page.selectOption('#filtro-cuarentena select[name=razon]', 'duplicate_id');
    await Promise.all([page.waitForURL(/razon=duplicate_id/), page.click('#filtro-cuarentena button[type=submit]')]);
    const api = (
      await gql(
        s.url,
        '{ cuarentena(archivo: "ventas.csv", razon: "duplicate_id", first: 100) { totalCount nodes { id linea contenido } } }',
      )
    ).body.data.cuarentena;
    expect(api.totalCount).toBeGreaterThan(0);
    expect(await page.getAttribute('#cuarentena-total', 'data-value')).toBe(String(api.totalCount));
    const rows = await page.$$eval('#tabla-cuarentena tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!)));
    expect(rows.map((r) => [r[0], r[2], Number(r[1]), r[5]])).toEqual(
      api.nodes.slice(0, 25).map((n: any) => ['ventas.csv', 'duplicate_id', n.linea, n.contenido]),
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'report-quarantine-filtered.png') });

    // Unfiltered, the quarantine has more than one page: the next page continues where the first ended.
    await page.goto(s.url + '/#cuarentena');
    const firstIds = await page.$$eval('#tabla-cuarentena tbody tr', (trs) => trs.map((tr) => Number(tr.getAttribute('data-id'))));
    await Promise.all([page.waitForURL(/after=/), page.click('#cuarentena a[rel=next]')]);
    const nextIds = await page.$$eval('#tabla-cuarentena tbody tr', (trs) => trs.map((tr) => Number(tr.getAttribute('data-id'))));
    const ids = (await gql(s.url, '{ cuarentena(first: 50) { nodes { id } } }')).body.data.cuarentena.nodes.map((n: any) => n.id);
    expect([...firstIds, ...nextIds]).toEqual(ids);
    await close();
  });

  it("follows a failed check's runbook link by keyboard to its runbook page, and back", async () => {
    const { page, problems, close } = await open();
    const link = page.locator('tr[data-check="negative_stock"] a.runbook');
    await link.focus();
    await Promise.all([page.waitForURL(/\/runbooks\/negative_stock$/), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toContain('negative_stock');
    expect(await page.textContent('article')).toContain('What to do');
    // Above the runbook: what the latest run found, as the API reports it.
    const api = (
      await gql(s.url, '{ validacion { resultados { codigo aprobado filas_afectadas muestras } } }')
    ).body.data.validacion.resultados.find((r: any) => r.codigo === 'negative_stock');
    expect(await page.getAttribute('#resultado-ultimo', 'data-aprobado')).toBe(String(api.aprobado));
    expect(await page.getAttribute('#resultado-ultimo', 'data-filas')).toBe(String(api.filas_afectadas));
    expect(await page.locator('#tabla-muestras tbody tr').count()).toBe(api.muestras.length);
    await page.screenshot({ path: join(SCREENSHOTS, 'runbook-negative-stock.png') });
    await Promise.all([page.waitForURL(/\/#validacion$/), page.click('text=Back to the report')]);
    expect(problems).toEqual([]);
    await close();
  });

  it('shows every summary table without JavaScript (charts stay hidden), with the same figures', async () => {
    const { page, close } = await open('/', { javaScriptEnabled: false });
    const withJs = await open();
    for (const id of [
      'tabla-carga',
      'tabla-razones',
      'tabla-validacion',
      'tabla-historial',
      'tabla-categoria',
      'tabla-ciudad',
      'tabla-mes',
      'tabla-cuarentena',
    ]) {
      expect(await tableRows(page, id)).toEqual(await tableRows(withJs.page, id));
    }
    expect(await page.$$eval('figure.chart', (figs) => figs.every((f) => (f as HTMLElement).hidden))).toBe(true);
    await withJs.close();
    await close();
  });

  it('fits a phone screen: no sideways scrolling of the page, wide tables scroll in their own keyboard-focusable region', async () => {
    const { page, close } = await open('/', { width: 375 });
    await page.waitForSelector('figure[data-chart="mes"][data-drawn="true"]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const regions = await page.$$eval('.table-wrap', (els) => els.map((e) => [e.getAttribute('tabindex'), e.getAttribute('role')]));
    expect(regions.every(([t, r]) => t === '0' && r === 'region')).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'report-phone.png'), fullPage: true });
    await close();
  });

  it('starts keyboard users on a skip link to the content', async () => {
    const { page, close } = await open();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toBe('#contenido');
    await close();
  });

  // axe-core, the accessibility engine behind Lighthouse and the browsers' own audits, run inside the page
  // (the test context allows its injected script past the page's CSP).
  it.each(['/', '/?archivo=ventas.csv&razon=duplicate_id', '/runbooks/negative_stock', '/runbooks/'])(
    'has no accessibility violations of any impact (axe-core, WCAG rules) at %s',
    async (path) => {
      const { page, close } = await open(path, { bypassCSP: true });
      await page.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') });
      const violations = await page.evaluate(async () => {
        const result = await (window as any).axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map(
          (v: any) =>
            `${v.id} (${v.impact}): ${v.nodes
              .slice(0, 3)
              .map((n: any) => n.target.join(' '))
              .join(' | ')}`,
        );
      });
      expect(violations).toEqual([]);
      await close();
    },
  );
});
