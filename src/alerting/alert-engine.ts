// Turns the problems a job run found into notifications: one alert group per cause (correlation key),
// no repeat within the quiet period, a resolve notice when the cause clears, and an escalation when too
// many CRITICAL alerts fire within the window. History in the database, so this works across runs.
import type { Kysely } from 'kysely';
import type { Database } from '../db/tables.ts';
import type { JsonLog } from '../log/json-log.ts';
import type { AlertingConfig } from './alerting-config.ts';
import { deliver } from './deliver.ts';
import type { Alert, AlertSeverity, Channel, DeliveryResult, Notification } from './types.ts';

export interface RaisedAlert {
  check: string;
  severity: AlertSeverity;
  summary: string;
  rowsAffected: number;
  impact: Alert['impact'];
  runbook: string | null;
  runId: string | null;
  loadId: number | null;
}

export interface AlertingDeps {
  db: Kysely<Database>;
  channels: ReadonlyMap<string, Channel>;
  config: AlertingConfig;
  now?: () => Date;
  log?: JsonLog;
  sleep?: (ms: number) => Promise<void>;
}

export interface AlertingReport {
  triggered: string[];
  suppressed: string[];
  resolved: string[];
  escalated: boolean;
  deliveries: Array<DeliveryResult & { key: string; kind: Notification['kind'] }>;
}

type AlertRow = Awaited<ReturnType<typeof openAlert>>;

function openAlert(db: Kysely<Database>, key: string) {
  return db
    .selectFrom('alertas')
    .selectAll()
    .where('clave', '=', key)
    .where('estado', '=', 'firing')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

function toAlert(row: NonNullable<AlertRow>): Alert {
  return {
    key: row.clave,
    check: row.codigo,
    source: row.fuente,
    severity: row.severidad as AlertSeverity,
    summary: row.mensaje,
    rowsAffected: Number(row.filas),
    impact: row.impacto ? JSON.parse(row.impacto) : null,
    runbook: row.runbook,
    runId: row.ejecucion,
    loadId: row.carga_id,
    firstSeen: row.primera_vez,
    lastSeen: row.ultima_vez,
  };
}

/** Sends to every channel routed for the severity; a channel that fails is recorded, never thrown. */
async function notify(
  deps: AlertingDeps,
  alertId: number | null,
  notification: Notification,
  channelNames: string[],
  report: AlertingReport,
) {
  const when = (deps.now ?? (() => new Date()))().toISOString();
  for (const name of channelNames) {
    const channel = deps.channels.get(name);
    const result: DeliveryResult = channel
      ? await deliver(channel, notification, {
          attempts: deps.config.delivery.attempts,
          baseDelayMs: deps.config.delivery.baseDelayMs,
          sleep: deps.sleep,
        })
      : { channel: name, status: 'failed', attempts: 0, error: 'channel not configured (its secret is not set)' };
    await deps.db
      .insertInto('notificaciones')
      .values({
        alerta_id: alertId,
        canal: name,
        tipo: notification.kind,
        severidad: notification.alert.severity,
        estado: channel ? result.status : 'skipped',
        intentos: result.attempts,
        error: result.error ?? null,
        enviada_en: when,
      })
      .execute();
    report.deliveries.push({ ...result, key: notification.alert.key, kind: notification.kind });
    deps.log?.write(
      result.status === 'sent' ? 'info' : 'warning',
      `notification ${notification.kind} ${channel ? result.status : 'skipped'}`,
      {
        correlationKey: notification.alert.key,
        runId: notification.alert.runId,
        channel: name,
        attempts: result.attempts,
        ...(result.error ? { error: result.error } : {}),
      },
    );
  }
}

/**
 * Processes one job run: `raised` are the problems it found (each becomes or refreshes the alert of its
 * cause), `cleared` the checks of that source that passed (their firing alerts are resolved).
 */
export async function processAlerts(deps: AlertingDeps, source: string, raised: RaisedAlert[], cleared: string[]): Promise<AlertingReport> {
  const now = (deps.now ?? (() => new Date()))();
  const iso = now.toISOString();
  const quietMs = deps.config.quietPeriodMinutes * 60_000;
  const report: AlertingReport = { triggered: [], suppressed: [], resolved: [], escalated: false, deliveries: [] };

  for (const r of raised) {
    const key = `${source}:${r.check}`;
    const existing = await openAlert(deps.db, key);
    const fields = {
      severidad: r.severity,
      mensaje: r.summary,
      filas: r.rowsAffected,
      impacto: r.impact ? JSON.stringify(r.impact) : null,
      runbook: r.runbook,
      ejecucion: r.runId,
      carga_id: r.loadId,
      ultima_vez: iso,
    };
    let id: number;
    let due: boolean;
    if (existing) {
      id = existing.id;
      due =
        existing.ultima_notificacion === null ||
        now.getTime() - Date.parse(existing.ultima_notificacion) >= quietMs ||
        existing.severidad !== r.severity;
      await deps.db.updateTable('alertas').set(fields).where('id', '=', id).execute();
    } else {
      const inserted = await deps.db
        .insertInto('alertas')
        .values({
          clave: key,
          codigo: r.check,
          fuente: source,
          estado: 'firing',
          primera_vez: iso,
          ultima_notificacion: null,
          resuelta_en: null,
          ...fields,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = inserted.id;
      due = true;
    }
    if (!due) {
      report.suppressed.push(key);
      continue;
    }
    const row = (await deps.db.selectFrom('alertas').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as NonNullable<AlertRow>;
    await notify(deps, id, { kind: 'trigger', alert: toAlert(row) }, deps.config.routes[r.severity] ?? [], report);
    await deps.db.updateTable('alertas').set({ ultima_notificacion: iso }).where('id', '=', id).execute();
    report.triggered.push(key);
  }

  for (const check of cleared) {
    const key = `${source}:${check}`;
    const existing = await openAlert(deps.db, key);
    if (!existing) continue;
    await deps.db
      .updateTable('alertas')
      .set({ estado: 'resolved', resuelta_en: iso, ultima_vez: iso })
      .where('id', '=', existing.id)
      .execute();
    await notify(
      deps,
      existing.id,
      { kind: 'resolve', alert: toAlert({ ...existing, estado: 'resolved' }) },
      deps.config.routes[existing.severidad as AlertSeverity] ?? [],
      report,
    );
    report.resolved.push(key);
  }

  report.escalated = await escalateIfNeeded(deps, now, report);
  return report;
}

/** More than maxCritical distinct CRITICAL alerts notified within the window: one escalation per window. */
async function escalateIfNeeded(deps: AlertingDeps, now: Date, report: AlertingReport): Promise<boolean> {
  const { windowMinutes, maxCritical, channel } = deps.config.escalation;
  const since = new Date(now.getTime() - windowMinutes * 60_000).toISOString();
  const critical = await deps.db
    .selectFrom('notificaciones')
    .select('alerta_id')
    .distinct()
    .where('tipo', '=', 'trigger')
    .where('severidad', '=', 'CRITICAL')
    .where('enviada_en', '>=', since)
    .execute();
  if (critical.length <= maxCritical) return false;
  const already = await deps.db
    .selectFrom('notificaciones')
    .select('id')
    .where('tipo', '=', 'escalation')
    .where('enviada_en', '>=', since)
    .executeTakeFirst();
  if (already) return false;
  const rows = await deps.db
    .selectFrom('alertas')
    .selectAll()
    .where(
      'id',
      'in',
      critical.map((c) => c.alerta_id!).filter((x) => x !== null),
    )
    .orderBy('id')
    .execute();
  const related = rows.map((r) => toAlert(r as NonNullable<AlertRow>));
  const iso = now.toISOString();
  const alert: Alert = {
    key: `escalation:${since}`,
    check: 'escalation',
    source: 'alerting',
    severity: 'CRITICAL',
    summary: `${related.length} CRITICAL alerts within ${windowMinutes} minutes: ${related.map((a) => a.check).join(', ')}`,
    rowsAffected: related.reduce((n, a) => n + a.rowsAffected, 0),
    impact: null,
    runbook: null,
    runId: null,
    loadId: related.at(-1)?.loadId ?? null,
    firstSeen: related[0]?.firstSeen ?? iso,
    lastSeen: iso,
  };
  await notify(deps, null, { kind: 'escalation', alert, related }, [channel], report);
  return true;
}
