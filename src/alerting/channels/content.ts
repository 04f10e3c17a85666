// What every channel says about a notification, computed once so Slack, Teams, e-mail and PagerDuty agree.
import type { Alert, AlertSeverity, Notification, NotificationKind } from '../types.ts';

export interface Fact {
  label: string;
  value: string;
}

export interface Runbook {
  path: string;
  /** Absolute link (reportUrl + path) when a report URL is configured, else null: a bare path is not a link. */
  url: string | null;
}

export interface NotificationContent {
  kind: NotificationKind;
  /** ALERT, RESOLVED or ESCALATION. */
  label: string;
  severity: AlertSeverity;
  /** One line naming the kind, severity and check, e.g. `ALERT [CRITICAL] unknown_products`. */
  title: string;
  summary: string;
  facts: Fact[];
  runbook: Runbook | null;
  /** For escalations: the alerts that caused it (the alert itself when none were passed). */
  related: Alert[];
  /** Deduplication key of the incident this notification opens or closes. */
  dedupKey: string;
}

const LABELS: Record<NotificationKind, string> = { trigger: 'ALERT', resolve: 'RESOLVED', escalation: 'ESCALATION' };

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function formatRows(rows: number): string {
  return `${integer.format(rows)} ${rows === 1 ? 'row' : 'rows'}`;
}

export function formatImpact(impact: Alert['impact']): string {
  if (!impact) return 'n/a';
  return `${integer.format(impact.unidades)} units, ${money.format(impact.ingresos)} revenue`;
}

export function formatLoadAndRun(alert: Alert): string {
  const parts = [alert.loadId === null ? null : `load ${alert.loadId}`, alert.runId === null ? null : `run ${alert.runId}`].filter(
    (p) => p !== null,
  );
  return parts.length ? parts.join(' / ') : 'n/a';
}

export function runbookFor(alert: Alert, reportUrl?: string | null): Runbook | null {
  if (!alert.runbook) return null;
  const path = alert.runbook;
  if (/^https?:\/\//i.test(path)) return { path, url: path };
  if (!reportUrl) return { path, url: null };
  return { path, url: `${reportUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}` };
}

/**
 * The escalation's incident key. The engine passes a synthetic alert keyed `escalation:<window start>`;
 * otherwise the window is taken to start at the earliest first sighting among the related alerts.
 */
export function escalationKey(alert: Alert, related: readonly Alert[]): string {
  if (alert.key.startsWith('escalation:')) return alert.key;
  const starts = [alert, ...related].map((a) => a.firstSeen).sort((a, b) => (Date.parse(a) || 0) - (Date.parse(b) || 0));
  return `escalation:${starts[0] ?? alert.firstSeen}`;
}

export function alertFacts(alert: Alert): Fact[] {
  return [
    { label: 'Severity', value: alert.severity },
    { label: 'Check', value: alert.check },
    { label: 'Source', value: alert.source },
    { label: 'Rows affected', value: integer.format(alert.rowsAffected) },
    { label: 'Impact', value: formatImpact(alert.impact) },
    { label: 'Load / run', value: formatLoadAndRun(alert) },
    { label: 'Correlation key', value: alert.key },
    { label: 'Seen', value: alert.firstSeen === alert.lastSeen ? alert.firstSeen : `${alert.firstSeen} to ${alert.lastSeen}` },
  ];
}

/** One line per related alert, for lists in escalations. */
export function relatedLine(alert: Alert): string {
  return `[${alert.severity}] ${alert.check}: ${alert.summary} (${formatRows(alert.rowsAffected)}; ${alert.key})`;
}

export function describeNotification(notification: Notification, reportUrl?: string | null): NotificationContent {
  const { kind, alert } = notification;
  const label = LABELS[kind];
  const related = kind === 'escalation' ? (notification.related?.length ? notification.related : [alert]) : [];
  return {
    kind,
    label,
    severity: alert.severity,
    title:
      kind === 'escalation'
        ? `${label}: ${related.length} CRITICAL ${related.length === 1 ? 'alert' : 'alerts'}`
        : `${label} [${alert.severity}] ${alert.check}`,
    summary: alert.summary,
    facts: alertFacts(alert),
    runbook: runbookFor(alert, reportUrl),
    related,
    dedupKey: kind === 'escalation' ? escalationKey(alert, related) : alert.key,
  };
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
