// Shapes shared by the validation engine, its checks and its surfaces (CLI, GraphQL, alert log).
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import type { ValidationConfig } from './config.ts';
import type { Severity } from './severity.ts';

// Severity has a module of its own so that the config can read it without importing these shapes (which name the config).
export { SEVERITIES, type Severity } from './severity.ts';

export type RunStatus = 'OK' | 'REQUIERE ATENCIÓN' | 'ERROR' | 'CRITICAL';

export interface Impact {
  /** Units (sum of cantidad) of the affected sales. */
  unidades: number;
  /** Revenue (sum of cantidad * precio_unitario) of the affected sales. */
  ingresos: number;
}

/** What a check finds; the engine adds code, severity, description and runbook. */
export interface CheckFinding {
  passed: boolean;
  rowsAffected: number;
  samples: Array<Record<string, unknown>>;
  impact: Impact | null;
  details: Record<string, unknown>;
  /** Set by a check that ran but reports a coded problem of its own (checks_file). */
  error?: string | null;
}

export interface CheckResult extends CheckFinding {
  code: string;
  severity: Severity;
  description: string;
  runbook: string;
  /** Set when the check itself could not run; such a check counts as failed. */
  error: string | null;
  /** A declared check's runbook written in the checks file (Markdown); null for a runbook file. */
  runbookText?: string | null;
}

export interface CheckContext {
  db: Kysely<Database>;
  asOf: string;
  now: Date;
  config: ValidationConfig;
}

export interface Check {
  code: string;
  severity: Severity;
  description: string;
  /** Declared checks say where their runbook is; built-in ones have docs/runbooks/<code>.md. */
  runbook?: string;
  runbookText?: string | null;
  run(ctx: CheckContext): Promise<CheckFinding>;
}

export interface ValidationRun {
  id: number;
  loadId: number | null;
  ranAt: string;
  asOf: string;
  status: RunStatus;
  origin: string;
  results: CheckResult[];
}
