// Reads a stored validation run back as a value, with its checks' descriptions and runbooks (for the API).
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import { runbookPath } from '../validation/run-validation.ts';
import type { CheckResult, RunStatus, Severity, ValidationRun } from '../validation/types.ts';
import { ALL_CHECKS } from '../validation/checks/index.ts';

const descriptions = new Map(ALL_CHECKS.map((c) => [c.code, c.description]));

export async function validationRun(db: Kysely<Database>, id: number): Promise<ValidationRun | undefined> {
  const run = await db.selectFrom('validaciones').selectAll().where('id', '=', id).executeTakeFirst();
  if (!run) return undefined;
  const rows = await db.selectFrom('validacion_resultados').selectAll().where('validacion_id', '=', id).orderBy('id').execute();
  const results: CheckResult[] = rows.map((r) => {
    const details = JSON.parse(r.detalle) as Record<string, unknown>;
    // A declared check keeps its description and runbook in its details: the checks file may have changed since.
    const declared = (details.declared ?? null) as { description?: string; runbook?: string; runbookText?: string } | null;
    return {
      code: r.codigo,
      severity: r.severidad as Severity,
      description: declared?.description ?? descriptions.get(r.codigo) ?? r.codigo,
      runbook: declared?.runbook ?? runbookPath(r.codigo),
      runbookText: declared?.runbookText ?? null,
      passed: Number(r.aprobado) === 1,
      rowsAffected: Number(r.filas_afectadas),
      samples: JSON.parse(r.muestras),
      impact: r.impacto === null ? null : JSON.parse(r.impacto),
      details,
      error: r.error,
    };
  });
  return {
    id: run.id,
    loadId: run.carga_id,
    ranAt: run.ejecutada_en,
    asOf: run.fecha_corte,
    status: run.estado as RunStatus,
    origin: run.origen,
    results,
  };
}
