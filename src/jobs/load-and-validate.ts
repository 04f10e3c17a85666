// A load, then the validation of what it loaded, then that validation's alerts: what the seed, the server's first start, the
// API's reload and the monitor all do, so the latest validation run always matches the latest load.
// The callers read the validation config and pass it in: its row-count threshold also guards the load.
import type { Kysely } from 'kysely';
import type { AlertingDeps } from '../alerting/alert-engine.ts';
import type { Database } from '../db/tables.ts';
import { openJsonLog } from '../log/json-log.ts';
import { type LoadFactsResult, beginLoadFacts, finishLoadFacts } from '../profile/record-load-facts.ts';
import type { ValidationConfig } from '../validation/config.ts';
import type { ValidationRun } from '../validation/types.ts';
import { readEtlConfig, readRecordLimits } from '../etl/etl-config.ts';
import { type LoadOptions, type LoadResult, runLoad } from '../etl/load.ts';
import { validateAndAlert } from './validate-and-alert.ts';

export interface LoadAndValidateResult {
  load: LoadResult;
  /** Metrics and column profile of the load, recorded after it commits; null when the load did not complete. */
  facts: LoadFactsResult | null;
  /** Null when the load did not complete (nothing new to validate). */
  validation: ValidationRun | null;
  timings: { loadMs: number; validationMs: number };
}

export async function loadAndValidate(
  db: Kysely<Database>,
  options: Omit<LoadOptions, 'numberOptions' | 'recordLimits' | 'log' | 'minRowShareOfPrevious'> & {
    origin: string;
    alerting?: AlertingDeps;
    /** config/validation.json as the caller read it; omitted, the defaults validate and no row-count drop is refused. */
    validationConfig?: ValidationConfig;
  },
): Promise<LoadAndValidateResult> {
  const started = performance.now();
  const { validationConfig, ...loadOptions } = options;
  const load = await runLoad(db, {
    ...loadOptions,
    minRowShareOfPrevious: validationConfig?.minRowShareOfPrevious,
    numberOptions: readEtlConfig(),
    recordLimits: readRecordLimits(),
    log: openJsonLog('procesamiento.log', 'etl'),
  });
  const loadMs = Math.round(performance.now() - started);
  // Metrics before the validation, so the anomaly checks compare this load's with the history; the column
  // profile runs beside the validation (on SQLite in a worker thread) and is stored after it.
  const begun = load.status === 'ok' ? await beginLoadFacts(db, load.loadId) : null;
  const validation =
    load.status === 'ok'
      ? await validateAndAlert(db, {
          asOf: load.asOf,
          config: validationConfig,
          origin: options.origin,
          clock: options.clock,
          alerts: openJsonLog('alertas.log', 'validation'),
          alerting: options.alerting,
          processCheck: options.processCheck,
        })
      : null;
  const facts = begun ? await finishLoadFacts(db, begun) : null;
  if (facts?.status === 'failed')
    openJsonLog('procesamiento.log', 'profile').write('error', facts.error.message, { loadId: facts.loadId, code: facts.error.code });
  return { load, facts, validation, timings: { loadMs, validationMs: Math.round(performance.now() - started) - loadMs } };
}
