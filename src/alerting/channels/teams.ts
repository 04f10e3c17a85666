// Microsoft Teams channel: an Adaptive Card in a message envelope, as Teams Workflows webhooks accept.
import type { Channel, Notification } from '../types.ts';
import { type NotificationContent, describeNotification, formatRows } from './content.ts';
import { channelLabel, urlSecrets } from './errors.ts';
import { postJson } from './http.ts';
import type { WebhookChannelOptions } from './slack.ts';

function titleColor(content: NotificationContent): string {
  if (content.kind === 'resolve') return 'Good';
  return content.severity === 'WARNING' ? 'Warning' : 'Attention';
}

const ICONS = { trigger: '🚨', resolve: '✅', escalation: '🆘' } as const;

export function teamsPayload(notification: Notification, reportUrl?: string | null): Record<string, unknown> {
  const content = describeNotification(notification, reportUrl);
  const facts = content.facts.map((f) => ({ title: f.label, value: f.value }));
  // Action.OpenUrl needs an absolute URL: without a report URL the runbook's path is shown as a fact.
  if (content.runbook && !content.runbook.url) facts.push({ title: 'Runbook', value: content.runbook.path });
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: `${ICONS[content.kind]} ${content.title}`,
      size: 'Large',
      weight: 'Bolder',
      color: titleColor(content),
      wrap: true,
    },
    { type: 'TextBlock', text: content.summary, wrap: true },
    { type: 'FactSet', facts },
  ];
  if (content.kind === 'escalation') {
    body.push(
      { type: 'TextBlock', text: `Related alerts (${content.related.length})`, weight: 'Bolder', spacing: 'Medium', wrap: true },
      {
        type: 'FactSet',
        facts: content.related.map((a) => ({
          title: `[${a.severity}] ${a.check}`,
          value: `${a.summary} (${formatRows(a.rowsAffected)}; ${a.key})`,
        })),
      },
    );
  }
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body,
  };
  if (content.runbook?.url) card.actions = [{ type: 'Action.OpenUrl', title: 'Open runbook', url: content.runbook.url }];
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  };
}

export function teamsChannel(name: string, webhookUrl: string, options: WebhookChannelOptions = {}): Channel {
  const secrets = urlSecrets(webhookUrl);
  return {
    name,
    async send(notification) {
      await postJson(webhookUrl, teamsPayload(notification, options.reportUrl), {
        what: channelLabel(name, 'teams'),
        secrets,
        timeoutMs: options.timeoutMs,
      });
    },
  };
}
