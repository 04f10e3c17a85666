// Runs every check, stores the run and each result (passes too), and writes one alert line per failed check
// (notifications are the jobs' part: src/jobs/validate-and-alert.ts).
// Returns the run as a value: a check that cannot run becomes a failed result, it never aborts the run.
import { formatISO } from 'date-fns/formatISO';
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import type { JsonLog } from '../log/json-log.ts';
import { closeInterruptedRuns } from '../process/interrupted-runs.ts';
import type { ProcessCheck } from '../process/liveness.ts';
import { ALL_CHECKS } from './checks/index.ts';
import { DEFAULT_VALIDATION_CONFIG, type ValidationConfig } from './config.ts';
import { planChecks } from './declared/plan.ts';
import { runStatus } from './run-status.ts';
import type { Check, CheckContext, CheckResult, ValidationRun } from './types.ts';

export interface ValidationOptions {
  /** Rows dated after this day are future; default today (local time). */
  asOf?: string;
  config?: ValidationConfig;
  clock?: () => Date;
  /** Who asked: 'seed', 'cli', 'api'. */
  origin: string;
  /** The alert log (logs/alertas.log); omitted, nothing is written. */
  alerts?: JsonLog;
  checks?: readonly Check[];
  /** How to tell whether the process of a load still `en_curso` died; default the real one. */
  processCheck?: ProcessCheck;
  /** Run only the check with this code (built-in or declared). */
  only?: string;
  /** False: the run is neither stored nor alerted (`validate --check NAME`); its id is 0. Default true. */
  persist?: boolean;
}

export const runbookPath = (code: string) => `docs/runbooks/${code}.md`;

export async function runValidation(db: Kysely<Database>, options: ValidationOptions): Promise<ValidationRun> {
  const clock = options.clock ?? (() => new Date());
  const now = clock();
  const asOf = options.asOf ?? formatISO(now, { representation: 'date' });
  const config = options.config ?? DEFAULT_VALIDATION_CONFIG;
  // A load whose process died is closed first, so no check (nor the run's load id) mistakes it for the latest.
  // On a database behind its migrations this cannot run; the run goes on (database_structure reports it).
  await closeInterruptedRuns(db, { check: options.processCheck, now: clock }).catch(() => null);

  const results = await runPlannedChecks({ db, asOf, now, config }, options);
  const status = runStatus(results);
  const loadId = await lastLoadId(db);
  const ranAt = now.toISOString();
  const run = { loadId, ranAt, asOf, status, origin: options.origin, results };
  if (options.persist === false) return { id: 0, ...run };

  const id = await storeRun(db, run);
  writeAlerts(options.alerts, id, loadId, results);
  return { id, ...run };
}

/** Built-in severities from config/validation.json and the checks file, then the declared checks; `only` keeps one. */
async function runPlannedChecks(ctx: CheckContext, options: ValidationOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const planned = planChecks(options.checks ?? ALL_CHECKS, ctx.config).filter((c) => options.only === undefined || c.code === options.only);
  for (const check of planned) results.push(await runOneCheck(check, ctx));
  return results;
}

type PlannedCheck = ReturnType<typeof planChecks>[number];

/** A check that throws becomes a failed result carrying the reason: it never aborts the run. */
async function runOneCheck(check: PlannedCheck, ctx: CheckContext): Promise<CheckResult> {
  const head = {
    code: check.code,
    severity: check.severity,
    description: check.description,
    runbook: check.runbook ?? runbookPath(check.code),
    ...(check.runbookText ? { runbookText: check.runbookText } : {}),
  };
  try {
    const finding = await check.run(ctx);
    return { ...head, ...finding, error: finding.error ?? null };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ...head, passed: false, rowsAffected: 0, samples: [], impact: null, details: {}, error: `check could not run: ${message}` };
  }
}

async function lastLoadId(db: Kysely<Database>): Promise<number | null> {
  const lastLoad = await db.selectFrom('cargas').select('id').where('estado', '=', 'ok').orderBy('id', 'desc').executeTakeFirst();
  return lastLoad?.id ?? null;
}

/** The run and every result (passes too) in one transaction; returns the run's id. */
async function storeRun(db: Kysely<Database>, run: Omit<ValidationRun, 'id'>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const stored = await trx
      .insertInto('validaciones')
      .values({ carga_id: run.loadId, ejecutada_en: run.ranAt, fecha_corte: run.asOf, estado: run.status, origen: run.origin })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A run may have no checks at all (a checks file that switches every built-in one off).
    if (run.results.length > 0) {
      await trx
        .insertInto('validacion_resultados')
        .values(
          run.results.map((r) => ({
            validacion_id: stored.id,
            codigo: r.code,
            severidad: r.severity,
            aprobado: r.passed ? 1 : 0,
            filas_afectadas: r.rowsAffected,
            muestras: JSON.stringify(r.samples),
            impacto: r.impact === null ? null : JSON.stringify(r.impact),
            detalle: JSON.stringify(r.details),
            error: r.error,
          })),
        )
        .execute();
    }
    return stored.id;
  });
}

/** One alert line per failed check. */
function writeAlerts(alerts: JsonLog | undefined, runId: number, loadId: number | null, results: readonly CheckResult[]): void {
  for (const r of results) {
    if (r.passed) continue;
    // The level is the severity as it is: a warning is never logged as an error.
    alerts?.write(r.severity.toLowerCase() as 'warning' | 'error' | 'critical', r.description, {
      runId,
      loadId,
      check: r.code,
      severity: r.severity,
      rowsAffected: r.rowsAffected,
      impact: r.impact,
      runbook: r.runbook,
      ...(r.error ? { error: r.error } : {}),
    });
  }
}
