// Prometheus metrics of one app: database-derived state read at scrape time, HTTP latency, process defaults.
import { collectDefaultMetrics, Counter, Gauge, Histogram, type LabelValues, Registry } from 'prom-client';
import type { DatabaseHandle } from '../api/database-handle.ts';
import { ROUTE_LABELS, type RouteLabel, routeLabel } from '../http/routes.ts';
import { type MetricsSnapshot, readSnapshot } from './snapshot.ts';

/** The routes the app serves, from its one route table; any other path is labelled `other`. */
export const HTTP_ROUTES = ROUTE_LABELS;
export type { RouteLabel };
export { routeLabel };

/** Sub-millisecond to 10 s: cached REST answers take about a millisecond, GraphQL pages and reloads much longer. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface AppMetrics {
  /** This app's own registry (never the global one, so several apps can live in one process). */
  registry: Registry;
  observeRequest(request: { method: string | undefined; url: string | undefined; status: number; seconds: number }): void;
}

export interface MetricsOptions {
  database: DatabaseHandle;
  /** Told why the database could not be read during a scrape (the scrape itself still succeeds). */
  onDatabaseError?: (error: unknown) => void;
}

interface Sample<L extends string> {
  labels: LabelValues<L>;
  value: number;
}

type Source = () => Promise<MetricsSnapshot | null>;

interface FromSnapshot<L extends string> {
  name: string;
  help: string;
  labelNames: readonly L[];
  samples: (snapshot: MetricsSnapshot) => Sample<L>[];
}

/** One sample per present value: a metric with nothing to report (or an unreadable database) has no sample, not a 0. */
function registerFromSnapshot<L extends string>(
  registry: Registry,
  source: Source,
  kind: 'gauge' | 'counter',
  spec: FromSnapshot<L>,
): void {
  const { name, help, labelNames, samples } = spec;
  const config = { name, help, labelNames, registers: [registry] };
  if (kind === 'gauge') {
    new Gauge<L>({
      ...config,
      async collect() {
        const snapshot = await source();
        // Reset only after the await so concurrent scrapes each see one whole snapshot, never a mix.
        this.reset();
        if (labelNames.length === 0) this.remove();
        if (snapshot) for (const s of samples(snapshot)) this.set(s.labels, s.value);
      },
    });
  } else {
    new Counter<L>({
      ...config,
      async collect() {
        const snapshot = await source();
        this.reset();
        if (labelNames.length === 0) this.remove();
        if (snapshot) for (const s of samples(snapshot)) this.inc(s.labels, s.value);
      },
    });
  }
}

const one = (value: number | null): Sample<never>[] => (value === null ? [] : [{ labels: {}, value }]);

type Register = <L extends string>(spec: FromSnapshot<L>) => void;

export function createMetrics(options: MetricsOptions): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const source = sharedSnapshot(options);
  registerDatabaseUp(registry, source);
  const gauge: Register = (spec) => registerFromSnapshot(registry, source, 'gauge', spec);
  const counter: Register = (spec) => registerFromSnapshot(registry, source, 'counter', spec);
  registerLoadMetrics(gauge, counter);
  registerValidationMetrics(gauge, counter);
  registerFreshnessAndUploadMetrics(gauge, counter);
  registerBreakerAndAlertMetrics(gauge, counter);
  registerReplicaMetrics(registry, options.database);
  return httpMetrics(registry);
}

/** Every collect of one scrape starts in the same tick, so they share one read instead of a read each. */
function sharedSnapshot({ database, onDatabaseError }: MetricsOptions): Source {
  let inflight: Promise<MetricsSnapshot | null> | null = null;
  return () => {
    inflight ??= (async () => readSnapshot(database.get()))()
      .catch((error: unknown) => {
        onDatabaseError?.(error);
        return null;
      })
      .finally(() => {
        inflight = null;
      });
    return inflight;
  };
}

function registerDatabaseUp(registry: Registry, source: Source): void {
  new Gauge({
    name: 'ventas_metrics_database_up',
    help: '1 when the database could be read for this scrape, 0 when not (the database-derived metrics are then omitted)',
    registers: [registry],
    async collect() {
      this.set((await source()) ? 1 : 0);
    },
  });
}

/** Rows read, loaded and quarantined per file by the latest successful load. */
function registerLoadMetrics(gauge: Register, counter: Register): void {
  gauge({
    name: 'ventas_etl_rows_read',
    help: 'Rows read per file by the latest successful load',
    labelNames: ['file'],
    samples: (s) => s.files.map((f) => ({ labels: { file: f.file }, value: f.read })),
  });
  gauge({
    name: 'ventas_etl_rows_loaded',
    help: 'Rows loaded per file by the latest successful load',
    labelNames: ['file'],
    samples: (s) => s.files.map((f) => ({ labels: { file: f.file }, value: f.loaded })),
  });
  gauge({
    name: 'ventas_etl_rows_quarantined',
    help: 'Rows quarantined per file and reason code by the latest successful load',
    labelNames: ['file', 'reason'],
    samples: (s) =>
      s.files.flatMap((f) => Object.entries(f.reasons).map(([reason, value]) => ({ labels: { file: f.file, reason }, value }))),
  });
}

/** The latest validation run's checks and status. */
function registerValidationMetrics(gauge: Register, counter: Register): void {
  gauge({
    name: 'ventas_validation_check_failed',
    help: 'Per check of the latest validation run: 1 failed, 0 passed',
    labelNames: ['check', 'severity'],
    samples: (s) => s.checks.map((c) => ({ labels: { check: c.check, severity: c.severity }, value: c.failed ? 1 : 0 })),
  });
  gauge({
    name: 'ventas_validation_check_rows',
    help: 'Rows affected per check of the latest validation run',
    labelNames: ['check', 'severity'],
    samples: (s) => s.checks.map((c) => ({ labels: { check: c.check, severity: c.severity }, value: c.rows })),
  });
  gauge({
    name: 'ventas_validation_status',
    help: 'Status of the latest validation run: 0 OK, 1 REQUIERE ATENCIÓN, 2 ERROR, 3 CRITICAL',
    labelNames: [],
    samples: (s) => one(s.validationStatus),
  });
}

/** When data last arrived and left, and what the uploads sent, failed and left as dead letters. */
function registerFreshnessAndUploadMetrics(gauge: Register, counter: Register): void {
  gauge({
    name: 'ventas_last_successful_load_timestamp_seconds',
    help: 'Unix time the latest successful load finished',
    labelNames: [],
    samples: (s) => one(s.lastLoadSeconds),
  });
  gauge({
    name: 'ventas_last_successful_upload_timestamp_seconds',
    help: 'Unix time of the latest object uploaded or skipped as already present in S3',
    labelNames: [],
    samples: (s) => one(s.lastUploadSeconds),
  });
  counter({
    name: 'ventas_upload_bytes_total',
    help: 'Bytes of every object uploaded to S3 (skipped objects not counted)',
    labelNames: [],
    samples: (s) => one(s.uploadBytes),
  });
  counter({
    name: 'ventas_upload_failures_total',
    help: 'Objects whose upload failed',
    labelNames: [],
    samples: (s) => one(s.uploadFailures),
  });
  gauge({
    name: 'ventas_upload_dead_letters',
    help: 'Failed uploads waiting to be re-sent (unresolved dead letters)',
    labelNames: [],
    samples: (s) => one(s.deadLetters),
  });
}

/** The jobs' breakers, the alerts firing and the notifications that failed. */
function registerBreakerAndAlertMetrics(gauge: Register, counter: Register): void {
  gauge({
    name: 'ventas_breaker_open',
    help: 'Circuit breaker per job: 1 open, 0 closed',
    labelNames: ['job'],
    samples: (s) => s.breakers.map((b) => ({ labels: { job: b.job }, value: b.open ? 1 : 0 })),
  });
  gauge({
    name: 'ventas_breaker_consecutive_failures',
    help: 'Consecutive failures counted by the circuit breaker per job',
    labelNames: ['job'],
    samples: (s) => s.breakers.map((b) => ({ labels: { job: b.job }, value: b.consecutiveFailures })),
  });
  gauge({
    name: 'ventas_alerts_firing',
    help: 'Alert groups currently firing, per severity',
    labelNames: ['severity'],
    samples: (s) => Object.entries(s.alertsFiring).map(([severity, value]) => ({ labels: { severity }, value })),
  });
  counter({
    name: 'ventas_notifications_failed_total',
    help: 'Notifications that failed after their retries, per channel',
    labelNames: ['channel'],
    samples: (s) => Object.entries(s.notificationsFailed).map(([channel, value]) => ({ labels: { channel }, value })),
  });
}

/** From the process's own view of its read replicas (DATABASE_READ_URL), not from the database: no sample without replicas. */
function registerReplicaMetrics(registry: Registry, database: DatabaseHandle): void {
  new Gauge({
    name: 'ventas_db_replica_up',
    help: 'Per read replica (host:port): 1 when reads may use it, 0 when it could not be reached and is skipped',
    labelNames: ['replica'],
    registers: [registry],
    collect() {
      this.reset();
      for (const r of database.replicas()) this.set({ replica: r.name }, r.up ? 1 : 0);
    },
  });
}

/** Request durations by method, route label and status (never the raw path). */
function httpMetrics(registry: Registry): AppMetrics {
  const httpDuration = new Histogram({
    name: 'ventas_http_request_duration_seconds',
    help: 'HTTP request duration by method, matched route (never the raw path) and status',
    labelNames: ['method', 'route', 'status'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return {
    registry,
    observeRequest({ method, url, status, seconds }) {
      httpDuration.observe({ method: method ?? 'UNKNOWN', route: routeLabel(url), status: String(status) }, seconds);
    },
  };
}
