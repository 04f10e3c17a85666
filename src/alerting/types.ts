// What an alert carries and what a notification channel receives.

export type AlertSeverity = 'WARNING' | 'ERROR' | 'CRITICAL';

/** One alert group: one cause (a check, from a source) within the correlation window. */
export interface Alert {
  /** Correlation key grouping the alerts of one cause, e.g. `validation:unknown_products`. */
  key: string;
  /** The check (or job event) that raised it, e.g. `unknown_products`, `upload_failed`, `breaker_open`. */
  check: string;
  /** Which job raised it: validation, upload, monitor, breaker. */
  source: string;
  severity: AlertSeverity;
  /** One line, human-readable. */
  summary: string;
  rowsAffected: number;
  /** Units and revenue of the affected sales, where that means something. */
  impact: { unidades: number; ingresos: number } | null;
  /** Path of the runbook in the repository (docs/runbooks/<check>.md) or null. */
  runbook: string | null;
  /** The validation/upload/monitor run that raised it. */
  runId: string | null;
  loadId: number | null;
  firstSeen: string;
  lastSeen: string;
}

export type NotificationKind = 'trigger' | 'resolve' | 'escalation';

export interface Notification {
  kind: NotificationKind;
  alert: Alert;
  /** For escalations: the CRITICAL alerts of the window that caused it. */
  related?: Alert[];
}

/** A place notifications go (a chat webhook, e-mail, PagerDuty). Throws when delivery fails. */
export interface Channel {
  readonly name: string;
  send(notification: Notification): Promise<void>;
}

export interface DeliveryResult {
  channel: string;
  status: 'sent' | 'failed';
  attempts: number;
  error?: string;
}
