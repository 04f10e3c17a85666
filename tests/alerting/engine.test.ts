// The alert pipeline end to end against real receivers on loopback: an HTTP receiver standing in for
// Slack, Teams, PagerDuty and the manager's webhook, and a real SMTP server.
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AlertingDeps, type RaisedAlert, processAlerts } from '../../src/alerting/alert-engine.ts';
import { readAlertingConfig } from '../../src/alerting/alerting-config.ts';
import { breakerState } from '../../src/alerting/breaker.ts';
import { channelsFromConfig } from '../../src/alerting/channels/index.ts';
import { finishLoadJob } from '../../src/jobs/finish-job.ts';
import { jobFinished, jobMayStart } from '../../src/jobs/job-guard.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { migratedDatabases } from '../helpers/database.ts';
import { type HttpReceiver, type SmtpReceiver, startHttpReceiver, startSmtpReceiver } from '../helpers/receivers.ts';
import { DIALECTS, freshDatabaseUrl } from '../helpers/dialects.ts';
import { runScript } from '../helpers/run-script.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

describe.each(DIALECTS)('on %s', (dialect) => {
  const newDb = migratedDatabases(dialect);
  const newDir = tempDirs();
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
  });

  function env() {
    return {
      SLACK_WEBHOOK_URL: `${http.origin}/slack/T0SECRET`,
      TEAMS_WEBHOOK_URL: `${http.origin}/teams/T0SECRET`,
      MANAGER_WEBHOOK_URL: `${http.origin}/manager/T0SECRET`,
      SMTP_URL: smtp.url,
      ALERT_EMAIL_TO: 'oncall@ventas.local',
      PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY0000000000000000000000',
      PAGERDUTY_EVENTS_URL: `${http.origin}/pagerduty/v2/enqueue`,
    };
  }

  async function deps(clock: { t: number }): Promise<AlertingDeps> {
    const { db } = await newDb();
    const config = readAlertingConfig();
    return {
      db,
      config: { ...config, delivery: { attempts: 2, baseDelayMs: 1 } },
      channels: channelsFromConfig(config, env()),
      now: () => new Date(clock.t),
      sleep: async () => {},
    };
  }

  const alert = (check: string, severity: RaisedAlert['severity'], rows = 5): RaisedAlert => ({
    check,
    severity,
    summary: `${check}: ${rows} rows`,
    rowsAffected: rows,
    impact: { unidades: 12, ingresos: 345.6 },
    runbook: `docs/runbooks/${check}.md`,
    runId: '7',
    loadId: 3,
  });
  const paths = () => http.requests.map((r) => r.path.split('/')[1]);

  describe('routing by severity', () => {
    it('sends WARNING to chat, ERROR to chat and Teams, CRITICAL to e-mail and PagerDuty', async () => {
      const d = await deps({ t: Date.parse('2026-11-28T08:00:00Z') });
      await processAlerts(d, 'validation', [alert('returns', 'WARNING')], []);
      expect(paths()).toEqual(['slack']);
      http.reset();
      await processAlerts(d, 'validation', [alert('negative_stock', 'ERROR')], []);
      expect(paths().sort()).toEqual(['slack', 'teams']);
      http.reset();
      await processAlerts(d, 'validation', [alert('row_count_drop', 'CRITICAL')], []);
      expect(paths()).toEqual(['pagerduty']);
      expect(smtp.messages).toHaveLength(1);
      expect(smtp.messages[0]!.subject).toContain('[CRITICAL] row_count_drop');
      const event = http.requests[0]!.body as any;
      expect(event).toMatchObject({
        routing_key: env().PAGERDUTY_ROUTING_KEY,
        event_action: 'trigger',
        dedup_key: 'validation:row_count_drop',
        payload: { severity: 'critical' },
      });
    });

    it('puts the context in every alert: check, severity, rows, impact, runbook, run and load ids, correlation key', async () => {
      const d = await deps({ t: Date.parse('2026-11-28T08:00:00Z') });
      await processAlerts(d, 'validation', [alert('negative_stock', 'ERROR', 104)], []);
      const slack = JSON.stringify(http.requests.find((r) => r.path.startsWith('/slack'))!.body);
      for (const piece of ['negative_stock', 'ERROR', '104', '12', '345.6', 'docs/runbooks/negative_stock.md', 'validation:negative_stock'])
        expect(slack).toContain(piece);
    });
  });

  describe('grouping, quiet period and resolve', () => {
    it('sends one message per cause, none again within the quiet period, again after it, and a resolve when it clears', async () => {
      const clock = { t: Date.parse('2026-11-28T08:00:00Z') };
      const d = await deps(clock);
      const first = await processAlerts(d, 'validation', [alert('negative_stock', 'ERROR'), alert('returns', 'WARNING')], []);
      expect(first.triggered).toEqual(['validation:negative_stock', 'validation:returns']);
      expect(http.requests).toHaveLength(3);
      http.reset();
      clock.t += 60 * 60_000; // an hour later, still firing: quiet
      const again = await processAlerts(d, 'validation', [alert('negative_stock', 'ERROR'), alert('returns', 'WARNING')], []);
      expect(again.suppressed).toHaveLength(2);
      expect(http.requests).toHaveLength(0);
      clock.t += 4 * 60 * 60_000; // past the 240-minute quiet period
      const reminder = await processAlerts(d, 'validation', [alert('negative_stock', 'ERROR')], ['returns']);
      expect(reminder.triggered).toEqual(['validation:negative_stock']);
      expect(reminder.resolved).toEqual(['validation:returns']);
      const resolve = http.requests.find((r) => JSON.stringify(r.body).includes('RESOLVED'));
      expect(resolve?.path).toMatch(/^\/slack/);
      const rows = await d.db.selectFrom('alertas').select(['clave', 'estado']).orderBy('id').execute();
      expect(rows).toEqual([
        { clave: 'validation:negative_stock', estado: 'firing' },
        { clave: 'validation:returns', estado: 'resolved' },
      ]);
    });

    it('resolves a CRITICAL alert in PagerDuty with the same dedup key', async () => {
      const d = await deps({ t: Date.parse('2026-11-28T08:00:00Z') });
      await processAlerts(d, 'validation', [alert('referential_integrity', 'CRITICAL')], []);
      http.reset();
      await processAlerts(d, 'validation', [], ['referential_integrity']);
      expect(http.requests.map((r) => r.body)).toEqual([
        { routing_key: env().PAGERDUTY_ROUTING_KEY, event_action: 'resolve', dedup_key: 'validation:referential_integrity' },
      ]);
    });
  });

  describe('escalation', () => {
    it('escalates to the manager on the 4th CRITICAL alert within the window, not before, and once per window', async () => {
      const clock = { t: Date.parse('2026-11-28T08:00:00Z') };
      const d = await deps(clock);
      const manager = () => http.requests.filter((r) => r.path.startsWith('/manager'));
      for (const [i, check] of ['database_structure', 'referential_integrity', 'row_count_drop'].entries()) {
        clock.t += 5 * 60_000 * (i + 1);
        expect((await processAlerts(d, 'validation', [alert(check, 'CRITICAL')], [])).escalated).toBe(false);
      }
      expect(manager()).toHaveLength(0);
      clock.t += 10 * 60_000;
      expect((await processAlerts(d, 'monitor', [alert('monitor_send_failed', 'CRITICAL')], [])).escalated).toBe(true);
      expect(manager()).toHaveLength(1);
      expect(JSON.stringify(manager()[0]!.body)).toContain('4 CRITICAL alerts within 60 minutes');
      clock.t += 5 * 60_000;
      expect((await processAlerts(d, 'monitor', [alert('monitor_load_failed', 'CRITICAL')], [])).escalated).toBe(false);
    });

    it('does not escalate when the CRITICAL alerts are spread beyond the window (history read from the database)', async () => {
      const clock = { t: Date.parse('2026-11-28T08:00:00Z') };
      const d = await deps(clock);
      for (const check of ['a', 'b', 'c', 'd']) {
        clock.t += 25 * 60_000;
        expect((await processAlerts(d, 'validation', [alert(check, 'CRITICAL')], [])).escalated).toBe(false);
      }
    });
  });

  describe('delivery failures', () => {
    it('retries a failing channel, then records it as failed without breaking the run or leaking its secret', async () => {
      const d = await deps({ t: Date.parse('2026-11-28T08:00:00Z') });
      http.failNext(100);
      const report = await processAlerts(d, 'validation', [alert('negative_stock', 'ERROR')], []);
      expect(report.deliveries.map((x) => [x.channel, x.status, x.attempts])).toEqual([
        ['chat', 'failed', 2],
        ['teams', 'failed', 2],
      ]);
      const recorded = await d.db.selectFrom('notificaciones').select(['canal', 'estado', 'intentos', 'error']).execute();
      expect(recorded.every((r) => r.estado === 'failed' && r.intentos === 2)).toBe(true);
      expect(JSON.stringify(recorded)).not.toContain('T0SECRET');
    });

    it('recovers when a channel fails once', async () => {
      const d = await deps({ t: Date.parse('2026-11-28T08:00:00Z') });
      http.failNext(1);
      const report = await processAlerts(d, 'validation', [alert('returns', 'WARNING')], []);
      expect(report.deliveries).toEqual([expect.objectContaining({ channel: 'chat', status: 'sent', attempts: 2 })]);
    });
  });

  describe('a channel that is down', () => {
    it('is recorded as failed while the validation run that raised the alert completes and is stored', async () => {
      const { runLoad } = await import('../../src/etl/load.ts');
      const { validateAndAlert } = await import('../../src/jobs/validate-and-alert.ts');
      const down = await startHttpReceiver();
      await down.close(); // nothing listens on its port any more
      const { db } = await newDb();
      await runLoad(db, { dataDir: 'data', asOf: '2025-01-01' });
      const config = readAlertingConfig();
      const channels = channelsFromConfig(config, {
        ...env(),
        SLACK_WEBHOOK_URL: `${down.origin}/slack/T0SECRET`,
        TEAMS_WEBHOOK_URL: `${down.origin}/teams/T0SECRET`,
      });
      const run = await validateAndAlert(db, {
        asOf: '2025-01-01',
        origin: 'test',
        alerting: { db, config: { ...config, delivery: { attempts: 2, baseDelayMs: 1 } }, channels, sleep: async () => {} },
      });
      expect(run.status).toBe('ERROR');
      expect(await db.selectFrom('validaciones').select('id').where('id', '=', run.id).executeTakeFirst()).toBeDefined();
      const failed = await db.selectFrom('notificaciones').select(['canal', 'estado', 'error']).where('estado', '=', 'failed').execute();
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((f) => f.canal === 'chat' || f.canal === 'teams')).toBe(true);
      expect(failed[0]!.error).toMatch(/ECONNREFUSED|fetch failed/);
      expect(JSON.stringify(failed)).not.toContain('T0SECRET');
    });
  });

  describe('circuit breaker', () => {
    it('opens after 3 consecutive failed runs, refuses with a message and an alert, and closes on reset or after the cool-down', async () => {
      const clock = { t: Date.parse('2026-11-28T08:00:00Z') };
      const d = await deps(clock);
      for (let i = 0; i < 2; i++) await jobFinished(d, 'upload', false);
      expect((await jobMayStart(d, 'upload')).allowed).toBe(true);
      await jobFinished(d, 'upload', false);
      expect(http.requests.some((r) => JSON.stringify(r.body).includes('circuit breaker of the upload job opened'))).toBe(true);
      const refused = await jobMayStart(d, 'upload');
      expect(refused).toMatchObject({ allowed: false, message: expect.stringContaining('npm run breaker -- reset upload') });
      clock.t += 31 * 60_000; // past the cool-down: one trial run
      expect((await jobMayStart(d, 'upload')).allowed).toBe(true);
      await jobFinished(d, 'upload', false); // the trial fails: open again
      expect((await jobMayStart(d, 'upload')).allowed).toBe(false);
      clock.t += 31 * 60_000;
      await jobFinished(d, 'upload', true); // a trial succeeds: closed
      expect(await breakerState(d.db, 'upload', d.config.breaker)).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    });
  });

  describe('npm run breaker and the seed behind its breaker', () => {
    const cli = runScript;

    it('does not count bad input: three loads of a wrong --data-dir leave the load breaker closed, and the bundled data then loads', async () => {
      const dir = newDir();
      const e = { DATABASE_URL: await freshDatabaseUrl(dialect, dir), LOG_DIR: join(dir, 'logs') };
      expect((await cli('scripts/migrate.ts', [], e)).code).toBe(0);
      for (let i = 0; i < 3; i++) expect((await cli('seeds/seed.ts', ['--data-dir', 'wrong/path'], e)).code).toBe(2);
      expect((await cli('scripts/breaker.ts', ['status'], e)).stdout).toMatch(/load\s+closed/);
      expect((await cli('seeds/seed.ts', [], e)).code).toBe(0);
    });

    it('refuses to load with exit 11 once three failures of the system opened the breaker, and loads again after a reset', async () => {
      const dir = newDir();
      const e = { DATABASE_URL: await freshDatabaseUrl(dialect, dir), LOG_DIR: join(dir, 'logs') };
      const db = openDatabase(e.DATABASE_URL);
      await migrateToLatest(db);
      // Three loads that could not write (what a failing database gives: status `failed`, exit 1).
      const failed = {
        status: 'failed',
        loadId: null,
        asOf: '2025-01-01',
        error: { code: 'load_failed', message: 'disk I/O error' },
      } as const;
      const alerting = { db, channels: new Map(), config: readAlertingConfig() };
      for (let i = 0; i < 3; i++) await finishLoadJob(alerting, failed);
      await db.destroy();
      const refused = await cli('seeds/seed.ts', [], e);
      expect(refused.code).toBe(11);
      expect(refused.stderr).toContain('stopped by its circuit breaker');
      expect((await cli('scripts/breaker.ts', ['status'], e)).stdout).toMatch(/load\s+open\s+consecutive failures: 3/);
      expect((await cli('scripts/breaker.ts', ['reset', 'load'], e)).stdout).toContain('load: closed');
      expect((await cli('seeds/seed.ts', [], e)).code).toBe(0);
    });
  });
});
