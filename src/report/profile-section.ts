// The report's column profile: per table, each column's figures in the latest profiled load and how each
// changed since the previous one. Bounded by the API (one row per profiled column, 5 top values each).
import { html, type SafeHtml } from '../html/safe-html.ts';
import { formatInt } from './format.ts';
import { BOUNDS, clip } from './page-bounds.ts';
import type { ReportProfile, ReportProfileColumn, ReportProfileFigures } from './report-query.ts';

const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const fmt = (n: number) => (Number.isInteger(n) ? formatInt(n) : decimal.format(n));

type Figures = Omit<ReportProfileColumn, 'anterior'>;
type Shared = keyof ReportProfileFigures;

/** A figure and, under it, its change since the previous load: "+8", "−3", "was 2024-09-15", or nothing. */
function cell(now: number | string | null, before: number | string | null | undefined, hasPrevious: boolean): SafeHtml {
  if (now === null) return html`<td class="num">–</td>`;
  const shown = typeof now === 'number' ? fmt(now) : now;
  let change: SafeHtml | string = '';
  if (hasPrevious && before !== undefined && before !== now) {
    if (typeof now === 'number' && typeof before === 'number') {
      const d = now - before;
      change = html` <span class="delta ${d > 0 ? 'up' : 'down'}">${d > 0 ? '+' : '−'}${fmt(Math.abs(Math.round(d * 100) / 100))}</span>`;
    } else {
      change = html` <span class="delta">was ${before === null ? '–' : String(before)}</span>`;
    }
  } else if (hasPrevious && before !== undefined) {
    change = html` <span class="delta same">=</span>`;
  }
  return html`<td class="num" data-value="${String(now)}">${shown}${change}</td>`;
}

function topValues(c: Figures): SafeHtml {
  if (!c.frecuentes?.length) return html`<td>–</td>`;
  return html`<td class="top">${c.frecuentes.map((v, i) => html`${i ? ', ' : ''}${clip(v.valor, BOUNDS.nameChars)} (${formatInt(v.filas)})`)}</td>`;
}

function row(c: ReportProfileColumn): SafeHtml {
  const p = c.anterior;
  const has = p !== null;
  const prev = <K extends Shared>(k: K): ReportProfileFigures[K] | undefined => (p ? p[k] : undefined);
  return html`<tr data-columna="${c.tabla}.${c.columna}"><th scope="row">${c.columna}</th><td>${c.tipo}</td>${cell(c.filas, prev('filas'), has)}${cell(
    c.faltantes,
    prev('faltantes'),
    has,
  )}${cell(c.distintos, prev('distintos'), has)}${cell(c.minimo ?? c.desde, p ? (p.minimo ?? p.desde) : undefined, has)}${cell(
    c.maximo ?? c.hasta,
    p ? (p.maximo ?? p.hasta) : undefined,
    has,
  )}${cell(c.media, prev('media'), has)}${topValues(c)}</tr>`;
}

export function profileSection(profile: ReportProfile | null | undefined): SafeHtml {
  if (!profile) {
    return html`<section id="perfil" aria-labelledby="perfil-h"><h2 id="perfil-h">Column profile</h2><p>No profiled load yet: every successful load profiles its columns.</p></section>`;
  }
  const tables = [...new Set(profile.columnas.map((c) => c.tabla))];
  const compared =
    profile.carga_anterior_id === null
      ? 'the first profiled load: nothing to compare yet'
      : `changes since load #${profile.carga_anterior_id}`;
  return html`<section id="perfil" aria-labelledby="perfil-h">
<h2 id="perfil-h">Column profile <span class="muted">load #${profile.carga_id}, ${compared}</span></h2>
<p class="muted">Per column: rows, missing values (empty text), distinct values, min and max (numbers, or the date range), mean (numbers that are not identifiers) and the most frequent text values. Under each figure its change since the previous load.</p>
${tables.map(
  (t) => html`<div class="table-wrap" role="region" aria-labelledby="perfil-${t}-caption" tabindex="0">
<table id="perfil-${t}"><caption id="perfil-${t}-caption">${t}</caption>
<thead><tr><th scope="col">Column</th><th scope="col">Type</th><th scope="col" class="num">Rows</th><th scope="col" class="num">Missing</th><th scope="col" class="num">Distinct</th><th scope="col" class="num">Min / from</th><th scope="col" class="num">Max / to</th><th scope="col" class="num">Mean</th><th scope="col">Most frequent</th></tr></thead>
<tbody>${profile.columnas.filter((c) => c.tabla === t).map(row)}</tbody>
</table></div>`,
)}
</section>`;
}
