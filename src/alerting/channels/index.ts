// Builds the notification channels named in config/alerting.json, taking each secret from the environment.
import type { JsonLog } from '../../log/json-log.ts';
import type { ChannelConfig } from '../alerting-config.ts';
import type { Channel } from '../types.ts';
import { emailChannel } from './email.ts';
import { pagerDutyChannel } from './pagerduty.ts';
import { slackChannel } from './slack.ts';
import { teamsChannel } from './teams.ts';

export { ChannelError } from './errors.ts';
export { emailChannel, emailMessage, emailSubject } from './email.ts';
export { PAGERDUTY_EVENTS_URL, pagerDutyChannel, pagerDutyEvent } from './pagerduty.ts';
export { slackChannel, slackPayload } from './slack.ts';
export { teamsChannel, teamsPayload } from './teams.ts';

export interface ChannelsConfig {
  channels: Record<string, ChannelConfig>;
  reportUrl?: string | null;
}

export interface ChannelsFromConfigOptions {
  /** Told which channels were left out and which variable was missing (names only, never values). */
  log?: Pick<JsonLog, 'write'>;
  timeoutMs?: number;
}

function required(name: string, def: ChannelConfig, field: keyof ChannelConfig): string {
  const value = def[field];
  // A definition without the variable's name is a mistake in the file, not a missing secret: say so loudly.
  if (!value) throw new Error(`alerting config: channel "${name}" (${def.type}) needs "${field}"`);
  return value;
}

/**
 * The channels of config.channels whose secrets are set in env. A channel whose variable is unset is left
 * out (so a development machine without webhooks still runs); an unknown type is a configuration error.
 */
export function channelsFromConfig(
  config: ChannelsConfig,
  env: NodeJS.ProcessEnv = process.env,
  options: ChannelsFromConfigOptions = {},
): Map<string, Channel> {
  const channels = new Map<string, Channel>();
  const common = { reportUrl: config.reportUrl ?? null, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) };
  for (const [name, def] of Object.entries(config.channels)) {
    const missing: string[] = [];
    const secret = (field: keyof ChannelConfig): string => {
      const variable = required(name, def, field);
      const value = env[variable]?.trim();
      if (!value) missing.push(variable);
      return value ?? '';
    };
    let build: () => Channel;
    switch (def.type) {
      case 'slack': {
        const url = secret('webhookUrlEnv');
        build = () => slackChannel(name, url, common);
        break;
      }
      case 'teams': {
        const url = secret('webhookUrlEnv');
        build = () => teamsChannel(name, url, common);
        break;
      }
      case 'email': {
        const smtpUrl = secret('smtpUrlEnv');
        const to = secret('toEnv');
        const from = required(name, def, 'from');
        build = () => emailChannel(name, smtpUrl, { ...common, from, to });
        break;
      }
      case 'pagerduty': {
        const routingKey = secret('routingKeyEnv');
        // The endpoint is optional: unset means PagerDuty's own.
        const endpoint = def.endpointEnv ? env[def.endpointEnv]?.trim() : undefined;
        build = () => pagerDutyChannel(name, routingKey, { ...common, ...(endpoint ? { endpoint } : {}) });
        break;
      }
      default:
        throw new Error(`alerting config: channel "${name}" has unknown type "${def.type}" (slack, teams, email or pagerduty)`);
    }
    if (missing.length) {
      options.log?.write('warning', 'alert channel left out: its secret is not set', { channel: name, type: def.type, missing });
      continue;
    }
    channels.set(name, build());
  }
  return channels;
}
