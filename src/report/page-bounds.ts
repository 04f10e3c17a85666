// What the report page shows of the data at most. Every list and every text on the page has a bound here,
// so a page stays well under 1 MB (and renders in milliseconds) whatever the database holds: thousands of
// categories, a raw line of 200 MB kept by an old load, a message as long as a file.
import type { ReportData, SummaryRow } from './report-query.ts';

export const BOUNDS = {
  /** Characters of a quarantined raw line shown; its full length in bytes is shown beside it. */
  rawLineChars: 200,
  /** Characters of a message, a description or an error. */
  textChars: 300,
  /** Characters of a name: a category, a city, a file, a reason code, a field. */
  nameChars: 100,
  /** Rows of each sales summary (by category, by city: the largest by revenue; by month: the latest). */
  summaryRows: 50,
  /** Validation runs in the history (the API's page is this size already). */
  runs: 30,
  /** Files of a load, reason codes, checks of a run, failed check codes written out per run in the history. */
  files: 10,
  reasons: 40,
  checks: 60,
  codesPerRun: 20,
  /** Rows of the quarantine browser (one page of the API's connection). */
  quarantineRows: 25,
  /** A runbook page's sample rows of its check, and their columns. */
  samples: 10,
  sampleColumns: 20,
} as const;

/** The first `max` characters and an ellipsis; never splits a surrogate pair (an emoji stays whole or goes). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}

/** Every string anywhere in `value` clipped to `max` characters: the net under the tighter bounds below, so a
 * field the page starts showing tomorrow is bounded too. Object keys are clipped as well (`razones` is a map). */
export function clipStrings<T>(value: T, max: number): T {
  if (typeof value === 'string') return clip(value, max) as T;
  if (Array.isArray(value)) return value.map((v) => clipStrings(v, max)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [clip(k, max), clipStrings(v, max)])) as T;
  }
  return value;
}

/** Rows the summary leaves out, summed: the table shows them as one row so its total stays the true total. */
export interface SummaryRest {
  count: number;
  unidades: number;
  ingresos: number;
  ventas: number;
}

export interface BoundedSummary {
  rows: SummaryRow[];
  rest: SummaryRest | null;
}

/** Keeps `max` rows in the API's order: the largest by revenue (`top`) or the last ones (`latest`, for months). */
export function boundSummary(rows: SummaryRow[], max: number, keep: 'top' | 'latest'): BoundedSummary {
  if (rows.length <= max) return { rows, rest: null };
  let kept: Set<SummaryRow>;
  if (keep === 'latest') kept = new Set(rows.slice(-max));
  else kept = new Set([...rows].sort((a, b) => b.ingresos - a.ingresos || b.unidades - a.unidades).slice(0, max));
  const left = rows.filter((r) => !kept.has(r));
  return {
    rows: rows.filter((r) => kept.has(r)),
    rest: {
      count: left.length,
      unidades: left.reduce((s, r) => s + r.unidades, 0),
      ingresos: Math.round(left.reduce((s, r) => s + r.ingresos, 0) * 100) / 100,
      ventas: left.reduce((s, r) => s + r.ventas, 0),
    },
  };
}

export interface BoundedReport {
  data: ReportData;
  resumenPorCategoria: BoundedSummary;
  resumenPorCiudad: BoundedSummary;
  resumenPorMes: BoundedSummary;
  /** Reason codes left out of the tables and the filter (the ones with the fewest rows). */
  reasonsLeftOut: number;
  checksLeftOut: number;
}

/** The API's answer cut down to what the page shows. */
export function boundReport(answer: ReportData): BoundedReport {
  // The lists are cut first (by the unclipped figures), so the strings clipped are only the ones shown.
  const data = clipStrings(
    {
      ...answer,
      cargas: answer.cargas.slice(0, 1),
      validacion: answer.validacion && { ...answer.validacion, resultados: answer.validacion.resultados.slice(0, BOUNDS.checks) },
      validaciones: answer.validaciones
        .slice(0, BOUNDS.runs)
        .map((run) => ({ ...run, resultados: run.resultados.slice(0, BOUNDS.checks) })),
      resumenPorCategoria: [],
      resumenPorCiudad: [],
      resumenPorMes: [],
    },
    BOUNDS.textChars,
  );
  const name = (s: string) => clip(s, BOUNDS.nameChars);
  const summary = (rows: SummaryRow[], keep: 'top' | 'latest') => {
    const bounded = boundSummary(rows, BOUNDS.summaryRows, keep);
    return { ...bounded, rows: bounded.rows.map((r) => ({ ...r, clave: name(r.clave) })) };
  };
  let reasonsLeftOut = 0;
  const cargas = data.cargas.slice(0, 1).map((load) => {
    const archivos = load.archivos.slice(0, BOUNDS.files);
    // The reasons with the most rows over all files; the same set for every file, so the table stays a grid.
    const totals = new Map<string, number>();
    for (const f of archivos) for (const [r, n] of Object.entries(f.razones)) totals.set(r, (totals.get(r) ?? 0) + n);
    const kept = new Set(
      [...totals.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, BOUNDS.reasons)
        .map(([r]) => r),
    );
    reasonsLeftOut = totals.size - kept.size;
    return {
      ...load,
      archivos: archivos.map((f) => ({
        ...f,
        archivo: name(f.archivo),
        razones: Object.fromEntries(
          Object.entries(f.razones)
            .filter(([r]) => kept.has(r))
            .map(([r, n]) => [name(r), n]),
        ),
      })),
    };
  });
  const validacion = data.validacion && {
    ...data.validacion,
    resultados: data.validacion.resultados.slice(0, BOUNDS.checks).map((r) => ({ ...r, codigo: name(r.codigo) })),
  };
  const validaciones = data.validaciones
    .slice(0, BOUNDS.runs)
    .map((run) => ({ ...run, resultados: run.resultados.slice(0, BOUNDS.checks).map((r) => ({ ...r, codigo: name(r.codigo) })) }));
  const resumenPorCategoria = summary(answer.resumenPorCategoria, 'top');
  const resumenPorCiudad = summary(answer.resumenPorCiudad, 'top');
  const resumenPorMes = summary(answer.resumenPorMes, 'latest');
  return {
    // The profile is bounded by the API (a row per profiled column, 5 top values); its strings are clipped above.
    data: {
      cargas,
      validacion,
      validaciones,
      resumenPorCategoria: resumenPorCategoria.rows,
      resumenPorCiudad: resumenPorCiudad.rows,
      resumenPorMes: resumenPorMes.rows,
      perfil: data.perfil ?? null,
    },
    resumenPorCategoria,
    resumenPorCiudad,
    resumenPorMes,
    reasonsLeftOut,
    checksLeftOut: Math.max(0, (answer.validacion?.resultados.length ?? 0) - BOUNDS.checks),
  };
}
