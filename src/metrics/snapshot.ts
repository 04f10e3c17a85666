// Reads, at scrape time, everything the database-derived Prometheus metrics report, in one pass.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';

export interface FileCounts {
  file: string;
  read: number;
  loaded: number;
  /** Reason code -> rows quarantined for it. */
  reasons: Record<string, number>;
}

export interface CheckState {
  check: string;
  severity: string;
  failed: boolean;
  rows: number;
}

export interface BreakerState {
  job: string;
  open: boolean;
  consecutiveFailures: number;
}

export interface MetricsSnapshot {
  /** Per-file counts of the latest successful load (empty when there is none). */
  files: FileCounts[];
  /** Unix seconds; null when no load ever succeeded. */
  lastLoadSeconds: number | null;
  /** The latest validation run's results (empty when there is none). */
  checks: CheckState[];
  /** 0 OK, 1 REQUIERE ATENCIÓN, 2 ERROR, 3 CRITICAL; null without a run or for an unknown status. */
  validationStatus: number | null;
  /** Unix seconds of the latest uploaded or skipped object; null when none. */
  lastUploadSeconds: number | null;
  uploadBytes: number;
  uploadFailures: number;
  deadLetters: number;
  breakers: BreakerState[];
  /** Severity -> firing alert groups. */
  alertsFiring: Record<string, number>;
  /** Channel -> failed notifications. */
  notificationsFailed: Record<string, number>;
}

export const VALIDATION_STATUS_CODES: Readonly<Record<string, number>> = {
  OK: 0,
  'REQUIERE ATENCIÓN': 1,
  ERROR: 2,
  CRITICAL: 3,
};

/** Always reported, at 0 when quiet, so an alert rule on a severity never sees "no data" instead of 0. */
const ALERT_SEVERITIES = ['WARNING', 'ERROR', 'CRITICAL'] as const;

function seconds(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms / 1000;
}

/** A corrupt `razones` value must not take the whole scrape down: that file just reports no reasons. */
function parseReasons(json: string): Record<string, number> {
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const out: Record<string, number> = {};
    for (const [reason, rows] of Object.entries(parsed)) {
      const n = Number(rows);
      if (Number.isFinite(n)) out[reason] = n;
    }
    return out;
  } catch {
    return {};
  }
}

export async function readSnapshot(db: Kysely<Database>): Promise<MetricsSnapshot> {
  const lastLoad = await db
    .selectFrom('cargas')
    .select(['id', 'iniciada_en', 'finalizada_en'])
    .where('estado', '=', 'ok')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const fileRows = lastLoad
    ? await db
        .selectFrom('carga_archivos')
        .select(['archivo', 'leidas', 'cargadas', 'razones'])
        .where('carga_id', '=', lastLoad.id)
        .orderBy('archivo')
        .execute()
    : [];

  const lastRun = await db.selectFrom('validaciones').select(['id', 'estado']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const checkRows = lastRun
    ? await db
        .selectFrom('validacion_resultados')
        .select(['codigo', 'severidad', 'aprobado', 'filas_afectadas'])
        .where('validacion_id', '=', lastRun.id)
        .orderBy('id')
        .execute()
    : [];

  const lastUpload = await db
    .selectFrom('envios')
    .select((eb) => eb.fn.max('enviado_en').as('at'))
    .where('estado', 'in', ['uploaded', 'skipped'])
    .executeTakeFirst();
  const uploadedBytes = await db
    .selectFrom('envios')
    .select((eb) => eb.fn.sum<number | string | null>('bytes').as('bytes'))
    .where('estado', '=', 'uploaded')
    .executeTakeFirst();
  const failures = await db
    .selectFrom('envios')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('estado', '=', 'failed')
    .executeTakeFirst();
  const deadLetters = await db
    .selectFrom('envios_fallidos')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('resuelto_en', 'is', null)
    .executeTakeFirst();

  const breakerRows = await db.selectFrom('interruptores').select(['trabajo', 'estado', 'fallos_seguidos']).orderBy('trabajo').execute();
  const alertRows = await db
    .selectFrom('alertas')
    .select(['severidad', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('estado', '=', 'firing')
    .groupBy('severidad')
    .execute();
  const notificationRows = await db
    .selectFrom('notificaciones')
    .select(['canal', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('estado', '=', 'failed')
    .groupBy('canal')
    .execute();

  const alertsFiring: Record<string, number> = Object.fromEntries(ALERT_SEVERITIES.map((s) => [s, 0]));
  for (const r of alertRows) alertsFiring[r.severidad] = Number(r.n);

  return {
    files: fileRows.map((r) => ({ file: r.archivo, read: Number(r.leidas), loaded: Number(r.cargadas), reasons: parseReasons(r.razones) })),
    lastLoadSeconds: lastLoad ? seconds(lastLoad.finalizada_en ?? lastLoad.iniciada_en) : null,
    checks: checkRows.map((r) => ({
      check: r.codigo,
      severity: r.severidad,
      failed: Number(r.aprobado) === 0,
      rows: Number(r.filas_afectadas),
    })),
    validationStatus: lastRun ? (VALIDATION_STATUS_CODES[lastRun.estado] ?? null) : null,
    lastUploadSeconds: seconds(lastUpload?.at as string | null | undefined),
    uploadBytes: Number(uploadedBytes?.bytes ?? 0),
    uploadFailures: Number(failures?.n ?? 0),
    deadLetters: Number(deadLetters?.n ?? 0),
    breakers: breakerRows.map((r) => ({ job: r.trabajo, open: r.estado === 'open', consecutiveFailures: Number(r.fallos_seguidos) })),
    alertsFiring,
    notificationsFailed: Object.fromEntries(notificationRows.map((r) => [r.canal, Number(r.n)])),
  };
}
