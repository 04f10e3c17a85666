// A runbook (docs/runbooks/<code>.md) as a page of the report: Markdown rendered by marked, with links
// between runbooks pointing at their pages instead of at .md files.
import { Marked, type Tokens } from 'marked';
import { formatInt, formatMoney, formatTime } from './format.ts';
import { html, raw, type SafeHtml } from '../html/safe-html.ts';
import { page } from './layout.ts';
import { BOUNDS, clip } from './page-bounds.ts';
import type { RunbookLatest } from './report-query.ts';

const markdown = new Marked({
  gfm: true,
  walkTokens(token) {
    if (token.type !== 'link') return;
    const link = token as Tokens.Link;
    const sibling = /^(?:\.\/)?([a-z0-9_]+)\.md(#.*)?$/i.exec(link.href);
    if (sibling)
      link.href = sibling[1]!.toLowerCase() === 'readme' ? `/runbooks/${sibling[2] ?? ''}` : `/runbooks/${sibling[1]}${sibling[2] ?? ''}`;
  },
});

/** Markdown to HTML; code blocks scroll sideways, so they take keyboard focus (content is escaped: a
 * literal `<pre>` in the output is always marked's own). */
const toHtml = (source: string): string => markdown.parse(source, { async: false }).replaceAll('<pre>', '<pre tabindex="0">');

/** A runbook's code as it may appear in a URL: the check codes are lower-case words. */
export const RUNBOOK_CODE = /^[a-z0-9_]{1,64}$/;

/** The check's result in the latest run: null when the check did not run (or no run exists); an error
 * message when the API could not say. */
export type LatestResult = RunbookLatest | null | { error: string };

/** A sample's value as text, within the page's bounds (a raw line as the report shows one). */
const cell = (v: unknown, max: number = BOUNDS.textChars): string =>
  v === null || v === undefined ? '–' : clip(typeof v === 'object' ? JSON.stringify(v) : String(v), max);

/** The affected rows a check kept as samples (flat objects), as a table with one column per field. */
function samplesTable(samples: unknown): SafeHtml | '' {
  if (!Array.isArray(samples) || samples.length === 0) return '';
  // The checks keep up to 10; the bounds hold whatever a stored result says.
  const rows = samples.slice(0, BOUNDS.samples).filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].slice(0, BOUNDS.sampleColumns);
  return html`<div class="table-wrap" role="region" aria-labelledby="muestras-caption" tabindex="0"><table id="tabla-muestras">
<caption id="muestras-caption">Affected rows (up to ${rows.length} samples)</caption>
<thead><tr>${columns.map((c) => html`<th scope="col">${clip(c, BOUNDS.nameChars)}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${columns.map((c) => html`<td>${c === 'contenido' ? html`<code class="raw">${cell(r[c], BOUNDS.rawLineChars)}</code>` : cell(r[c])}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

function latestSection(latest: LatestResult): SafeHtml {
  let body: SafeHtml;
  if (latest === null) body = html`<p>This check has no result yet: run <code>npm run validate</code>.</p>`;
  else if ('error' in latest)
    body = html`<p class="alert" role="alert">The latest result cannot be shown: ${clip(latest.error, BOUNDS.textChars)}</p>`;
  else {
    const { run, result: r } = latest;
    body = html`<p id="resultado-ultimo" data-aprobado="${String(r.aprobado)}" data-filas="${r.filas_afectadas}">Run #${run.id} (${formatTime(run.ejecutada_en)}):
${r.aprobado ? html`<span class="result result-pass">✓ pass</span>` : html`<span class="result result-fail">✗ fail</span>`}
· <span class="badge badge-${r.severidad.toLowerCase()}">${r.severidad}</span> · ${formatInt(r.filas_afectadas)} row${r.filas_afectadas === 1 ? '' : 's'} affected${r.impacto ? ` · ${formatInt(r.impacto.unidades)} units and ${formatMoney(r.impacto.ingresos)} of revenue at stake` : ''}${r.error ? html` · <span class="alert-text">could not run: ${clip(r.error, BOUNDS.textChars)}</span>` : ''}</p>
${samplesTable(r.muestras)}`;
  }
  return html`<section class="latest" aria-labelledby="ultimo-h"><h2 id="ultimo-h">In the latest validation</h2>${body}</section>`;
}

export function renderRunbook(code: string | null, source: string, latest?: LatestResult): string {
  // The runbook's own title heads the page; the latest result comes under it, then the rest of the text.
  const heading = /^#\s+(.+)\n?/.exec(source);
  const title = heading?.[1] ?? code ?? 'Runbooks';
  const rest = heading ? source.slice(heading[0].length) : source;
  return page({
    title: `${title} · runbook`,
    main: html`<nav class="crumbs" aria-label="Breadcrumb"><a href="/#validacion">« Back to the report</a>${code ? html` · <a href="/runbooks/">all runbooks</a>` : ''}</nav>
<article class="runbook-page" data-runbook="${code ?? 'index'}">
${heading ? raw(toHtml(heading[0])) : ''}
${latest === undefined ? '' : latestSection(latest)}
${raw(toHtml(rest))}
</article>`,
  });
}
