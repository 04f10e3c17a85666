// A validation run followed by its notifications: one alert per failed check, a resolve notice for each check
// that passes again. Every validation a command, the API or a load starts goes through here, so all alert alike.
import type { Kysely } from 'kysely';
import { type AlertingDeps, processAlerts } from '../alerting/alert-engine.ts';
import { alertingFromEnvironment } from '../alerting/setup.ts';
import type { Database } from '../db/tables.ts';
import { openJsonLog } from '../log/json-log.ts';
import { readValidationConfig } from '../validation/read-config.ts';
import { type ValidationOptions, runValidation } from '../validation/run-validation.ts';
import type { ValidationRun } from '../validation/types.ts';

export async function validateAndAlert(
  db: Kysely<Database>,
  options: ValidationOptions & {
    /** Notifications for failed checks (and resolve notices for checks that pass again); omitted, none. */
    alerting?: AlertingDeps;
  },
): Promise<ValidationRun> {
  const { alerting, ...validation } = options;
  const run = await runValidation(db, validation);
  // A run that is not stored (`validate --check NAME`, a try-out) raises no alerts either.
  if (alerting && validation.persist !== false) await alertValidation(alerting, run);
  return run;
}

export async function alertValidation(deps: AlertingDeps, run: ValidationRun): Promise<void> {
  const raised = run.results
    .filter((r) => !r.passed)
    .map((r) => ({
      check: r.code,
      severity: r.severity,
      summary: `${r.description}: ${r.rowsAffected} rows${r.error ? ` (${r.error})` : ''}`,
      rowsAffected: r.rowsAffected,
      impact: r.impact,
      runbook: r.runbook,
      runId: String(run.id),
      loadId: run.loadId,
    }));
  await processAlerts(
    deps,
    'validation',
    raised,
    run.results.filter((r) => r.passed).map((r) => r.code),
  );
}

/** A validation as the API starts it: config/validation.json, the alert log and the configured channels. */
export function validateWithConfiguredAlerts(db: Kysely<Database>, options: { asOf?: string; origin: string }): Promise<ValidationRun> {
  return validateAndAlert(db, {
    ...options,
    config: readValidationConfig(),
    alerts: openJsonLog('alertas.log', 'validation'),
    alerting: alertingFromEnvironment(db),
  });
}
