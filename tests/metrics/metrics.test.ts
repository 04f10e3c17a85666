// GET /metrics on the real app over loopback: the text format, the database-derived values against the
// bundled manifest and the stored validation run, the HTTP histogram's labels, a broken database, the dashboard.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lazyDatabase } from '../../src/api/database-handle.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { HTTP_ROUTES } from '../../src/metrics/registry.ts';
import { VALIDATION_STATUS_CODES } from '../../src/metrics/snapshot.ts';
import { apiServers } from '../helpers/api-server.ts';
import { exposedNames, parsePromText, type PromSample } from './prom-text.ts';

const server = apiServers();

interface ManifestFile {
  read: number;
  loaded: number;
  quarantined: number;
  reasons: Record<string, number>;
}
const manifest = JSON.parse(readFileSync('data/manifest.json', 'utf8')) as { files: Record<string, ManifestFile> };

/** Every metric the brief names; the dashboard must chart each of them. */
const DATABASE_METRICS = [
  'ventas_etl_rows_read',
  'ventas_etl_rows_loaded',
  'ventas_etl_rows_quarantined',
  'ventas_validation_check_failed',
  'ventas_validation_check_rows',
  'ventas_validation_status',
  'ventas_last_successful_load_timestamp_seconds',
  'ventas_last_successful_upload_timestamp_seconds',
  'ventas_upload_bytes_total',
  'ventas_upload_failures_total',
  'ventas_upload_dead_letters',
  'ventas_breaker_open',
  'ventas_breaker_consecutive_failures',
  'ventas_alerts_firing',
  'ventas_notifications_failed_total',
];
const ALL_VENTAS_METRICS = [...DATABASE_METRICS, 'ventas_metrics_database_up', 'ventas_http_request_duration_seconds'];

async function scrape(url: string) {
  const res = await fetch(`${url}/metrics`);
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), text, ...parsePromText(text) };
}

const named = (samples: PromSample[], name: string) => samples.filter((s) => s.name === name);

function single(samples: PromSample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = named(samples, name).filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** label value -> sample value, for a metric with one varying label (the rest fixed by `where`). */
function byLabel(samples: PromSample[], name: string, label: string, where: Record<string, string> = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of named(samples, name)) {
    if (!Object.entries(where).every(([k, v]) => s.labels[k] === v)) continue;
    out[s.labels[label] ?? ''] = s.value;
  }
  return out;
}

describe('GET /metrics', () => {
  it('answers the Prometheus text format with every metric family and the process defaults', async () => {
    const s = await server();
    const m = await scrape(s.url);
    expect(m.status).toBe(200);
    expect(m.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const name of ALL_VENTAS_METRICS) expect(m.types.has(name), name).toBe(true);
    expect(m.types.get('ventas_http_request_duration_seconds')).toBe('histogram');
    expect(m.types.get('ventas_upload_bytes_total')).toBe('counter');
    expect(m.types.get('ventas_etl_rows_read')).toBe('gauge');
    expect(single(m.samples, 'ventas_metrics_database_up')).toBe(1);
    expect(m.types.has('process_cpu_user_seconds_total')).toBe(true);
    expect(m.types.has('nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/metrics`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('reports rows read, loaded and quarantined per file and reason equal to the bundled manifest', async () => {
    const s = await server();
    const { samples } = await scrape(s.url);
    const files = Object.keys(manifest.files).sort();
    expect(Object.keys(byLabel(samples, 'ventas_etl_rows_read', 'file')).sort()).toEqual(files);
    for (const [file, expected] of Object.entries(manifest.files)) {
      expect(single(samples, 'ventas_etl_rows_read', { file }), file).toBe(expected.read);
      expect(single(samples, 'ventas_etl_rows_loaded', { file }), file).toBe(expected.loaded);
      expect(byLabel(samples, 'ventas_etl_rows_quarantined', 'reason', { file }), file).toEqual(expected.reasons);
    }
  });

  it('reports every check of the latest validation run, its status and the load time as stored', async () => {
    const s = await server();
    const { samples } = await scrape(s.url);
    const db = openDatabase(s.dbPath);
    try {
      const run = await db.selectFrom('validaciones').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
      const results = await db.selectFrom('validacion_resultados').selectAll().where('validacion_id', '=', run.id).execute();
      const load = await db.selectFrom('cargas').selectAll().where('estado', '=', 'ok').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(results.length).toBeGreaterThan(0);
      expect(named(samples, 'ventas_validation_check_failed')).toHaveLength(results.length);
      expect(named(samples, 'ventas_validation_check_rows')).toHaveLength(results.length);
      for (const r of results) {
        const labels = { check: r.codigo, severity: r.severidad };
        expect(single(samples, 'ventas_validation_check_failed', labels), r.codigo).toBe(r.aprobado ? 0 : 1);
        expect(single(samples, 'ventas_validation_check_rows', labels), r.codigo).toBe(r.filas_afectadas);
      }
      // The bundled data is dirty on purpose: its run is ERROR.
      expect(run.estado).toBe('ERROR');
      expect(single(samples, 'ventas_validation_status')).toBe(VALIDATION_STATUS_CODES[run.estado]);
      expect(single(samples, 'ventas_last_successful_load_timestamp_seconds')).toBe(Date.parse(load.finalizada_en ?? '') / 1000);
    } finally {
      await db.destroy();
    }
  });

  it('reports uploads, dead letters, breakers, firing alerts and failed notifications from their tables', async () => {
    const s = await server();
    const before = (await scrape(s.url)).samples;
    // Nothing has been uploaded yet: no upload time rather than a misleading epoch 0.
    expect(single(before, 'ventas_last_successful_upload_timestamp_seconds')).toBeUndefined();
    expect(single(before, 'ventas_upload_bytes_total')).toBe(0);

    const db = openDatabase(s.dbPath);
    try {
      const envio = { ejecucion: 'run-1', bucket: 'b', origen: 'raw:ventas.csv', sha256: 'x', intentos: 1, duracion_ms: 5 };
      await db
        .insertInto('envios')
        .values([
          { ...envio, enviado_en: '2030-01-01T00:00:00.000Z', clave: 'a', bytes: 1000, estado: 'uploaded' },
          { ...envio, enviado_en: '2030-01-02T00:00:00.000Z', clave: 'b', bytes: 500, estado: 'skipped' },
          { ...envio, enviado_en: '2030-01-03T00:00:00.000Z', clave: 'c', bytes: 700, estado: 'failed' },
          { ...envio, enviado_en: '2030-01-03T00:00:01.000Z', clave: 'd', bytes: 24, estado: 'uploaded' },
        ])
        .execute();
      const fallido = {
        creado_en: '2030-01-03T00:00:00.000Z',
        bucket: 'b',
        clave: 'c',
        origen: 'raw:ventas.csv',
        gzip: 0,
        error: 'boom',
        intentos: 3,
      };
      await db
        .insertInto('envios_fallidos')
        .values([
          { ...fallido, resuelto_en: null },
          { ...fallido, resuelto_en: '2030-01-04T00:00:00.000Z' },
        ])
        .execute();
      await db
        .insertInto('interruptores')
        .values([
          {
            trabajo: 'metrics_test_open',
            estado: 'open',
            fallos_seguidos: 3,
            abierto_en: '2030-01-03T00:00:00.000Z',
            actualizado_en: '2030-01-03T00:00:00.000Z',
          },
          {
            trabajo: 'metrics_test_closed',
            estado: 'closed',
            fallos_seguidos: 1,
            abierto_en: null,
            actualizado_en: '2030-01-03T00:00:00.000Z',
          },
        ])
        .execute();
      const alerta = {
        codigo: 'x',
        fuente: 'upload',
        mensaje: 'm',
        filas: 0,
        impacto: null,
        runbook: null,
        ejecucion: null,
        carga_id: null,
        primera_vez: '2030-01-01T00:00:00.000Z',
        ultima_vez: '2030-01-01T00:00:00.000Z',
        ultima_notificacion: null,
      };
      await db
        .insertInto('alertas')
        .values([
          { ...alerta, clave: 'k1', severidad: 'CRITICAL', estado: 'firing', resuelta_en: null },
          { ...alerta, clave: 'k2', severidad: 'CRITICAL', estado: 'firing', resuelta_en: null },
          { ...alerta, clave: 'k3', severidad: 'CRITICAL', estado: 'resolved', resuelta_en: '2030-01-02T00:00:00.000Z' },
        ])
        .execute();
      const notificacion = {
        alerta_id: null,
        tipo: 'trigger',
        severidad: 'CRITICAL',
        intentos: 3,
        error: null,
        enviada_en: '2030-01-01T00:00:00.000Z',
      };
      await db
        .insertInto('notificaciones')
        .values([
          { ...notificacion, canal: 'metrics-test', estado: 'failed' },
          { ...notificacion, canal: 'metrics-test', estado: 'failed' },
          { ...notificacion, canal: 'metrics-test', estado: 'sent' },
        ])
        .execute();
    } finally {
      await db.destroy();
    }

    const after = (await scrape(s.url)).samples;
    const delta = (name: string, labels: Record<string, string> = {}) =>
      (single(after, name, labels) ?? 0) - (single(before, name, labels) ?? 0);
    expect(single(after, 'ventas_last_successful_upload_timestamp_seconds')).toBe(Date.parse('2030-01-03T00:00:01.000Z') / 1000);
    expect(delta('ventas_upload_bytes_total')).toBe(1024);
    expect(delta('ventas_upload_failures_total')).toBe(1);
    expect(delta('ventas_upload_dead_letters')).toBe(1);
    expect(single(after, 'ventas_breaker_open', { job: 'metrics_test_open' })).toBe(1);
    expect(single(after, 'ventas_breaker_open', { job: 'metrics_test_closed' })).toBe(0);
    expect(single(after, 'ventas_breaker_consecutive_failures', { job: 'metrics_test_open' })).toBe(3);
    expect(single(after, 'ventas_breaker_consecutive_failures', { job: 'metrics_test_closed' })).toBe(1);
    expect(delta('ventas_alerts_firing', { severity: 'CRITICAL' })).toBe(2);
    // Quiet severities are 0, not absent, so alert rules on them see a value.
    for (const severity of ['WARNING', 'ERROR', 'CRITICAL'])
      expect(single(after, 'ventas_alerts_firing', { severity })).toBeTypeOf('number');
    expect(single(after, 'ventas_notifications_failed_total', { channel: 'metrics-test' })).toBe(2);
  });

  it('reads the database once per scrape, whatever the number of metrics', async () => {
    const s = await server();
    s.statements.length = 0;
    await scrape(s.url);
    expect(s.statements.filter((q) => /from "carga_archivos"/i.test(q))).toHaveLength(1);
    expect(s.statements.filter((q) => /from "validaciones"/i.test(q))).toHaveLength(1);
  });

  it('times earlier requests by matched route, never by raw path', async () => {
    const s = await server();
    await (await fetch(`${s.url}/ventas/resumen_por_categoria`)).text();
    await (await fetch(`${s.url}/ventas/resumen_por_categoria?x=1`)).text();
    await (await fetch(`${s.url}/ventas/otra_cosa/12345?q=secret`)).text();
    await (await fetch(`${s.url}/no-such-thing`)).text();
    await (await fetch(`${s.url}/runbooks/returns`)).text();
    await (await fetch(`${s.url}/runbooks/made-up-12345`)).text();
    const { samples } = await scrape(s.url);
    expect(single(samples, 'ventas_http_request_duration_seconds_count', { method: 'GET', route: '/runbooks/:code', status: '200' })).toBe(
      1,
    );
    expect(single(samples, 'ventas_http_request_duration_seconds_count', { method: 'GET', route: '/runbooks/:code', status: '404' })).toBe(
      1,
    );
    const summary = { method: 'GET', route: '/ventas/resumen_por_categoria', status: '200' };
    expect(single(samples, 'ventas_http_request_duration_seconds_count', summary)).toBe(2);
    expect(single(samples, 'ventas_http_request_duration_seconds_bucket', { ...summary, le: '+Inf' })).toBe(2);
    expect(single(samples, 'ventas_http_request_duration_seconds_sum', summary)).toBeGreaterThan(0);
    expect(single(samples, 'ventas_http_request_duration_seconds_count', { method: 'GET', route: 'other', status: '404' })).toBe(2);

    const http = samples.filter((x) => x.name.startsWith('ventas_http_request_duration_seconds'));
    const routes = new Set(http.map((x) => x.labels.route));
    for (const route of routes) expect([...HTTP_ROUTES, 'other']).toContain(route);
    const labelValues = samples.flatMap((x) => Object.values(x.labels));
    expect(labelValues.filter((v) => /otra_cosa|no-such-thing|secret|12345/.test(v))).toEqual([]);
  });

  it('answers 200 with ventas_metrics_database_up 0 and no database metrics when the database cannot be read', async () => {
    const s = await server({ database: () => lazyDatabase('/nonexistent/x.db') });
    const m = await scrape(s.url);
    expect(m.status).toBe(200);
    expect(single(m.samples, 'ventas_metrics_database_up')).toBe(0);
    for (const name of DATABASE_METRICS) expect(named(m.samples, name), name).toEqual([]);
    // The process keeps reporting on itself.
    expect(named(m.samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    const again = await scrape(s.url);
    expect(named(again.samples, 'ventas_http_request_duration_seconds_count').map((x) => x.labels.route)).toContain('/metrics');
  });
});

// --- the Grafana dashboard -------------------------------------------------------------------------

/** Label lists, matchers, ranges and strings hold no metric names; neither do function or keyword tokens. */
const PROMQL_KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names: string[] = [];
  for (const m of stripped.matchAll(/(?<![\w.$:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\w:]|\s*\()/g)) {
    const token = m[1] ?? '';
    if (!PROMQL_KEYWORDS.has(token.toLowerCase())) names.push(token);
  }
  return names;
}

function collectExprs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) collectExprs(item, out);
  else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'expr' && typeof value === 'string') out.push(value);
      else collectExprs(value, out);
    }
  }
  return out;
}

describe('dashboards/ventas.json', () => {
  const dashboard = JSON.parse(readFileSync('dashboards/ventas.json', 'utf8')) as {
    schemaVersion: number;
    __inputs: Array<{ name: string; type: string; pluginId: string }>;
    panels: Array<{
      type: string;
      title: string;
      datasource?: { uid: string };
      targets?: Array<{ expr: string; datasource?: { uid: string } }>;
    }>;
  };

  it('is a Grafana dashboard importable with a Prometheus datasource input', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.__inputs).toContainEqual(
      expect.objectContaining({ name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' }),
    );
    for (const p of dashboard.panels.filter((x) => x.type !== 'row')) {
      expect(p.datasource?.uid, p.title).toBe('${DS_PROMETHEUS}');
      for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).toBe('${DS_PROMETHEUS}');
    }
  });

  it('reads the metric names of an expression, not its functions, labels or keywords', () => {
    expect(metricNamesIn('histogram_quantile(0.99, sum by (le, route) (rate(a_bucket{route!="x"}[$__rate_interval])))')).toEqual([
      'a_bucket',
    ]);
    expect(metricNamesIn('time() - max(b_seconds)')).toEqual(['b_seconds']);
    expect(metricNamesIn('max by (c) (x) and on (c) (max by (c) (y) == 1)')).toEqual(['x', 'y']);
  });

  it('queries only metric names the registry exposes, and charts every one of ours', async () => {
    const s = await server();
    const { types } = await scrape(s.url);
    const exposed = exposedNames(types);
    const exprs = collectExprs(dashboard.panels);
    expect(exprs.length).toBeGreaterThan(10);
    const used = new Set<string>();
    for (const expr of exprs) {
      const names = metricNamesIn(expr);
      expect(names.length, expr).toBeGreaterThan(0);
      for (const name of names) {
        expect(exposed.has(name), `${name} in ${expr}`).toBe(true);
        used.add(name.replace(/_(bucket|sum|count)$/, ''));
      }
    }
    for (const name of [...DATABASE_METRICS, 'ventas_http_request_duration_seconds']) expect(used.has(name), name).toBe(true);
  });
});
