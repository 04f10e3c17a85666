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
import type { Check, CheckResult, ValidationRun } from './types.ts';

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
  const ctx = { db, asOf, now, config };
  // A load whose process died is closed first, so no check (nor the run's load id) mistakes it for the latest.
  // On a database behind its migrations this cannot run; the run goes on (database_structure reports it).
  await closeInterruptedRuns(db, { check: options.processCheck, now: clock }).catch(() => null);

  const results: CheckResult[] = [];
  // Built-in severities from config/validation.json and the checks file, then the declared checks.
  const planned = planChecks(options.checks ?? ALL_CHECKS, config).filter((c) => options.only === undefined || c.code === options.only);
  for (const check of planned) {
    const head = {
      code: check.code,
      severity: check.severity,
      description: check.description,
      runbook: check.runbook ?? runbookPath(check.code),
      ...(check.runbookText ? { runbookText: check.runbookText } : {}),
    };
    try {
      const finding = await check.run(ctx);
      results.push({ ...head, ...finding, error: finding.error ?? null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      results.push({
        ...head,
        passed: false,
        rowsAffected: 0,
        samples: [],
        impact: null,
        details: {},
        error: `check could not run: ${message}`,
      });
    }
  }
  const status = runStatus(results);
  const lastLoad = await db.selectFrom('cargas').select('id').where('estado', '=', 'ok').orderBy('id', 'desc').executeTakeFirst();
  const ranAt = now.toISOString();
  if (options.persist === false) return { id: 0, loadId: lastLoad?.id ?? null, ranAt, asOf, status, origin: options.origin, results };

  const id = await db.transaction().execute(async (trx) => {
    const run = await trx
      .insertInto('validaciones')
      .values({ carga_id: lastLoad?.id ?? null, ejecutada_en: ranAt, fecha_corte: asOf, estado: status, origen: options.origin })
      .returning('id')
      .executeTakeFirstOrThrow();
    // A run may have no checks at all (a checks file that switches every built-in one off).
    if (results.length > 0) {
      await trx
        .insertInto('validacion_resultados')
        .values(
          results.map((r) => ({
            validacion_id: run.id,
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
    return run.id;
  });

  for (const r of results) {
    if (r.passed) continue;
    // The level is the severity as it is: a warning is never logged as an error.
    options.alerts?.write(r.severity.toLowerCase() as 'warning' | 'error' | 'critical', r.description, {
      runId: id,
      loadId: lastLoad?.id ?? null,
      check: r.code,
      severity: r.severity,
      rowsAffected: r.rowsAffected,
      impact: r.impact,
      runbook: r.runbook,
      ...(r.error ? { error: r.error } : {}),
    });
  }
  return { id, loadId: lastLoad?.id ?? null, ranAt, asOf, status, origin: options.origin, results };
}
