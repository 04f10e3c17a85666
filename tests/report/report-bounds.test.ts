// The report page is bounded whatever the database holds: thousands of quarantined rows of 4 KiB, a raw
// line of 20 MB left by an old load, thousands of categories and cities with long names full of markup.
// Raw lines are shown by their beginning with their whole length; the page stays under 1 MB.
import { beforeAll, describe, expect, it } from 'vitest';
import { apiServers, gql, type TestServer } from '../helpers/api-server.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { CUT_AT_LOAD_BYTES, hostileServer, markup, MB, OLD_LINE_BYTES, RAZON } from '../helpers/hostile-report-data.ts';

describe.each(DIALECTS)(
  'on %s, a database of 5,000 quarantined rows of 4 KiB, a 20 MB raw line and 6,000 categories and cities',
  (dialect) => {
    const server = apiServers();
    let s: TestServer;

    beforeAll(async () => {
      s = await hostileServer(server, dialect);
    }, 120_000);

    async function page(path: string): Promise<string> {
      const res = await fetch(s.url + path);
      expect(res.status).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      expect(Number(res.headers.get('content-length'))).toBe(body.length);
      console.log(`${dialect} GET ${path}: ${body.length} bytes`);
      return body.toString('utf8');
    }

    it('keeps every page under 1 MB: the report, and the quarantine pages of the longest rows', async () => {
      for (const path of ['/', `/?razon=${RAZON}`, `/?archivo=ventas.csv&razon=${RAZON}`]) {
        expect(Buffer.byteLength(await page(path))).toBeLessThan(MB);
      }
    });

    it('shows each raw line by its first 200 characters, as text, with its whole length in bytes', async () => {
      const body = await page(`/?razon=${RAZON}`);
      const cells = [
        ...body.matchAll(/<td data-bytes="(\d+)"><code class="raw">([^<]*)<\/code>(?: <span class="cut">([^<]*)<\/span>)?<\/td>/g),
      ];
      expect(cells).toHaveLength(25);
      const [old, cutAtLoad, ordinary] = cells;
      expect(old![1]).toBe(String(OLD_LINE_BYTES));
      expect(old![3]).toBe('(the first 200 characters of 20,971,520 bytes)');
      // 200 characters, escaped, then the ellipsis.
      expect(old![2]).toBe(
        `${markup(200).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)}…`,
      );
      expect(cutAtLoad![1]).toBe(String(CUT_AT_LOAD_BYTES));
      expect(cutAtLoad![3]).toBe('(the first 200 characters of 209,715,200 bytes)');
      expect(ordinary![1]).toBe('4096');
      expect(body).not.toContain('<"&');
    });

    it('shows the 50 categories and cities with the most revenue and the rest as one row, so totals stay whole', async () => {
      const body = await page('/');
      const api = (await gql(s.url, '{ resumenPorCategoria { unidades } resumenPorCiudad { unidades } resumenPorMes { clave } }')).body
        .data;
      for (const [id, rows, what] of [
        ['tabla-categoria', api.resumenPorCategoria, 'categories'],
        ['tabla-ciudad', api.resumenPorCiudad, 'cities'],
      ] as const) {
        const table = body.slice(body.indexOf(`<table id="${id}"`), body.indexOf('</table>', body.indexOf(`<table id="${id}"`)));
        expect(table.match(/<tr data-clave=/g)).toHaveLength(50);
        expect(table).toContain(
          `<tr class="rest" data-resto="${rows.length - 50}"><th scope="row">${(rows.length - 50).toLocaleString('en-US')} other ${what}</th>`,
        );
        const total = rows.reduce((s: number, r: { unidades: number }) => s + r.unidades, 0);
        expect(table).toMatch(new RegExp(`<tfoot><tr><th scope="row">Total</th><td class="num" data-value="${total}">`));
        // The largest by revenue: the last 50 inserted.
        expect(table).toContain('data-clave="2999 ');
        expect(table).not.toContain('data-clave="2949 ');
      }
      const months = body.slice(body.indexOf('<table id="tabla-mes"'), body.indexOf('</table>', body.indexOf('<table id="tabla-mes"')));
      expect(months.match(/<tr data-clave=/g)).toHaveLength(50);
      expect(months).toContain(`data-clave="${api.resumenPorMes.at(-1).clave}"`);
      expect(months).toContain('earlier months');
    });
  },
);
