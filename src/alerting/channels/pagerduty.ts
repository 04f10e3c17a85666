// PagerDuty channel: Events API v2 trigger and resolve events, deduplicated on the alert's correlation key.
import { hostname } from 'node:os';
import type { AlertSeverity, Channel, Notification } from '../types.ts';
import { describeNotification, truncate } from './content.ts';
import { channelLabel, urlSecrets } from './errors.ts';
import { postJson } from './http.ts';

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';

export interface PagerDutyOptions {
  /** Events API endpoint (a proxy, or a test receiver); default PAGERDUTY_EVENTS_URL. */
  endpoint?: string;
  reportUrl?: string | null;
  /** payload.source: where the problem is; default `ventas@<hostname>`. */
  source?: string;
  timeoutMs?: number;
}

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

const SEVERITY: Record<AlertSeverity, PagerDutySeverity> = { CRITICAL: 'critical', ERROR: 'error', WARNING: 'warning' };

// Events API v2 limits: summary 1024 characters, dedup_key 255.
const SUMMARY_MAX = 1024;
const DEDUP_MAX = 255;

export interface PagerDutyEvent {
  routing_key: string;
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload?: {
    summary: string;
    source: string;
    severity: PagerDutySeverity;
    timestamp?: string;
    component: string;
    group: string;
    class: string;
    custom_details: Record<string, unknown>;
  };
  links?: Array<{ href: string; text: string }>;
  client?: string;
  client_url?: string;
}

function details(alert: Notification['alert']): Record<string, unknown> {
  return {
    correlation_key: alert.key,
    check: alert.check,
    source: alert.source,
    severity: alert.severity,
    rows_affected: alert.rowsAffected,
    impact: alert.impact ? { units: alert.impact.unidades, revenue: alert.impact.ingresos } : null,
    load_id: alert.loadId,
    run_id: alert.runId,
    runbook: alert.runbook,
    first_seen: alert.firstSeen,
    last_seen: alert.lastSeen,
  };
}

export function pagerDutyEvent(
  routingKey: string,
  notification: Notification,
  options: Omit<PagerDutyOptions, 'endpoint' | 'timeoutMs'> = {},
): PagerDutyEvent {
  const content = describeNotification(notification, options.reportUrl);
  const { alert } = notification;
  const dedupKey = truncate(content.dedupKey, DEDUP_MAX);
  // A resolve needs nothing but the key: PagerDuty closes the incident opened under it.
  if (notification.kind === 'resolve') return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  const escalation = notification.kind === 'escalation';
  const customDetails = details(alert);
  if (escalation) {
    customDetails.related = content.related.map((a) => ({
      key: a.key,
      check: a.check,
      severity: a.severity,
      summary: a.summary,
      rows_affected: a.rowsAffected,
    }));
  }
  const timestamp = Number.isNaN(Date.parse(alert.lastSeen)) ? undefined : new Date(alert.lastSeen).toISOString();
  const event: PagerDutyEvent = {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: truncate(
        escalation ? `${content.title}: ${alert.summary}` : `[${alert.severity}] ${alert.check}: ${alert.summary}`,
        SUMMARY_MAX,
      ),
      source: options.source ?? `ventas@${hostname()}`,
      severity: escalation ? 'critical' : SEVERITY[alert.severity],
      ...(timestamp ? { timestamp } : {}),
      component: alert.source,
      group: 'ventas',
      class: escalation ? 'escalation' : alert.check,
      custom_details: customDetails,
    },
    client: 'Ventas alerting',
  };
  if (options.reportUrl && /^https?:\/\//i.test(options.reportUrl)) event.client_url = options.reportUrl;
  if (content.runbook?.url) event.links = [{ href: content.runbook.url, text: `Runbook: ${alert.check}` }];
  return event;
}

function hasUserInfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return Boolean(parsed.username || parsed.password);
  } catch {
    return false;
  }
}

export function pagerDutyChannel(name: string, routingKey: string, options: PagerDutyOptions = {}): Channel {
  const endpoint = options.endpoint || PAGERDUTY_EVENTS_URL;
  // The endpoint is not a secret (its path stays readable in errors) unless it carries user info.
  const secrets = [routingKey, ...(hasUserInfo(endpoint) ? urlSecrets(endpoint) : [])];
  return {
    name,
    async send(notification) {
      await postJson(endpoint, pagerDutyEvent(routingKey, notification, options), {
        what: channelLabel(name, 'pagerduty'),
        secrets,
        timeoutMs: options.timeoutMs,
      });
    },
  };
}
