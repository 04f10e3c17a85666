// Slack incoming-webhook channel: a Block Kit message with a plain-text fallback for notifications.
import type { Channel, Notification, NotificationKind } from '../types.ts';
import { type NotificationContent, describeNotification, relatedLine, truncate } from './content.ts';
import { channelLabel, urlSecrets } from './errors.ts';
import { postJson } from './http.ts';

export interface WebhookChannelOptions {
  /** Base URL of the report server; runbook links become `<reportUrl>/<runbook path>`. */
  reportUrl?: string | null;
  timeoutMs?: number;
}

const EMOJI: Record<NotificationKind, string> = { trigger: ':rotating_light:', resolve: ':white_check_mark:', escalation: ':sos:' };

// Block Kit limits: header text 150, section text 3000, field text 2000, at most 10 fields.
const HEADER_MAX = 150;
const SECTION_MAX = 3000;
const FIELD_MAX = 2000;

/** Slack reads &, < and > as markup in mrkdwn and in the fallback text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function relatedList(content: NotificationContent): string {
  const head = `*Related alerts (${content.related.length})*`;
  const lines: string[] = [];
  let length = head.length;
  for (const [i, alert] of content.related.entries()) {
    const line = `• ${escapeMrkdwn(relatedLine(alert))}`;
    const rest = content.related.length - i;
    // Leave room for the "and N more" line rather than cutting a line in half.
    if (length + line.length + 1 > SECTION_MAX - 40) {
      lines.push(`…and ${rest} more`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return [head, ...lines].join('\n');
}

export function slackPayload(notification: Notification, reportUrl?: string | null): { text: string; blocks: unknown[] } {
  const content = describeNotification(notification, reportUrl);
  const title = `${EMOJI[content.kind]} ${content.title}`;
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, HEADER_MAX), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(content.summary), SECTION_MAX) } },
    {
      type: 'section',
      fields: content.facts
        .slice(0, 10)
        .map((f) => ({ type: 'mrkdwn', text: truncate(`*${f.label}*\n${escapeMrkdwn(f.value)}`, FIELD_MAX) })),
    },
  ];
  if (content.kind === 'escalation') blocks.push({ type: 'section', text: { type: 'mrkdwn', text: relatedList(content) } });
  if (content.runbook) {
    // A bare path is shown as code: Slack would not make a link of it anyway.
    const link = content.runbook.url
      ? `<${content.runbook.url}|${escapeMrkdwn(content.runbook.path)}>`
      : `\`${escapeMrkdwn(content.runbook.path)}\``;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:book: *Runbook:* ${link}` } });
  }
  return { text: escapeMrkdwn(`${title}: ${content.summary}`), blocks };
}

export function slackChannel(name: string, webhookUrl: string, options: WebhookChannelOptions = {}): Channel {
  const secrets = urlSecrets(webhookUrl);
  return {
    name,
    async send(notification) {
      await postJson(webhookUrl, slackPayload(notification, options.reportUrl), {
        what: channelLabel(name, 'slack'),
        secrets,
        timeoutMs: options.timeoutMs,
      });
    },
  };
}
