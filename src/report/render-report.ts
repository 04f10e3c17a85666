// The report page as a pure function of the API's answers: every table is server-rendered (it reads
// without JavaScript); the charts are drawn in the browser from the same data, embedded as JSON. What it
// shows is bounded (page-bounds.ts): the page stays small whatever the data.
import { FILE_SPECS } from '../data-files.ts';
import { formatInt, formatMoney, formatPercent, formatTime } from './format.ts';
import { html, jsonForScript, raw, type SafeHtml } from '../html/safe-html.ts';
import { page } from './layout.ts';
import { profileSection } from './profile-section.ts';
import { BOUNDS, type BoundedReport, type BoundedSummary, boundReport, clip } from './page-bounds.ts';
import type {
  QuarantineFilter,
  QuarantinePage,
  QuarantineRow,
  ReportCheck,
  ReportData,
  ReportFile,
  ReportHistoryRun,
  SummaryRow,
} from './report-query.ts';

export type QuarantineResult = { page: QuarantinePage } | { error: string };

export const SEVERITIES = ['CRITICAL', 'ERROR', 'WARNING'] as const;

/** `docs/runbooks/negative_stock.md` -> `/runbooks/negative_stock` (the page that renders it). */
/** A declared check's entry in the checks file (`config/checks.yml#name`) -> `/runbooks/name`. */
export const runbookHref = (runbook: string): string =>
  runbook.includes('#')
    ? `/runbooks/${runbook.slice(runbook.indexOf('#') + 1)}`
    : `/runbooks/${runbook.replace(/^.*\//, '').replace(/\.md$/, '')}`;

/** The load reports per table (`ventas`), the quarantine per file (`ventas.csv`): the report speaks of files. */
export const fileNameOf = (archivo: string): string => (FILE_SPECS as Record<string, { fileName: string }>)[archivo]?.fileName ?? archivo;

const DELIMITERS: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

const statusClass = (estado: string): string =>
  ({ OK: 'ok', 'REQUIERE ATENCIÓN': 'warning', ERROR: 'error', CRITICAL: 'critical', ok: 'ok', error: 'critical', en_curso: 'warning' })[
    estado
  ] ?? 'unknown';

const badge = (text: string, cls = statusClass(text)) => html`<span class="badge badge-${cls}">${text}</span>`;

/** Sum of one figure over the files of a load. */
const sumOver = (files: ReportFile[], pick: (f: ReportFile) => number): number => files.reduce((s, f) => s + pick(f), 0);

/** Every reason code any file of the load quarantined rows for, sorted. */
const reasonCodes = (files: ReportFile[]): string[] => [...new Set(files.flatMap((f) => Object.keys(f.razones)))].sort();

const num = (n: number) => html`<td class="num" data-value="${n}">${formatInt(n)}</td>`;
const money = (n: number) => html`<td class="num" data-value="${n}">${formatMoney(n)}</td>`;

/** A table in a focusable, labelled scroll region: wide tables scroll sideways on a phone, by keyboard too. */
function table(id: string, caption: string, head: SafeHtml, body: SafeHtml | SafeHtml[], foot?: SafeHtml): SafeHtml {
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0">
<table id="${id}"><caption id="${id}-caption">${caption}</caption>
<thead>${head}</thead>
<tbody>${body}</tbody>${foot ? html`<tfoot>${foot}</tfoot>` : ''}
</table></div>`;
}

function chart(name: string, label: string): SafeHtml {
  // Hidden until the script draws it: without JavaScript the table beside it carries the same figures.
  return html`<figure class="chart" data-chart="${name}" hidden><div class="chart-box"><canvas role="img" aria-label="${label}"></canvas></div><figcaption>${label}</figcaption></figure>`;
}

function glance(data: ReportData): SafeHtml {
  const load = data.cargas[0];
  const v = data.validacion;
  const files = load?.archivos ?? [];
  const read = sumOver(files, (f) => f.leidas);
  const loaded = sumOver(files, (f) => f.cargadas);
  const quarantined = sumOver(files, (f) => f.en_cuarentena);
  const failed = v ? v.resultados.filter((r) => !r.aprobado) : [];
  const bySeverity = SEVERITIES.map((s) => [s, failed.filter((r) => r.severidad === s).length] as const).filter(([, n]) => n > 0);
  return html`<section id="resumen" aria-labelledby="resumen-h">
<h1 id="resumen-h">The state of the data</h1>
<dl class="cards">
  <div class="card"><dt>Latest load</dt><dd>${load ? html`#${load.id} ${badge(load.estado)}` : 'none yet'}</dd>
    <dd class="sub">${load ? `as of ${load.fecha_corte} · ${formatTime(load.finalizada_en ?? load.iniciada_en)}` : 'run npm run seed'}</dd></div>
  <div class="card"><dt>Rows loaded</dt><dd id="filas-cargadas" data-value="${loaded}">${formatInt(loaded)}</dd><dd class="sub">of ${formatInt(read)} read</dd></div>
  <div class="card"><dt>Rows in quarantine</dt><dd id="filas-cuarentena" data-value="${quarantined}">${formatInt(quarantined)}</dd><dd class="sub">${formatPercent(quarantined, read)} of the rows read</dd></div>
  <div class="card"><dt>Validation</dt><dd id="estado-validacion">${v ? badge(v.estado) : 'not run yet'}</dd>
    <dd class="sub">${v ? (failed.length === 0 ? `run #${v.id}: every check passed` : `run #${v.id}: ${failed.length} of ${v.resultados.length} checks failed${bySeverity.length ? ` (${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')})` : ''}`) : 'npm run validate'}</dd></div>
</dl>
</section>`;
}

function loadSection(data: ReportData, reasonsLeftOut: number): SafeHtml {
  const load = data.cargas[0];
  if (!load)
    return html`<section id="carga" aria-labelledby="carga-h"><h2 id="carga-h">Latest load</h2><p>No load yet. Run <code>npm run seed</code>.</p></section>`;
  const files = load.archivos;
  const reasons = reasonCodes(files);
  const total = (pick: (f: ReportFile) => number) => sumOver(files, pick);
  const error = load.error_codigo
    ? html`<p class="alert" role="alert">The load failed: <strong>${load.error_codigo}</strong> in ${load.error_archivo ?? 'a file'}: ${load.error_mensaje}</p>`
    : '';
  return html`<section id="carga" aria-labelledby="carga-h">
<h2 id="carga-h">Latest load <span class="muted">#${load.id}, as of ${load.fecha_corte}</span></h2>
<p>Started ${formatTime(load.iniciada_en)}, finished ${formatTime(load.finalizada_en)} · status ${badge(load.estado)}</p>
${error}
${table(
  'tabla-carga',
  'Rows per file: every row read is either loaded or quarantined',
  html`<tr><th scope="col">File</th><th scope="col" class="num">Read</th><th scope="col" class="num">Loaded</th><th scope="col" class="num">Quarantined</th><th scope="col" class="num">Quarantined %</th><th scope="col">Encoding, delimiter</th></tr>`,
  files.map(
    (f) =>
      html`<tr data-archivo="${fileNameOf(f.archivo)}"><th scope="row">${fileNameOf(f.archivo)}</th>${num(f.leidas)}${num(f.cargadas)}<td class="num" data-value="${f.en_cuarentena}">${f.en_cuarentena > 0 ? html`<a href="/?archivo=${encodeURIComponent(fileNameOf(f.archivo))}#cuarentena">${formatInt(f.en_cuarentena)}<span class="visually-hidden"> quarantined rows of ${fileNameOf(f.archivo)}</span></a>` : '0'}</td><td class="num">${formatPercent(f.en_cuarentena, f.leidas)}</td><td>${f.codificacion}, ${DELIMITERS[f.delimitador] ?? f.delimitador}</td></tr>`,
  ),
  html`<tr><th scope="row">Total</th>${num(total((f) => f.leidas))}${num(total((f) => f.cargadas))}${num(total((f) => f.en_cuarentena))}<td class="num">${formatPercent(
    total((f) => f.en_cuarentena),
    total((f) => f.leidas),
  )}</td><td></td></tr>`,
)}
<div class="pair">
${table(
  'tabla-razones',
  'Quarantined rows by reason and file',
  html`<tr><th scope="col">Reason</th>${files.map((f) => html`<th scope="col" class="num">${fileNameOf(f.archivo)}</th>`)}<th scope="col" class="num">Total</th></tr>`,
  reasons.length
    ? reasons.map(
        (r) =>
          html`<tr data-razon="${r}"><th scope="row"><a href="/?razon=${encodeURIComponent(r)}#cuarentena">${r}</a></th>${files.map((f) => num(f.razones[r] ?? 0))}${num(total((f) => f.razones[r] ?? 0))}</tr>`,
      )
    : html`<tr><td colspan="${files.length + 2}">No row was quarantined.</td></tr>`,
)}
${chart('razones', 'Quarantined rows by reason')}
</div>
${reasonsLeftOut > 0 ? html`<p class="muted">${formatInt(reasonsLeftOut)} more reason codes with fewer rows are not listed.</p>` : ''}
</section>`;
}

function checkRow(r: ReportCheck): SafeHtml {
  return html`<tr data-check="${r.codigo}" data-aprobado="${String(r.aprobado)}" class="${r.aprobado ? 'pass' : 'fail'}">
<th scope="row"><code>${r.codigo}</code><br><span class="desc">${r.descripcion}</span>${r.error ? html`<br><span class="alert-text">could not run: ${r.error}</span>` : ''}</th>
<td>${badge(r.severidad, r.severidad.toLowerCase())}</td>
<td>${r.aprobado ? html`<span class="result result-pass">✓ pass</span>` : html`<span class="result result-fail">✗ fail</span>`}</td>
${num(r.filas_afectadas)}
${r.impacto ? num(r.impacto.unidades) : html`<td class="num">–</td>`}
${r.impacto ? money(r.impacto.ingresos) : html`<td class="num">–</td>`}
<td><a class="runbook" href="${runbookHref(r.runbook)}">runbook<span class="visually-hidden"> for ${r.codigo}</span></a></td>
</tr>`;
}

function validationSection(data: ReportData, checksLeftOut: number): SafeHtml {
  const v = data.validacion;
  if (!v)
    return html`<section id="validacion" aria-labelledby="validacion-h"><h2 id="validacion-h">Latest validation</h2><p>No validation run yet. Run <code>npm run validate</code>.</p></section>`;
  const rank = (r: ReportCheck) => (r.aprobado ? 10 : 0) + SEVERITIES.indexOf(r.severidad as (typeof SEVERITIES)[number]);
  const rows = [...v.resultados].sort((a, b) => rank(a) - rank(b) || a.codigo.localeCompare(b.codigo));
  return html`<section id="validacion" aria-labelledby="validacion-h">
<h2 id="validacion-h">Latest validation <span class="muted">run #${v.id}</span></h2>
<p>Status ${badge(v.estado)} · ran ${formatTime(v.ejecutada_en)} from ${v.origen} · as of ${v.fecha_corte}${v.carga_id ? ` · load #${v.carga_id}` : ''}</p>
${table(
  'tabla-validacion',
  'Each check: failed first, most severe first',
  html`<tr><th scope="col">Check</th><th scope="col">Severity</th><th scope="col">Result</th><th scope="col" class="num">Rows affected</th><th scope="col" class="num">Units at stake</th><th scope="col" class="num">Revenue at stake</th><th scope="col">What to do</th></tr>`,
  rows.map(checkRow),
)}
${checksLeftOut > 0 ? html`<p class="muted">${formatInt(checksLeftOut)} more checks are not listed: ask the API (<code>validacion { resultados }</code>).</p>` : ''}
</section>`;
}

/** The failed checks of a run, written out up to a bound. */
function codesOf(run: ReportHistoryRun): string {
  const codes = run.resultados.map((x) => x.codigo);
  if (codes.length === 0) return '–';
  const shown = codes.slice(0, BOUNDS.codesPerRun).join(', ');
  return codes.length > BOUNDS.codesPerRun ? `${shown} and ${codes.length - BOUNDS.codesPerRun} more` : shown;
}

function historySection(runs: ReportHistoryRun[]): SafeHtml {
  const failedOf = (r: ReportHistoryRun, s: string) => r.resultados.filter((x) => x.severidad === s).length;
  return html`<section id="historial" aria-labelledby="historial-h">
<h2 id="historial-h">History of validation runs</h2>
${chart('historial', 'Failed checks per validation run, by severity (oldest to newest)')}
${table(
  'tabla-historial',
  `The last ${runs.length} runs, newest first`,
  html`<tr><th scope="col">Run</th><th scope="col">Ran</th><th scope="col">From</th><th scope="col">As of</th><th scope="col">Status</th>${SEVERITIES.map((s) => html`<th scope="col" class="num">${s} failed</th>`)}<th scope="col">Failed checks</th></tr>`,
  runs.length
    ? runs.map(
        (r) =>
          html`<tr data-run="${r.id}"><th scope="row">#${r.id}</th><td>${formatTime(r.ejecutada_en)}</td><td>${r.origen}</td><td>${r.fecha_corte}</td><td>${badge(r.estado)}</td>${SEVERITIES.map((s) => num(failedOf(r, s)))}<td class="codes">${codesOf(r)}</td></tr>`,
      )
    : html`<tr><td colspan="9">No run yet.</td></tr>`,
)}
</section>`;
}

/** A summary's shown rows, then the rows left out as one (so the total is the true total), then the total. */
function summaryTable(id: string, caption: string, keyLabel: string, summary: BoundedSummary, restLabel: (n: number) => string): SafeHtml {
  const { rows, rest } = summary;
  const all: Array<Pick<SummaryRow, 'unidades' | 'ingresos' | 'ventas'>> = rest ? [...rows, rest] : rows;
  const sum = (pick: (r: Pick<SummaryRow, 'unidades' | 'ingresos' | 'ventas'>) => number) => all.reduce((s, r) => s + pick(r), 0);
  return table(
    id,
    rest ? `${caption} (the ${rows.length} shown of ${formatInt(rows.length + rest.count)})` : caption,
    html`<tr><th scope="col">${keyLabel}</th><th scope="col" class="num">Units</th><th scope="col" class="num">Revenue</th><th scope="col" class="num">Sales</th></tr>`,
    rows.length
      ? [
          ...rows.map(
            (r) =>
              html`<tr data-clave="${r.clave}"><th scope="row">${r.clave}</th>${num(r.unidades)}${money(r.ingresos)}${num(r.ventas)}</tr>`,
          ),
          rest
            ? html`<tr class="rest" data-resto="${rest.count}"><th scope="row">${restLabel(rest.count)}</th>${num(rest.unidades)}${money(rest.ingresos)}${num(rest.ventas)}</tr>`
            : html``,
        ]
      : html`<tr><td colspan="4">No sales loaded.</td></tr>`,
    rows.length
      ? html`<tr><th scope="row">Total</th>${num(sum((r) => r.unidades))}${money(Math.round(sum((r) => r.ingresos) * 100) / 100)}${num(sum((r) => r.ventas))}</tr>`
      : undefined,
  );
}

function salesSection(report: BoundedReport): SafeHtml {
  const other = (what: string) => (n: number) => `${formatInt(n)} other ${what}`;
  return html`<section id="ventas" aria-labelledby="ventas-h">
<h2 id="ventas-h">Sales: units and revenue</h2>
<p class="muted">Loaded sales only; revenue is quantity × unit price. Sales of clients that are not loaded count under <code>ciudad_desconocida</code>.</p>
<div class="pair">${summaryTable('tabla-categoria', 'By category', 'Category', report.resumenPorCategoria, other('categories'))}${chart('categoria', 'Units and revenue by category')}</div>
<div class="pair">${summaryTable('tabla-ciudad', 'By city', 'City', report.resumenPorCiudad, other('cities'))}${chart('ciudad', 'Units and revenue by city')}</div>
<div class="pair">${summaryTable('tabla-mes', 'By month', 'Month', report.resumenPorMes, (n) => `${formatInt(n)} earlier months`)}${chart('mes', 'Units and revenue by month')}</div>
</section>`;
}

function pageLink(filter: QuarantineFilter, after?: string): string {
  const q = new URLSearchParams();
  if (filter.archivo) q.set('archivo', filter.archivo);
  if (filter.razon) q.set('razon', filter.razon);
  if (after) q.set('after', after);
  const s = q.toString();
  return `/${s ? `?${s}` : ''}#cuarentena`;
}

/** Filter choices, each with its quarantined row count in the latest load; a value from the URL that the
 * load does not have stays selectable (and finds nothing). */
function options(counts: Map<string, number>, selected: string | undefined, allLabel: string): SafeHtml {
  const values = [...counts.keys()];
  const all = selected && !counts.has(selected) ? [...values, selected] : values;
  return html`<option value="">${allLabel}</option>${all.map((v) => html`<option value="${v}"${v === selected ? raw(' selected') : ''}>${v}${counts.has(v) ? ` (${formatInt(counts.get(v)!)})` : ''}</option>`)}`;
}

/** A raw line's first characters, as text, and its whole length in bytes when the page does not show it all
 * (the load may have kept only a prefix: `contenido_bytes` is then the record's length in the file). */
function rawLineCell(r: QuarantineRow): SafeHtml {
  const bytes = r.contenido_bytes ?? Buffer.byteLength(r.contenido);
  const shown = clip(r.contenido, BOUNDS.rawLineChars);
  const whole = shown === r.contenido && bytes === Buffer.byteLength(r.contenido);
  return html`<td data-bytes="${bytes}"><code class="raw">${shown}</code>${whole ? '' : html` <span class="cut">(the first ${formatInt(Math.min(r.contenido.length, BOUNDS.rawLineChars))} characters of ${formatInt(bytes)} bytes)</span>`}</td>`;
}

function quarantineSection(data: ReportData, result: QuarantineResult, filter: QuarantineFilter): SafeHtml {
  const files = data.cargas[0]?.archivos ?? [];
  const reasons = reasonCodes(files);
  const form = html`<form id="filtro-cuarentena" method="get" action="/#cuarentena" class="filters">
<label>File <select name="archivo">${options(new Map(files.map((f) => [fileNameOf(f.archivo), f.en_cuarentena])), filter.archivo, 'all files')}</select></label>
<label>Reason <select name="razon">${options(new Map(reasons.map((r) => [r, sumOver(files, (f) => f.razones[r] ?? 0)])), filter.razon, 'all reasons')}</select></label>
<button type="submit">Filter</button>
${filter.archivo || filter.razon ? html`<a href="/#cuarentena">Clear the filter</a>` : ''}
</form>`;
  let body: SafeHtml;
  if ('error' in result) {
    body = html`<p class="alert" role="alert">The quarantine cannot be shown: ${result.error}</p>`;
  } else {
    const { page: p } = result;
    const where = [filter.archivo && `file ${filter.archivo}`, filter.razon && `reason ${filter.razon}`].filter(Boolean).join(', ');
    body = html`<p id="cuarentena-total" data-value="${p.totalCount}" aria-live="polite">${formatInt(p.totalCount)} quarantined row${p.totalCount === 1 ? '' : 's'}${where ? ` with ${where}` : ''}${filter.after ? ' (a later page)' : ''}.</p>
${table(
  'tabla-cuarentena',
  'Quarantined rows: the line as it stands in the file, and why it was not loaded',
  html`<tr><th scope="col">File</th><th scope="col" class="num">Line</th><th scope="col">Reason</th><th scope="col">Field</th><th scope="col">Message</th><th scope="col">Raw line</th></tr>`,
  p.nodes.length
    ? p.nodes
        .slice(0, BOUNDS.quarantineRows)
        .map(
          (r) =>
            html`<tr data-id="${r.id}"><td>${clip(r.archivo, BOUNDS.nameChars)}</td><td class="num">${r.linea}</td><td><code>${clip(r.razon, BOUNDS.nameChars)}</code></td><td>${r.campo === null ? '–' : clip(r.campo, BOUNDS.nameChars)}</td><td>${clip(r.mensaje, BOUNDS.textChars)}</td>${rawLineCell(r)}</tr>`,
        )
    : html`<tr><td colspan="6">No quarantined row matches.</td></tr>`,
)}
<nav class="pager" aria-label="Quarantine pages">
${filter.after ? html`<a href="${pageLink(filter)}">« First page</a>` : ''}
${p.pageInfo.hasNextPage && p.pageInfo.endCursor ? html`<a rel="next" href="${pageLink(filter, p.pageInfo.endCursor)}">Next page »</a>` : ''}
</nav>`;
  }
  return html`<section id="cuarentena" aria-labelledby="cuarentena-h">
<h2 id="cuarentena-h">Quarantine browser</h2>
${form}
${body}
</section>`;
}

const NAV = html`<nav aria-label="Sections"><ul class="sections">
<li><a href="#carga">Load</a></li><li><a href="#validacion">Validation</a></li><li><a href="#historial">History</a></li><li><a href="#ventas">Sales</a></li><li><a href="#perfil">Profile</a></li><li><a href="#cuarentena">Quarantine</a></li><li><a href="/graphql">GraphiQL</a></li>
</ul></nav>`;

export function renderReport(answer: ReportData, quarantine: QuarantineResult, filter: QuarantineFilter): string {
  const bounded = boundReport(answer);
  const { data } = bounded;
  // The charts' data: what the API answered, within the page's bounds, for report.js to draw.
  const chartData = {
    archivos: (data.cargas[0]?.archivos ?? []).map((f) => ({ ...f, archivo: fileNameOf(f.archivo) })),
    validaciones: data.validaciones,
    resumenPorCategoria: data.resumenPorCategoria,
    resumenPorCiudad: data.resumenPorCiudad,
    resumenPorMes: data.resumenPorMes,
  };
  const main = html`${glance(data)}
${loadSection(data, bounded.reasonsLeftOut)}
${validationSection(data, bounded.checksLeftOut)}
${historySection(data.validaciones)}
${salesSection(bounded)}
${profileSection(data.perfil)}
${quarantineSection(data, quarantine, filter)}
<script type="application/json" id="datos-informe">${jsonForScript(chartData)}</script>`;
  return page({ title: 'Ventas · data report', main, nav: NAV, scripts: ['/assets/chart.umd.min.js', '/assets/report.js'] });
}

/** A page that only says what went wrong (the API failed, or a runbook does not exist). */
export function renderMessage(heading: string, message: string): string {
  return page({
    title: `${heading} · Ventas`,
    main: html`<section><h1>${heading}</h1><p class="alert" role="alert">${message}</p><p><a href="/">The report</a> · <a href="/runbooks/">the runbooks</a> · <a href="/health">/health</a></p></section>`,
  });
}
