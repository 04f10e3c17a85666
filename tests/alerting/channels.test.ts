// Notification channels against real receivers on loopback: payload shapes, e-mail over SMTP, retries, secrets.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { channelsFromConfig, type ChannelsConfig } from '../../src/alerting/channels/index.ts';
import { reportUrl } from '../../src/alerting/report-url.ts';
import { emailChannel, emailSubject } from '../../src/alerting/channels/email.ts';
import { ChannelError } from '../../src/alerting/channels/errors.ts';
import { pagerDutyChannel } from '../../src/alerting/channels/pagerduty.ts';
import { slackChannel } from '../../src/alerting/channels/slack.ts';
import { teamsChannel } from '../../src/alerting/channels/teams.ts';
import { deliver } from '../../src/alerting/deliver.ts';
import type { Alert, AlertSeverity, Channel, Notification } from '../../src/alerting/types.ts';
import { type HttpReceiver, type SmtpReceiver, startHttpReceiver, startSmtpReceiver } from '../helpers/receivers.ts';

const REPORT_URL = 'http://localhost:5000';
const SLACK_PATH = '/hooks/T0SECRET/B0SECRET';
const ROUTING_KEY = 'R0UTINGKEY0123456789abcdef012345';

function makeAlert(overrides: Partial<Alert> = {}): Alert {
  return {
    key: 'validation:unknown_products',
    check: 'unknown_products',
    source: 'validation',
    severity: 'CRITICAL',
    summary: '40 sales and stock rows reference products that are not loaded (ids 99, 104)',
    rowsAffected: 40,
    impact: { unidades: 1234, ingresos: 3450.5 },
    runbook: 'docs/runbooks/unknown_products.md',
    runId: '12',
    loadId: 7,
    firstSeen: '2026-11-28T06:15:00.000Z',
    lastSeen: '2026-11-28T06:20:00.000Z',
    ...overrides,
  };
}

const trigger = (alert = makeAlert()): Notification => ({ kind: 'trigger', alert });
const resolveOf = (alert = makeAlert()): Notification => ({ kind: 'resolve', alert });
function escalation(): Notification {
  const related = [
    makeAlert(),
    makeAlert({
      key: 'validation:row_count_drop',
      check: 'row_count_drop',
      summary: 'ventas.csv loaded 0 rows',
      rowsAffected: 0,
      impact: null,
      firstSeen: '2026-11-28T06:05:00.000Z',
    }),
    makeAlert({
      key: 'validation:referential_integrity',
      check: 'referential_integrity',
      summary: '3 sales point to a missing city',
      rowsAffected: 3,
    }),
  ];
  const alert = makeAlert({
    key: 'escalation:2026-11-28T05:20:00.000Z',
    check: 'escalation',
    source: 'alerting',
    summary: '3 CRITICAL alerts within 60 minutes: unknown_products, row_count_drop, referential_integrity',
    rowsAffected: 43,
    impact: null,
    runbook: null,
    runId: null,
  });
  return { kind: 'escalation', alert, related };
}

const noWait = async () => {};

let http: HttpReceiver;
let smtp: SmtpReceiver;

beforeAll(async () => {
  http = await startHttpReceiver();
  smtp = await startSmtpReceiver();
});
afterAll(async () => {
  await http.close();
  await smtp.close();
});
beforeEach(() => {
  http.reset();
  smtp.messages.length = 0;
  smtp.rejectAuth = false;
});

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0] as T;
}

interface SlackBody {
  text: string;
  blocks: Array<{ type: string; text?: { type: string; text: string }; fields?: Array<{ type: string; text: string }> }>;
}

describe('slack channel', () => {
  const channel = () => slackChannel('chat', `${http.origin}${SLACK_PATH}`, { reportUrl: REPORT_URL });

  it('posts an incoming-webhook payload: fallback text, a header and the alert fields as blocks', async () => {
    await channel().send(trigger());
    const req = only(http.requests);
    expect(req.method).toBe('POST');
    expect(req.path).toBe(SLACK_PATH);
    expect(req.headers['content-type']).toMatch(/^application\/json/);
    const body = req.body as SlackBody;
    expect(body.text).toContain(':rotating_light: ALERT');
    expect(body.text).toContain('unknown_products');
    const [header, summary, facts] = body.blocks;
    expect(header).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':rotating_light: ALERT [CRITICAL] unknown_products', emoji: true },
    });
    expect(summary?.text?.text).toContain('40 sales and stock rows');
    const fields = facts?.fields?.map((f) => f.text) ?? [];
    expect(facts?.fields?.every((f) => f.type === 'mrkdwn')).toBe(true);
    expect(fields.length).toBeLessThanOrEqual(10);
    expect(fields).toEqual(
      expect.arrayContaining([
        '*Severity*\nCRITICAL',
        '*Check*\nunknown_products',
        '*Rows affected*\n40',
        '*Impact*\n1,234 units, 3,450.50 revenue',
        '*Load / run*\nload 7 / run 12',
        '*Correlation key*\nvalidation:unknown_products',
      ]),
    );
    const runbook = body.blocks.find((b) => b.text?.text.includes('Runbook'));
    expect(runbook?.text?.text).toContain('<http://localhost:5000/docs/runbooks/unknown_products.md|docs/runbooks/unknown_products.md>');
  });

  it('marks resolves and lists the related alerts of an escalation', async () => {
    await channel().send(resolveOf());
    await channel().send(escalation());
    const [resolved, escalated] = http.requests.map((r) => r.body as SlackBody);
    expect(resolved?.blocks[0]?.text?.text).toContain(':white_check_mark: RESOLVED');
    expect(resolved?.text).toContain(':white_check_mark: RESOLVED');
    expect(escalated?.blocks[0]?.text?.text).toContain('ESCALATION: 3 CRITICAL alerts');
    const list = escalated?.blocks.find((b) => b.text?.text.startsWith('*Related alerts (3)*'))?.text?.text ?? '';
    for (const key of ['validation:unknown_products', 'validation:row_count_drop', 'validation:referential_integrity'])
      expect(list).toContain(key);
  });

  it('shows the runbook path when no report URL is configured, and escapes mrkdwn control characters', async () => {
    await slackChannel('chat', `${http.origin}${SLACK_PATH}`).send(trigger(makeAlert({ summary: 'price <0 & stock > limit' })));
    const body = only(http.requests).body as SlackBody;
    expect(body.blocks.find((b) => b.text?.text.includes('Runbook'))?.text?.text).toContain('`docs/runbooks/unknown_products.md`');
    expect(body.blocks[1]?.text?.text).toBe('price &lt;0 &amp; stock &gt; limit');
  });
});

interface TeamsBody {
  type: string;
  attachments: Array<{
    contentType: string;
    content: {
      type: string;
      version: string;
      body: Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }> }>;
      actions?: Array<{ type: string; title: string; url: string }>;
    };
  }>;
}

describe('teams channel', () => {
  it('posts an Adaptive Card in a message envelope, with the facts and a runbook action', async () => {
    await teamsChannel('teams', `${http.origin}/workflows/abc/triggers/manual/paths/invoke?sig=S1GSECRET000`, {
      reportUrl: REPORT_URL,
    }).send(trigger());
    const body = only(http.requests).body as TeamsBody;
    expect(body.type).toBe('message');
    const attachment = only(body.attachments);
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment.content.type).toBe('AdaptiveCard');
    expect(attachment.content.version).toBe('1.4');
    expect(attachment.content.body[0]?.text).toContain('ALERT [CRITICAL] unknown_products');
    const factSet = attachment.content.body.find((b) => b.type === 'FactSet');
    expect(factSet?.facts).toEqual(
      expect.arrayContaining([
        { title: 'Severity', value: 'CRITICAL' },
        { title: 'Check', value: 'unknown_products' },
        { title: 'Rows affected', value: '40' },
        { title: 'Impact', value: '1,234 units, 3,450.50 revenue' },
        { title: 'Load / run', value: 'load 7 / run 12' },
        { title: 'Correlation key', value: 'validation:unknown_products' },
      ]),
    );
    expect(attachment.content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open runbook', url: 'http://localhost:5000/docs/runbooks/unknown_products.md' },
    ]);
  });

  it('without a report URL shows the runbook as a fact (OpenUrl needs an absolute URL); escalations list the related alerts', async () => {
    await teamsChannel('teams', `${http.origin}/teams`).send(trigger());
    await teamsChannel('teams', `${http.origin}/teams`).send(escalation());
    const [plain, escalated] = http.requests.map((r) => (r.body as TeamsBody).attachments[0]?.content);
    expect(plain?.actions).toBeUndefined();
    expect(plain?.body.find((b) => b.type === 'FactSet')?.facts).toContainEqual({
      title: 'Runbook',
      value: 'docs/runbooks/unknown_products.md',
    });
    const sets = escalated?.body.filter((b) => b.type === 'FactSet') ?? [];
    expect(sets[1]?.facts?.map((f) => f.title)).toEqual([
      '[CRITICAL] unknown_products',
      '[CRITICAL] row_count_drop',
      '[CRITICAL] referential_integrity',
    ]);
  });
});

describe('pagerduty channel', () => {
  const channel = () =>
    pagerDutyChannel('pager', ROUTING_KEY, { endpoint: `${http.origin}/v2/enqueue`, reportUrl: REPORT_URL, source: 'etl-1' });
  beforeEach(() => {
    http.answer = {
      status: 202,
      body: '{"status":"success","message":"Event processed","dedup_key":"x"}',
      contentType: 'application/json',
    };
  });

  it('sends a trigger event deduplicated on the correlation key', async () => {
    await channel().send(trigger());
    const req = only(http.requests);
    expect(req.path).toBe('/v2/enqueue');
    expect(req.body).toMatchObject({
      routing_key: ROUTING_KEY,
      event_action: 'trigger',
      dedup_key: 'validation:unknown_products',
      payload: {
        summary: expect.stringContaining('unknown_products'),
        source: 'etl-1',
        severity: 'critical',
        component: 'validation',
        group: 'ventas',
        class: 'unknown_products',
        custom_details: {
          correlation_key: 'validation:unknown_products',
          rows_affected: 40,
          impact: { units: 1234, revenue: 3450.5 },
          load_id: 7,
          run_id: '12',
          runbook: 'docs/runbooks/unknown_products.md',
        },
      },
      links: [{ href: 'http://localhost:5000/docs/runbooks/unknown_products.md', text: 'Runbook: unknown_products' }],
    });
  });

  it.each([
    ['CRITICAL', 'critical'],
    ['ERROR', 'error'],
    ['WARNING', 'warning'],
  ] as const)('maps severity %s to %s', async (severity: AlertSeverity, expected) => {
    await channel().send(trigger(makeAlert({ severity })));
    expect((only(http.requests).body as { payload: { severity: string } }).payload.severity).toBe(expected);
  });

  it('sends a resolve with the same dedup key and nothing else', async () => {
    await channel().send(resolveOf());
    expect(only(http.requests).body).toEqual({
      routing_key: ROUTING_KEY,
      event_action: 'resolve',
      dedup_key: 'validation:unknown_products',
    });
  });

  it('sends an escalation as a critical trigger keyed on its window', async () => {
    await channel().send(escalation());
    const body = only(http.requests).body as {
      event_action: string;
      dedup_key: string;
      payload: { severity: string; custom_details: { related: Array<{ key: string }> } };
    };
    expect(body.event_action).toBe('trigger');
    expect(body.dedup_key).toBe('escalation:2026-11-28T05:20:00.000Z');
    expect(body.payload.severity).toBe('critical');
    expect(body.payload.custom_details.related.map((r) => r.key)).toEqual([
      'validation:unknown_products',
      'validation:row_count_drop',
      'validation:referential_integrity',
    ]);
  });

  it('throws on a non-2xx answer with the status and a body excerpt, never the routing key', async () => {
    // PagerDuty's 400 body may quote the event: make it quote the routing key.
    http.failNext(1, (req) => ({
      status: 400,
      contentType: 'application/json',
      body: `{"status":"invalid event","message":"Event object is invalid","errors":["bad key ${(req.body as { routing_key: string }).routing_key}"]}`,
    }));
    const error = await channel()
      .send(trigger())
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ChannelError);
    const message = (error as ChannelError).message;
    expect(message).toContain('HTTP 400');
    expect(message).toContain('Event object is invalid');
    expect(message).not.toContain(ROUTING_KEY);
    expect((error as ChannelError).retryable).toBe(false);
  });
});

describe('email channel', () => {
  it('delivers the alert over SMTP with the subject and the context in text and HTML', async () => {
    const channel = emailChannel('email', smtp.url, {
      from: 'alertas@ventas.local',
      to: 'oncall@ventas.local, data@ventas.local',
      reportUrl: REPORT_URL,
    });
    await channel.send(trigger());
    const mail = only(smtp.messages);
    expect(mail.from).toBe('alertas@ventas.local');
    expect(mail.to).toEqual(['oncall@ventas.local', 'data@ventas.local']);
    expect(mail.subject).toBe('[CRITICAL] unknown_products: 40 rows (validation)');
    expect(mail.headers['x-alert-key']).toBe('validation:unknown_products');
    for (const expected of [
      '40 sales and stock rows',
      'load 7 / run 12',
      'validation:unknown_products',
      '1,234 units, 3,450.50 revenue',
      'http://localhost:5000/docs/runbooks/unknown_products.md',
    ]) {
      expect(mail.text).toContain(expected);
      expect(mail.html).toContain(expected);
    }
  });

  it('names resolves and escalations in the subject', () => {
    expect(emailSubject(resolveOf())).toBe('[RESOLVED] unknown_products: 40 rows (validation)');
    expect(emailSubject(escalation())).toMatch(/^\[ESCALATION\] 3 CRITICAL alerts: /);
  });

  it('escapes HTML in the alert text', async () => {
    await emailChannel('email', smtp.url, { from: 'alertas@ventas.local', to: 'oncall@ventas.local' }).send(
      trigger(makeAlert({ summary: '<script>x</script> & co' })),
    );
    const mail = only(smtp.messages);
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt; &amp; co');
    expect(mail.html).not.toContain('<script>');
  });

  it('a refused login fails at once (5xx is final) without the password in the error', async () => {
    smtp.rejectAuth = true;
    const channel = emailChannel('email', `smtp://alerts:Pa55w0rd%21secret@127.0.0.1:${smtp.port}`, {
      from: 'alertas@ventas.local',
      to: 'oncall@ventas.local',
    });
    const result = await deliver(channel, trigger(), { attempts: 3, baseDelayMs: 1, sleep: noWait });
    expect(result).toMatchObject({ channel: 'email', status: 'failed', attempts: 1 });
    expect(result.error).toMatch(/535/);
    expect(result.error).not.toContain('Pa55w0rd');
    expect(smtp.messages).toHaveLength(0);
  });
});

describe('deliver', () => {
  const webhook = () => slackChannel('chat', `${http.origin}${SLACK_PATH}`);

  it('retries after 500s with growing, jittered delays, then succeeds', async () => {
    http.failNext(2);
    const delays: number[] = [];
    const result = await deliver(webhook(), trigger(), {
      attempts: 3,
      baseDelayMs: 100,
      sleep: async (ms) => void delays.push(ms),
      random: () => 0.5,
    });
    expect(result).toEqual({ channel: 'chat', status: 'sent', attempts: 3 });
    expect(http.requests).toHaveLength(3);
    expect(delays).toEqual([75, 150]);
  });

  it('gives up after `attempts` with status failed, and no part of the webhook URL in the error', async () => {
    // The receiver's error body quotes the request path, token included.
    http.failNext(10);
    const result = await deliver(webhook(), trigger(), { attempts: 3, baseDelayMs: 1, sleep: noWait });
    expect(result.status).toBe('failed');
    expect(result.attempts).toBe(3);
    expect(http.requests).toHaveLength(3);
    expect(result.error).toContain('HTTP 500');
    for (const secret of ['T0SECRET', 'B0SECRET', SLACK_PATH, http.origin + SLACK_PATH]) expect(result.error).not.toContain(secret);
  });

  it('does not retry a request the receiver refuses for good (404 no_service)', async () => {
    http.failNext(10, { status: 404, body: 'no_service' });
    const result = await deliver(webhook(), trigger(), { attempts: 3, baseDelayMs: 1, sleep: noWait });
    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.error).toContain('HTTP 404: no_service');
  });

  it('reports an unreachable receiver as failed, without the URL', async () => {
    const port = await new Promise<number>((ok) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => ok(port));
      });
    });
    const result = await deliver(slackChannel('chat', `http://127.0.0.1:${port}${SLACK_PATH}`), trigger(), {
      attempts: 2,
      baseDelayMs: 1,
      sleep: noWait,
    });
    expect(result).toMatchObject({ status: 'failed', attempts: 2 });
    expect(result.error).toContain('ECONNREFUSED');
    expect(result.error).not.toContain('SECRET');
  });

  it('never throws, whatever the channel or the sleep do', async () => {
    const weird: Channel = {
      name: 'weird',
      send: () => {
        throw 'not an error';
      },
    };
    const result = await deliver(weird, trigger(), { attempts: 2, baseDelayMs: 1, sleep: () => Promise.reject(new Error('no timers')) });
    expect(result).toEqual({ channel: 'weird', status: 'failed', attempts: 2, error: 'not an error' });
  });
});

describe('channelsFromConfig', () => {
  // The bundled config, with the link base the commands derive from PORT and HOST (none set: localhost:5000).
  const config = { ...(JSON.parse(readFileSync(resolve('config/alerting.json'), 'utf8')) as ChannelsConfig), reportUrl: reportUrl({}) };

  it('builds only the channels whose secrets are set, logging the missing variable names only', () => {
    const lines: Array<{ msg: string; fields: Record<string, unknown> | undefined }> = [];
    const env = { SLACK_WEBHOOK_URL: `${http.origin}${SLACK_PATH}`, PAGERDUTY_ROUTING_KEY: ROUTING_KEY, SMTP_URL: smtp.url };
    const channels = channelsFromConfig(config, env, { log: { write: (_level, msg, fields) => void lines.push({ msg, fields }) } });
    expect([...channels.keys()].sort()).toEqual(['chat', 'pager']);
    expect(channels.get('chat')?.name).toBe('chat');
    const missing = Object.fromEntries(lines.map((l) => [l.fields?.channel, l.fields?.missing]));
    expect(missing).toEqual({ teams: ['TEAMS_WEBHOOK_URL'], email: ['ALERT_EMAIL_TO'], manager: ['MANAGER_WEBHOOK_URL'] });
    const logged = JSON.stringify(lines);
    for (const value of Object.values(env)) expect(logged).not.toContain(value);
  });

  it('builds every channel when all secrets are set, and the built channels deliver', async () => {
    const env = {
      SLACK_WEBHOOK_URL: `${http.origin}/slack`,
      TEAMS_WEBHOOK_URL: `${http.origin}/teams`,
      MANAGER_WEBHOOK_URL: `${http.origin}/manager`,
      SMTP_URL: smtp.url,
      ALERT_EMAIL_TO: 'oncall@ventas.local',
      PAGERDUTY_ROUTING_KEY: ROUTING_KEY,
      PAGERDUTY_EVENTS_URL: `${http.origin}/pd`,
    };
    const channels = channelsFromConfig(config, env);
    expect([...channels.keys()].sort()).toEqual(['chat', 'email', 'manager', 'pager', 'teams']);
    for (const channel of channels.values()) await channel.send(trigger());
    expect(http.requests.map((r) => r.path).sort()).toEqual(['/manager', '/pd', '/slack', '/teams']);
    expect(only(smtp.messages).headers.from).toContain('alertas@ventas.local');
    const pd = http.requests.find((r) => r.path === '/pd')?.body as { links: Array<{ href: string }> };
    expect(pd.links[0]?.href).toBe('http://localhost:5000/docs/runbooks/unknown_products.md');
  });

  it('treats an empty variable as unset, and refuses an unknown channel type', () => {
    expect(channelsFromConfig({ channels: { chat: { type: 'slack', webhookUrlEnv: 'X' } } }, { X: '  ' }).size).toBe(0);
    expect(
      () =>
        channelsFromConfig({ channels: { chat: { type: 'carrier-pigeon' as 'slack' } } }, {}) /* what a hand-edited JSON file can hold */,
    ).toThrow(/unknown type "carrier-pigeon"/);
    expect(() => channelsFromConfig({ channels: { chat: { type: 'slack' } } }, {})).toThrow(/needs "webhookUrlEnv"/);
  });
});
