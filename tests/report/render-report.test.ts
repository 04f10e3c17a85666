// The report page as a pure function: what it shows for given API answers, and what it never lets through.
import { describe, expect, it } from 'vitest';
import type { ReportData } from '../../src/report/report-query.ts';
import { fileNameOf, renderReport, runbookHref } from '../../src/report/render-report.ts';
import { renderRunbook } from '../../src/report/render-runbook.ts';
import { boundSummary, clip } from '../../src/report/page-bounds.ts';

const EMPTY: ReportData = {
  cargas: [],
  validacion: null,
  validaciones: [],
  resumenPorCategoria: [],
  resumenPorCiudad: [],
  resumenPorMes: [],
};
const NO_QUARANTINE = { page: { totalCount: 0, nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } };

const withLoad: ReportData = {
  ...EMPTY,
  cargas: [
    {
      id: 3,
      estado: 'ok',
      fecha_corte: '2026-11-28',
      iniciada_en: '2026-11-28T10:00:00.000Z',
      finalizada_en: '2026-11-28T10:00:02.000Z',
      error_archivo: null,
      error_codigo: null,
      error_mensaje: null,
      archivos: [
        {
          archivo: 'ventas',
          leidas: 10,
          cargadas: 8,
          en_cuarentena: 2,
          razones: { duplicate_id: 2 },
          codificacion: 'utf-8',
          delimitador: ';',
        },
      ],
    },
  ],
};

describe('renderReport', () => {
  it('shows a raw quarantined line as text, never as markup', () => {
    const hostile = '1,<script>alert("x")</script>,<img src=x onerror=alert(1)>';
    const page = renderReport(
      withLoad,
      {
        page: {
          totalCount: 1,
          nodes: [
            { id: 1, archivo: 'ventas.csv', linea: 7, razon: 'invalid_id', campo: 'venta_id', mensaje: '<b>bad</b>', contenido: hostile },
          ],
          pageInfo: { hasNextPage: false, endCursor: null },
        },
      },
      {},
    );
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('&lt;b&gt;bad&lt;/b&gt;');
  });

  it('tells a new user what to run when nothing is loaded or validated yet', () => {
    const page = renderReport(EMPTY, NO_QUARANTINE, {});
    expect(page).toContain('No load yet. Run <code>npm run seed</code>');
    expect(page).toContain('No validation run yet. Run <code>npm run validate</code>');
  });

  it('keeps the filter in the next-page link, and offers the first page once past it', () => {
    const page = renderReport(
      withLoad,
      { page: { totalCount: 60, nodes: [], pageInfo: { hasNextPage: true, endCursor: 'abc=' } } },
      { archivo: 'ventas.csv', razon: 'duplicate_id', after: 'xyz' },
    );
    expect(page).toContain('href="/?archivo=ventas.csv&amp;razon=duplicate_id&amp;after=abc%3D#cuarentena"');
    expect(page).toContain('href="/?archivo=ventas.csv&amp;razon=duplicate_id#cuarentena">« First page');
  });

  it('offers each file and reason in the quarantine filter with its row count', () => {
    const page = renderReport(withLoad, NO_QUARANTINE, { razon: 'made_up' });
    expect(page).toContain('<option value="ventas.csv">ventas.csv (2)</option>');
    expect(page).toContain('<option value="duplicate_id">duplicate_id (2)</option>');
    expect(page).toContain('<option value="made_up" selected>made_up</option>');
  });

  it('names files as they are on disk and delimiters in words', () => {
    const page = renderReport(withLoad, NO_QUARANTINE, {});
    expect(page).toContain('<tr data-archivo="ventas.csv"><th scope="row">ventas.csv</th>');
    expect(page).toContain('utf-8, semicolon');
    expect(fileNameOf('inventario')).toBe('inventario.csv');
  });

  it('shows a failed load with its error code, file and message', () => {
    const failed = {
      ...withLoad,
      cargas: [
        {
          ...withLoad.cargas[0]!,
          estado: 'error',
          error_archivo: 'ventas.csv',
          error_codigo: 'MISSING_COLUMNS',
          error_mensaje: 'ventas.csv line 1: missing column cantidad',
        },
      ],
    };
    expect(renderReport(failed, NO_QUARANTINE, {})).toContain(
      'The load failed: <strong>MISSING_COLUMNS</strong> in ventas.csv: ventas.csv line 1: missing column cantidad',
    );
  });
});

describe('bounds', () => {
  const row = (contenido: string, contenido_bytes?: number | null) => ({
    page: {
      totalCount: 1,
      nodes: [{ id: 1, archivo: 'ventas.csv', linea: 7, razon: 'too_many_fields', campo: null, mensaje: 'm', contenido, contenido_bytes }],
      pageInfo: { hasNextPage: false, endCursor: null },
    },
  });

  it('shows a raw line of up to 200 characters whole, with its length in bytes', () => {
    const page = renderReport(withLoad, row('ñ'.repeat(200)), {});
    expect(page).toContain(`<td data-bytes="400"><code class="raw">${'ñ'.repeat(200)}</code></td>`);
  });

  it('shows a longer raw line by its first 200 characters and its whole length', () => {
    expect(renderReport(withLoad, row('x'.repeat(201)), {})).toContain(
      `<td data-bytes="201"><code class="raw">${'x'.repeat(200)}…</code> <span class="cut">(the first 200 characters of 201 bytes)</span></td>`,
    );
  });

  it('takes the length the load measured when it kept only the beginning of the record', () => {
    expect(renderReport(withLoad, row('x'.repeat(4096), 209_715_200), {})).toContain(
      '<span class="cut">(the first 200 characters of 209,715,200 bytes)</span>',
    );
  });

  it('never cuts a character in two', () => {
    expect(clip(`${'a'.repeat(199)}😀b`, 200)).toBe(`${'a'.repeat(199)}…`);
    expect(clip('abc', 3)).toBe('abc');
  });

  it("keeps the largest rows by revenue or the latest ones, in the API's order, and sums the rest", () => {
    const rows = [1, 5, 3, 4, 2].map((n) => ({ clave: `k${n}`, unidades: n, ingresos: n * 10, ventas: 1 }));
    expect(boundSummary(rows, 2, 'top')).toEqual({ rows: [rows[1], rows[3]], rest: { count: 3, unidades: 6, ingresos: 60, ventas: 3 } });
    expect(boundSummary(rows, 2, 'latest').rows).toEqual([rows[3], rows[4]]);
    expect(boundSummary(rows, 5, 'top')).toEqual({ rows, rest: null });
  });
});

describe('runbooks', () => {
  it('links a check to its runbook page', () => {
    expect(runbookHref('docs/runbooks/negative_stock.md')).toBe('/runbooks/negative_stock');
  });

  it('renders Markdown, pointing links between runbooks at their pages', () => {
    const page = renderRunbook(
      'returns',
      '# returns: Sales with quantity 0\n\nSee [the index](README.md) and [stock](negative_stock.md#what-to-do).\n',
    );
    expect(page).toContain('<h1>returns: Sales with quantity 0</h1>');
    expect(page).toContain('href="/runbooks/"');
    expect(page).toContain('href="/runbooks/negative_stock#what-to-do"');
    expect(page).toContain('<title>returns: Sales with quantity 0 · runbook</title>');
  });

  it("shows the check's latest result above the runbook, with its sample rows as escaped text", () => {
    const page = renderRunbook('negative_stock', '# negative_stock\n', {
      run: { id: 7, ejecutada_en: '2026-11-28T10:00:00.000Z' },
      result: {
        codigo: 'negative_stock',
        severidad: 'ERROR',
        aprobado: false,
        filas_afectadas: 104,
        impacto: null,
        error: null,
        muestras: [
          { linea: 33, almacen: '<b>Sur</b>', stock: -32 },
          { linea: 35, contenido: 'x,<i>y</i>' },
        ],
      },
    });
    expect(page).toContain('<p id="resultado-ultimo" data-aprobado="false" data-filas="104">Run #7 (2026-11-28 10:00 UTC):');
    expect(page).toContain('104 rows affected');
    expect(page).toContain(
      '<thead><tr><th scope="col">linea</th><th scope="col">almacen</th><th scope="col">stock</th><th scope="col">contenido</th></tr></thead>',
    );
    expect(page).toContain('<td>&lt;b&gt;Sur&lt;/b&gt;</td>');
    expect(page).toContain('<code class="raw">x,&lt;i&gt;y&lt;/i&gt;</code>');
    expect(page).not.toContain('<b>Sur</b>');
  });

  it('bounds the sample rows: at most 10, raw lines by their first 200 characters, other values 300', () => {
    const muestras = Array.from({ length: 50 }, (_, i) => ({ linea: i, contenido: 'x'.repeat(5000), mensaje: 'm'.repeat(5000) }));
    const page = renderRunbook('negative_stock', '# negative_stock\n', {
      run: { id: 7, ejecutada_en: '2026-11-28T10:00:00.000Z' },
      result: {
        codigo: 'negative_stock',
        severidad: 'ERROR',
        aprobado: false,
        filas_afectadas: 50,
        impacto: null,
        error: 'e'.repeat(5000),
        muestras,
      },
    });
    expect(page.match(/<code class="raw">/g)).toHaveLength(10);
    expect(page).toContain(`<code class="raw">${'x'.repeat(200)}…</code>`);
    expect(page).toContain(`<td>${'m'.repeat(300)}…</td>`);
    expect(page).toContain(`could not run: ${'e'.repeat(300)}…`);
    expect(page.length).toBeLessThan(20_000);
  });

  it('keeps the runbook readable when its latest result is missing or the API fails', () => {
    expect(renderRunbook('returns', '# returns\n', null)).toContain('This check has no result yet');
    const failed = renderRunbook('returns', '# returns\n', { error: 'the database cannot be read (DATABASE_UNAVAILABLE)' });
    expect(failed).toContain('The latest result cannot be shown: the database cannot be read (DATABASE_UNAVAILABLE)');
    expect(failed).toContain('<h1>returns</h1>');
  });
});

describe('the column profile section', () => {
  const figures = {
    tabla: 'ventas',
    columna: 'cantidad',
    tipo: 'numero',
    filas: 12,
    faltantes: 0,
    distintos: 3,
    minimo: 1,
    maximo: 3,
    media: 2,
    desde: null,
    hasta: null,
  };
  const profile = (anterior: typeof figures | null) => ({
    ...EMPTY,
    perfil: {
      carga_id: 5,
      carga_anterior_id: anterior ? 4 : null,
      columnas: [
        { ...figures, frecuentes: null, anterior },
        {
          ...figures,
          tabla: 'inventario',
          columna: 'almacen',
          tipo: 'texto',
          minimo: null,
          maximo: null,
          media: null,
          frecuentes: [
            { valor: '<b>Central</b>', filas: 2 },
            { valor: 'Norte', filas: 1 },
          ],
          anterior: null,
        },
      ],
    },
  });

  it('shows each figure with its change since the previous load', () => {
    const page = renderReport(profile({ ...figures, filas: 20, media: 1.95, maximo: 3 }), NO_QUARANTINE, {});
    expect(page).toContain('Column profile <span class="muted">load #5, changes since load #4</span>');
    const row = page.slice(
      page.indexOf('<tr data-columna="ventas.cantidad">'),
      page.indexOf('</tr>', page.indexOf('data-columna="ventas.cantidad"')),
    );
    expect(row).toContain('<td class="num" data-value="12">12 <span class="delta down">−8</span></td>');
    expect(row).toContain('<td class="num" data-value="2">2 <span class="delta up">+0.05</span></td>');
    expect(row).toContain('<td class="num" data-value="3">3 <span class="delta same">=</span></td>');
  });

  it('lists the most frequent text values as text, and says when there is nothing to compare yet', () => {
    const page = renderReport(profile(null), NO_QUARANTINE, {});
    expect(page).toContain('load #5, the first profiled load: nothing to compare yet');
    expect(page).toContain('<td class="top">&lt;b&gt;Central&lt;/b&gt; (2), Norte (1)</td>');
    expect(page).not.toContain('<b>Central</b>');
  });

  it('says so when no load is profiled', () => {
    expect(renderReport(EMPTY, NO_QUARANTINE, {})).toContain('No profiled load yet');
  });
});
