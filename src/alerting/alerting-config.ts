// Alerting configuration from config/alerting.json: routes by severity, channels, escalation, quiet period, breaker.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AlertSeverity } from './types.ts';

/** One entry of config.channels: secrets are never in the file, only the names of the variables holding them. */
export interface ChannelConfig {
  type: 'slack' | 'teams' | 'email' | 'pagerduty';
  webhookUrlEnv?: string;
  smtpUrlEnv?: string;
  from?: string;
  toEnv?: string;
  routingKeyEnv?: string;
  endpointEnv?: string;
}

export interface AlertingConfig {
  routes: Record<AlertSeverity, string[]>;
  channels: Record<string, ChannelConfig>;
  escalation: { channel: string; windowMinutes: number; maxCritical: number };
  /** A firing alert is not notified again within this period. */
  quietPeriodMinutes: number;
  delivery: { attempts: number; baseDelayMs: number };
  breaker: { failureThreshold: number; cooldownMinutes: number };
  /** Where alert links point; unset: PUBLIC_URL, or the server's HOST and PORT (see report-url.ts). */
  reportUrl?: string;
}

export const ALERTING_CONFIG_PATH = 'config/alerting.json';

export function readAlertingConfig(path = resolve(ALERTING_CONFIG_PATH)): AlertingConfig {
  if (!existsSync(path)) throw new Error(`${path} is missing`);
  const config = JSON.parse(readFileSync(path, 'utf8')) as AlertingConfig;
  for (const severity of ['WARNING', 'ERROR', 'CRITICAL'] as const) {
    for (const name of config.routes[severity] ?? []) {
      if (!config.channels[name]) throw new Error(`${path}: routes.${severity} names unknown channel "${name}"`);
    }
  }
  if (!config.channels[config.escalation.channel])
    throw new Error(`${path}: escalation.channel "${config.escalation.channel}" is not a channel`);
  return config;
}
