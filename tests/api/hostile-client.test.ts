// A hostile client against the real server over HTTP: every finding of issue 14 (API side) is one
// specification here. Unbounded lists, reading without a token, internals in answers, GraphiQL's weight
// and headers, subscriptions.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { loadAndValidate } from '../../src/jobs/load-and-validate.ts';
import type { JsonLog, LogLevel } from '../../src/log/json-log.ts';
import { apiServers, gql } from '../helpers/api-server.ts';
import { writeCleanData } from '../helpers/clean-data.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const server = apiServers();
const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** A log that keeps its lines in memory. */
function memoryLog(): JsonLog & { lines: Array<{ level: LogLevel; msg: string; fields: Record<string, unknown> }> } {
  const lines: Array<{ level: LogLevel; msg: string; fields: Record<string, unknown> }> = [];
  const log = {
    path: '',
    lines,
    write: (level: LogLevel, msg: string, fields: Record<string, unknown> = {}) => void lines.push({ level, msg, fields }),
    with: () => log,
  };
  return log;
}

describe('every list is bounded', () => {
  it('the issue query (unbounded nested products) is refused: lists are connections now', async () => {
    const s = await server();
    const { body } = await gql(
      s.url,
      '{ productos { categoria { productos { categoria { productos { categoria { productos { producto_id } } } } } } } }',
    );
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('every field that returns a list of objects takes `first`, or is a page, or a list bounded by the schema itself', async () => {
    const s = await server();
    const { body } = await gql(s.url, getIntrospectionQuery());
    // Lists whose length the schema fixes: a connection's page, one row per CSV file, per check, per uploaded
    // object; a profile's columns (one per profiled column of a table) and their top values (at most 5).
    const bounded = new Set(['CargaArchivo', 'ResultadoValidacion', 'UploadedObject', 'Resumen', 'PerfilColumna', 'ValorFrecuente']);
    const unwrap = (t: any): any => (t.ofType ? unwrap(t.ofType) : t);
    const isList = (t: any): boolean => t.kind === 'LIST' || (t.ofType ? isList(t.ofType) : false);
    const unbounded: string[] = [];
    for (const type of body.data.__schema.types) {
      if (type.kind !== 'OBJECT' || type.name.startsWith('__')) continue;
      for (const field of type.fields) {
        const item = unwrap(field.type);
        if (!isList(field.type) || item.kind !== 'OBJECT') continue;
        const isPageOfConnection = type.name.endsWith('Conexion') && (field.name === 'nodes' || field.name === 'edges');
        const takesFirst = field.args.some((a: { name: string }) => a.name === 'first');
        if (!isPageOfConnection && !takesFirst && !bounded.has(item.name)) unbounded.push(`${type.name}.${field.name}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it.each([
    [
      'nested pages of 100',
      'query { productos(first: 100) { nodes { categoria { productos(first: 100) { nodes { categoria { productos(first: 100) { nodes { producto_id } } } } } } } } }',
      {},
    ],
    [
      'page sizes in variables',
      'query($n: Int) { productos(first: $n) { nodes { categoria { productos(first: $n) { nodes { producto_id } } } } } }',
      { n: 100 },
    ],
    [
      'default page sizes (20), nested three times',
      '{ categorias { nodes { productos { nodes { categoria { productos { nodes { producto_id } } } } } } } }',
      {},
    ],
  ])('the cost limit counts page sizes along the path: %s is refused before any resolver runs', async (_name, query, variables) => {
    const s = await server();
    s.statements.length = 0;
    const { body } = await gql(s.url, query, variables);
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
    expect(body.errors?.[0]?.message).toMatch(/^query too complex: it may cost \d+, the limit is 5000/);
    expect(s.statements).toEqual([]);
  });

  it('a nested page larger than 100 is refused like a top-level one', async () => {
    const s = await server();
    const { body } = await gql(s.url, '{ categorias(first: 1) { nodes { productos(first: 101) { nodes { producto_id } } } } }');
    expect(body.errors?.[0]).toMatchObject({ message: 'first must be between 1 and 100, got 101', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('nested connections page with cursors and count', async () => {
    const s = await server();
    const first = await gql(
      s.url,
      '{ categorias(first: 1) { totalCount nodes { nombre productos(first: 1) { totalCount nodes { producto_id } pageInfo { hasNextPage endCursor } } } } }',
    );
    const category = first.body.data.categorias.nodes[0];
    expect(first.body.data.categorias.totalCount).toBe(4);
    expect(category.productos.nodes).toHaveLength(1);
    expect(category.productos.pageInfo.hasNextPage).toBe(category.productos.totalCount > 1);
    const next = await gql(
      s.url,
      'query($a: String) { categorias(first: 1) { nodes { productos(first: 100, after: $a) { nodes { producto_id } } } } }',
      { a: category.productos.pageInfo.endCursor },
    );
    expect(next.body.data.categorias.nodes[0].productos.nodes).toHaveLength(category.productos.totalCount - 1);
  });
});

describe('read access', () => {
  const Q = { query: '{ resumenPorCategoria { clave unidades } }' };

  it('with API_READ_TOKEN, a query without a token is a 401 with a code; the read and the admin token read', async () => {
    const s = await server({ readToken: 'lector', apiToken: 'admin' });
    const anonymous = await post(s.url, Q);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await post(s.url, Q, { authorization: 'Bearer wrong' })).status).toBe(401);
    for (const token of ['lector', 'admin']) {
      const res = await post(s.url, Q, { authorization: `Bearer ${token}` });
      expect(res.status).toBe(200);
      expect(((await res.json()) as any).data.resumenPorCategoria).toHaveLength(4);
    }
    const rest = await fetch(`${s.url}/ventas/resumen_por_categoria`);
    expect(rest.status).toBe(401);
    expect(await rest.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await fetch(`${s.url}/ventas/resumen_por_categoria`, { headers: { authorization: 'Bearer lector' } })).status).toBe(200);
    expect((await fetch(`${s.url}/health`)).status).toBe(200); // liveness stays open
  });

  it('browsers get a login form; signing in sets an HttpOnly, SameSite=Strict cookie that reads but never writes', async () => {
    const s = await server({ readToken: 'lector', apiToken: 'admin' });
    for (const path of ['/', '/graphql', '/runbooks/returns']) {
      const page = await fetch(s.url + path, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(401);
      const text = await page.text();
      expect(text).toContain('<form method="post" action="/login">');
      expect(text).toContain(`name="next" value="${path}"`);
    }
    const bad = await fetch(`${s.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'nope', next: '/' }),
      redirect: 'manual',
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();

    const login = await fetch(`${s.url}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token: 'admin', next: '//evil.example/' }),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/'); // never an open redirect
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain('admin'); // the cookie is an HMAC, not the token
    const cookie = setCookie.split(';')[0]!;

    const report = await fetch(`${s.url}/`, { headers: { accept: 'text/html', cookie } });
    expect(report.status).toBe(200);
    const read = await post(s.url, Q, { cookie });
    expect(read.status).toBe(200);
    const write = await post(s.url, { query: 'mutation { runValidation { id } }' }, { cookie });
    expect(((await write.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it("clients' names and e-mails need a token even when reading is open", async () => {
    const s = await server({ apiToken: 'admin' });
    const query =
      '{ clientes(first: 3) { nodes { cliente_id nombre email } } ventas(first: 1, filter: { cliente_id: 1 }) { nodes { cliente { cliente_id nombre } } } }';
    const anonymous = await gql(s.url, query);
    expect(anonymous.body.data.clientes.nodes.map((c: any) => [c.nombre, c.email])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    expect(anonymous.body.data.ventas.nodes[0].cliente).toEqual({ cliente_id: 1, nombre: null }); // still a known client
    expect(new Set(anonymous.body.errors!.map((e) => e.extensions?.code))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(JSON.stringify(anonymous.body)).not.toMatch(/@/);
    const withToken = await gql(s.url, query, {}, { authorization: 'Bearer admin' });
    expect(withToken.body.errors).toBeUndefined();
    expect(withToken.body.data.clientes.nodes[0].email).toMatch(/@/);

    const noTokens = await server();
    const { body } = await gql(noTokens.url, '{ cliente(cliente_id: 1) { email } }');
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('CORS is off unless CORS_ORIGINS lists the origin; credentials are never allowed', async () => {
    const closed = await server();
    const res = await post(closed.url, Q, { origin: 'https://evil.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();

    const s = await server({ corsOrigins: ['https://app.example'] });
    const listed = await post(s.url, Q, { origin: 'https://app.example' });
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(listed.headers.get('access-control-allow-credentials')).toBeNull();
    for (const init of <RequestInit[]>[
      { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/json' }, body: JSON.stringify(Q) },
      { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } },
    ]) {
      const other = await fetch(`${s.url}/graphql`, init);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(other.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('nothing internal reaches a client', () => {
  it('load and monitor messages name files by base name, carry no host, pid or path, and quote at most 200 characters', async () => {
    const s = await server();
    const db = new Database(s.dbPath);
    const header = 'x'.repeat(64 * 1024);
    db.prepare(
      `insert into cargas (iniciada_en, finalizada_en, fecha_corte, estado, error_codigo, error_archivo, error_mensaje, directorio, host, pid)
       values ('2025-01-02T00:00:00Z', '2025-01-02T00:00:01Z', '2025-01-02', 'error', 'missing_column', 'ventas.csv', ?, '/srv/secret/data', 'db-host-7', 4242)`,
    ).run(`ventas.csv: missing column cantidad in /srv/secret/data/ventas.csv (pid 4242 on db-host-7); header: "${header}"`);
    db.prepare(
      `insert into monitor_ejecuciones (iniciada_en, finalizada_en, host, pid, archivo, paso, resultado, detalle)
       values ('2025-01-02T00:00:00Z', '2025-01-02T00:00:01Z', 'db-host-7', 4242, '/srv/secret/data/ventas.csv', 'load', 'load_failed', ?)`,
    ).run('the process of this run (pid 4242 on db-host-7) is gone; C:\\Users\\ops\\ventas.csv and /home/ops/.ssh/id_rsa were open');
    db.close();
    const { body } = await gql(s.url, '{ cargas(first: 1) { error_mensaje } monitorEjecuciones(first: 1) { archivo detalle } }');
    expect(body.errors).toBeUndefined();
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/\/srv|\/home|C:\\\\|db-host-7|4242/);
    const message: string = body.data.cargas[0].error_mensaje;
    expect(message).toMatch(/^ventas\.csv: missing column cantidad in ventas\.csv; header: "x{200}…"$/);
    expect(body.data.monitorEjecuciones[0]).toEqual({
      archivo: 'ventas.csv',
      detalle: 'the process of this run is gone; ventas.csv and id_rsa were open',
    });
    // The database (what the server log and operators read) keeps the full message.
    const kept = new Database(s.dbPath, { readonly: true });
    expect(
      (kept.prepare('select error_mensaje from cargas order by id desc limit 1').get() as { error_mensaje: string }).error_mensaje.length,
    ).toBeGreaterThan(64 * 1024);
    kept.close();
  });

  it('monitor runs no longer expose their host and pid as fields', async () => {
    const s = await server();
    const { body } = await gql(s.url, '{ __type(name: "EjecucionMonitor") { fields { name } } }');
    const names = body.data.__type.fields.map((f: { name: string }) => f.name);
    expect(names).not.toContain('host');
    expect(names).not.toContain('pid');
  });

  it('a failed reload names the folder by its base name only', async () => {
    const s = await server({ apiToken: 's3cret' });
    const { body } = await gql(
      s.url,
      'mutation { reload(dataDir: "docs") { estado error_mensaje } }',
      {},
      { authorization: 'Bearer s3cret' },
    );
    expect(body.data.reload.estado).toBe('error');
    expect(body.data.reload.error_mensaje).toBe('productos.csv: file not found in docs');
  });

  it('malformed JSON is a 400 with a code that neither echoes the body nor sends originalError', async () => {
    const s = await server();
    const res = await post(s.url, '{"query": "{ categorias { totalCount } }", secret-body-text');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe('GraphiQL and headers', () => {
  it('GraphiQL is served compressed with an ETag (304 on If-None-Match), a CSP, nosniff and no framing', async () => {
    const s = await server();
    const res = await fetch(`${s.url}/graphql`, { headers: { accept: 'text/html', 'accept-encoding': 'br, gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(Number(res.headers.get('content-length'))).toBeLessThan(3 * 1024 * 1024); // 9 MB uncompressed
    expect(await res.text()).toContain('<title>Ventas: GraphQL explorer</title>');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'(;|$)/); // its own inline script only
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);

    const gzip = await fetch(`${s.url}/graphql`, { headers: { accept: 'text/html', 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('etag')).toBe(etag);
    await gzip.arrayBuffer();

    const again = await fetch(`${s.url}/graphql`, { headers: { accept: 'text/html', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it('GraphiQL is built once: 8 clients get 32 pages in well under two seconds', async () => {
    const s = await server();
    // The raw bytes as sent (fetch would spend the time decompressing 9 MB per page on the client side).
    const getRaw = () =>
      new Promise<number>((ok, fail) => {
        const req = httpGet(`${s.url}/graphql`, { headers: { accept: 'text/html', 'accept-encoding': 'br' } }, (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () => ok(n));
        });
        req.on('error', fail);
      });
    const size = await getRaw(); // the one build
    const started = performance.now();
    const sizes = await Promise.all(
      Array.from({ length: 8 }, async () => [await getRaw(), await getRaw(), await getRaw(), await getRaw()]),
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`GraphiQL: ${size} bytes (brotli), 32 pages from 8 clients in ${seconds.toFixed(2)} s (${Math.round(32 / seconds)} req/s)`);
    expect(sizes.flat().every((n) => n === size)).toBe(true);
    expect(seconds).toBeLessThan(2);
  });

  it.each([
    [
      'GraphQL',
      '/graphql',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ resumenPorCategoria { clave } }"}' },
    ],
    ['REST', '/ventas/resumen_por_categoria', {}],
    ['health', '/health', {}],
    ['not found', '/nope', {}],
  ])('every JSON response sends nosniff: %s', async (_name, path, init) => {
    const s = await server();
    const res = await fetch(s.url + path, init);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('subscriptions', () => {
  it('a subscription is a 400 with a code, and nothing is logged as an error', async () => {
    const log = memoryLog();
    const s = await server({ log });
    const res = await post(s.url, { query: 'subscription { ventas { totalCount } }' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'SUBSCRIPTIONS_NOT_SUPPORTED' } }] });
    expect(log.lines.filter((l) => l.level !== 'info' || JSON.stringify(l.fields).includes('stack'))).toEqual([]);
  });
});

describe('10,000 products in one category, against `npm start` in its own process', () => {
  const newDir = tempDirs();
  let child: ChildProcess | null = null;
  afterAll(() => void child?.kill('SIGTERM'));

  async function freePort(): Promise<number> {
    const srv = createServer();
    await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
    const { port } = srv.address() as { port: number };
    await new Promise((ok) => srv.close(ok));
    return port;
  }

  /** Peak resident memory of a process so far, in MiB (Linux). */
  const peakRssMiB = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)![1]) / 1024;

  it('the issue query and its connection forms are refused or answered small and fast; the server stays under 300 MB', async () => {
    const dir = newDir();
    const products = Array.from({ length: 10_000 }, (_, i) => `${i + 5},Producto ${i + 5},Electronicos,1.00`);
    writeCleanData(dir, { productos: products });
    const dbPath = join(dir, 'empresa.db');
    const setup = openDatabase(dbPath);
    await migrateToLatest(setup);
    await loadAndValidate(setup, { dataDir: dir, asOf: '2025-01-01', origin: 'test' });
    await setup.destroy();

    const port = await freePort();
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: dbPath,
        LOG_DIR: join(dir, 'logs'),
        PORT: String(port),
        HOST: '',
        API_READ_TOKEN: '',
        CORS_ORIGINS: '',
      },
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const deadline = Date.now() + 60_000;
    while (!out.includes('health:')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    // HOST unset: loopback only, and `npm start` says so.
    expect(out).toContain('host:      127.0.0.1, this machine only');
    const url = `http://127.0.0.1:${port}`;
    const startRss = peakRssMiB(child.pid!);

    const queries: Array<[string, string, 'refused' | 'answered']> = [
      [
        'the issue query',
        '{ productos { categoria { productos { categoria { productos { categoria { productos { producto_id } } } } } } } }',
        'refused',
      ],
      [
        'pages of 100, three deep',
        '{ productos(first: 100) { nodes { categoria { productos(first: 100) { nodes { categoria { productos(first: 100) { nodes { producto_id } } } } } } } } }',
        'refused',
      ],
      [
        'pages of 100, two deep',
        '{ productos(first: 100) { nodes { categoria { productos(first: 100) { nodes { producto_id nombre } } } } } }',
        'refused',
      ],
      [
        'default pages, three deep',
        '{ productos { nodes { categoria { productos { nodes { categoria { productos { nodes { producto_id } } } } } } } } }',
        'refused',
      ],
      [
        'the largest page the limit allows',
        '{ productos(first: 100) { nodes { producto_id nombre precio categoria { nombre productos(first: 10) { totalCount nodes { producto_id nombre } } } } } }',
        'answered',
      ],
    ];
    for (const [name, query, expected] of queries) {
      const started = performance.now();
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const raw = Buffer.from(await res.arrayBuffer());
      const ms = performance.now() - started;
      const bytes = raw.length;
      const body = JSON.parse(raw.toString('utf8'));
      console.log(
        `10k products, ${name}: ${expected}, ${Math.round(ms)} ms, ${bytes} bytes, peak RSS ${Math.round(peakRssMiB(child.pid!))} MiB`,
      );
      if (expected === 'refused') expect(body.errors?.[0]?.extensions?.code).toMatch(/^(GRAPHQL_VALIDATION_FAILED|QUERY_TOO_COMPLEX)$/);
      else {
        expect(body.errors).toBeUndefined();
        expect(body.data.productos.nodes).toHaveLength(100);
        expect(body.data.productos.nodes[0].categoria.productos.totalCount).toBe(10_001);
      }
      expect(ms).toBeLessThan(1000);
      expect(bytes).toBeLessThan(1024 * 1024);
    }
    console.log(`peak RSS after start ${Math.round(startRss)} MiB, after the queries ${Math.round(peakRssMiB(child.pid!))} MiB`);
    expect(peakRssMiB(child.pid!)).toBeLessThan(300);
    expect(peakRssMiB(child.pid!) - startRss).toBeLessThan(50);
  }, 120_000);
});
