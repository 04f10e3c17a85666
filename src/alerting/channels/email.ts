// E-mail channel: one message per notification over SMTP (nodemailer), in plain text and simple HTML.
import type { Transporter } from 'nodemailer';
import { escapeHtml } from '../../html/safe-html.ts';
import type { Channel, Notification } from '../types.ts';
import { type NotificationContent, describeNotification, formatRows, relatedLine } from './content.ts';
import { ChannelError, channelLabel, scrub, urlSecrets } from './errors.ts';
import { DEFAULT_TIMEOUT_MS } from './http.ts';

export interface EmailChannelOptions {
  from: string;
  /** One address or several, comma-separated. */
  to: string;
  reportUrl?: string | null;
  /** Connection, greeting and socket timeout. */
  timeoutMs?: number;
}

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/** e.g. `[CRITICAL] unknown_products: 40 rows (validation)`; `[RESOLVED] ...` and `[ESCALATION] ...` for the other kinds. */
export function emailSubject(notification: Notification): string {
  const { alert } = notification;
  if (notification.kind === 'escalation') {
    const count = notification.related?.length || 1;
    return `[ESCALATION] ${count} CRITICAL ${count === 1 ? 'alert' : 'alerts'}: ${alert.summary}`;
  }
  const tag = notification.kind === 'resolve' ? 'RESOLVED' : alert.severity;
  return `[${tag}] ${alert.check}: ${formatRows(alert.rowsAffected)} (${alert.source})`;
}

function textBody(content: NotificationContent): string {
  const width = Math.max(...content.facts.map((f) => f.label.length));
  const lines = [content.title, '', content.summary, '', ...content.facts.map((f) => `${`${f.label}:`.padEnd(width + 2)}${f.value}`)];
  if (content.kind === 'escalation')
    lines.push('', `Related alerts (${content.related.length}):`, ...content.related.map((a) => `- ${relatedLine(a)}`));
  if (content.runbook) lines.push('', `Runbook: ${content.runbook.url ?? content.runbook.path}`);
  return `${lines.join('\n')}\n`;
}

function htmlBody(content: NotificationContent): string {
  const color = content.kind === 'resolve' ? '#2e7d32' : content.severity === 'WARNING' ? '#b26a00' : '#c62828';
  const rows = content.facts
    .map(
      (f) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${escapeHtml(f.label)}</th><td style="padding:2px 0">${escapeHtml(f.value)}</td></tr>`,
    )
    .join('');
  const parts = [
    `<h2 style="color:${color};margin:0 0 8px">${escapeHtml(content.title)}</h2>`,
    `<p>${escapeHtml(content.summary)}</p>`,
    `<table style="border-collapse:collapse;font-family:sans-serif;font-size:14px">${rows}</table>`,
  ];
  if (content.kind === 'escalation') {
    parts.push(
      `<h3>Related alerts (${content.related.length})</h3>`,
      `<ul>${content.related.map((a) => `<li>${escapeHtml(relatedLine(a))}</li>`).join('')}</ul>`,
    );
  }
  if (content.runbook) {
    const runbook = content.runbook.url
      ? `<a href="${escapeHtml(content.runbook.url)}">${escapeHtml(content.runbook.path)}</a>`
      : `<code>${escapeHtml(content.runbook.path)}</code>`;
    parts.push(`<p>Runbook: ${runbook}</p>`);
  }
  return `<!doctype html><html><body style="font-family:sans-serif">${parts.join('\n')}</body></html>`;
}

export function emailMessage(notification: Notification, reportUrl?: string | null): EmailMessage {
  const content = describeNotification(notification, reportUrl);
  return { subject: emailSubject(notification), text: textBody(content), html: htmlBody(content) };
}

export function emailChannel(name: string, smtpUrl: string, options: EmailChannelOptions): Channel {
  const secrets = urlSecrets(smtpUrl);
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // nodemailer (about 13 MB) is loaded on the first message only: the seed, upload and monitor commands
  // build their channels on every run, and most runs send no e-mail.
  let transport: Transporter | null = null;
  const connect = async (): Promise<Transporter> => {
    const { default: nodemailer } = await import('nodemailer');
    // Settings in the URL's query win over these (nodemailer merges the URL last).
    return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  };
  return {
    name,
    async send(notification) {
      const message = emailMessage(notification, options.reportUrl);
      try {
        transport ??= await connect();
        await transport.sendMail({
          from: options.from,
          to: options.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: { 'X-Alert-Key': notification.alert.key, 'X-Alert-Kind': notification.kind },
        });
      } catch (err) {
        const e = err as Error & { code?: string; responseCode?: number };
        // A 5xx reply (bad login, recipient refused) is final; connection trouble and 4xx replies are worth a retry.
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        const code = e.code ? ` ${e.code}` : '';
        throw new ChannelError(
          scrub(`${channelLabel(name, 'email')}: SMTP${code}: ${e instanceof Error ? e.message : String(err)}`, secrets),
          {
            retryable: !permanent,
            cause: err,
            ...(typeof e.responseCode === 'number' ? { status: e.responseCode } : {}),
          },
        );
      }
    },
  };
}
