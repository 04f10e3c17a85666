// A load followed by the validation of what it loaded: what the seed, the server's first start and the
// API's reload all do, so the latest validation run always matches the latest load.
import type { Kysely } from 'kysely';
import type { AlertingDeps } from '../alerting/alert-engine.ts';
import type { Database } from '../db/tables.ts';
import { openJsonLog } from '../log/json-log.ts';
import { readValidationConfig } from '../validation/config.ts';
import { runValidation } from '../validation/run-validation.ts';
import type { ValidationRun } from '../validation/types.ts';
import { readEtlConfig, readRecordLimits } from './etl-config.ts';
import { type LoadOptions, type LoadResult, runLoad } from './load.ts';

export interface LoadAndValidateResult {
  load: LoadResult;
  /** Null when the load did not complete (nothing new to validate). */
  validation: ValidationRun | null;
  timings: { loadMs: number; validationMs: number };
}

export async function loadAndValidate(
  db: Kysely<Database>,
  options: Omit<LoadOptions, 'numberOptions' | 'recordLimits' | 'log'> & { origin: string; alerting?: AlertingDeps },
): Promise<LoadAndValidateResult> {
  const started = performance.now();
  const load = await runLoad(db, { ...options, numberOptions: readEtlConfig(), recordLimits: readRecordLimits(), log: openJsonLog('procesamiento.log', 'etl') });
  const loadMs = Math.round(performance.now() - started);
  const validation =
    load.status === 'ok'
      ? await runValidation(db, {
          asOf: load.asOf,
          config: readValidationConfig(),
          origin: options.origin,
          clock: options.clock,
          alerts: openJsonLog('alertas.log', 'validation'),
          alerting: options.alerting,
        })
      : null;
  return { load, validation, timings: { loadMs, validationMs: Math.round(performance.now() - started) - loadMs } };
}
