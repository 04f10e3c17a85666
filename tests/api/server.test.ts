import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateData } from '../../src/datagen/generate.ts';
import { openDatabase } from '../../src/db/connect.ts';
import { processIsAlive } from '../../src/process/liveness.ts';
import { tempDirs } from '../helpers/temp-dir.ts';

const newDir = tempDirs();

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const { port } = srv.address() as { port: number };
  await new Promise((ok) => srv.close(ok));
  return port;
}

async function start(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env: { ...process.env, ...env } });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 30_000;
  while (!out.includes('serving ')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  child.kill('SIGTERM');
  return exited;
}

describe('npm start', () => {
  it('migrates and loads the bundled data on a fresh database, raising its validation alerts, then serves; a restart does not load again', async () => {
    const dir = newDir();
    const port = await freePort();
    const env = { DATABASE_URL: join(dir, 'db', 'empresa.db'), LOG_DIR: join(dir, 'logs'), PORT: String(port) };
    const first = await start(env);
    expect(first.output()).toContain('no load yet: loading data');
    expect(first.output()).toMatch(/ventas\.csv\s+read\s+5500/);
    const health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
    expect(health).toMatchObject({ status: 'ready', lastLoad: { id: 1 } });
    const summary = await (await fetch(`http://127.0.0.1:${port}/ventas/resumen_por_categoria`)).json();
    expect(Object.keys(summary)).toHaveLength(4);
    expect(first.output()).toContain(`report:    http://localhost:${port}/`);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.status).toBe(200);
    const { files } = JSON.parse(readFileSync('data/manifest.json', 'utf8'));
    expect(await page.text()).toContain(
      `<tr data-archivo="ventas.csv"><th scope="row">ventas.csv</th><td class="num" data-value="${files.ventas.read}">`,
    );
    expect(first.output()).toContain('mutations are disabled');
    expect(await stop(first.child)).toBe(0);

    const second = await start(env);
    expect(second.output()).not.toContain('no load yet');
    await stop(second.child);
    const db = openDatabase(env.DATABASE_URL);
    const loads = await db.selectFrom('cargas').select('id').execute();
    // The first load's validation raised its alerts like any validation run (the bundled data fails some checks).
    const failedChecks = await db.selectFrom('validacion_resultados').select('codigo').where('aprobado', '=', 0).execute();
    const alerts = await db.selectFrom('alertas').select(['codigo', 'fuente']).where('fuente', '=', 'validation').execute();
    await db.destroy();
    expect(loads).toHaveLength(1);
    expect(failedChecks.length).toBeGreaterThan(0);
    expect(alerts.map((a) => a.codigo).sort()).toEqual(failedChecks.map((c) => c.codigo).sort());
  });

  it('on a file that is not a database, exits 12 with one line naming it, never a stack trace', async () => {
    const dir = newDir();
    const file = join(dir, 'empresa.db');
    writeFileSync(file, 'not a database '.repeat(500));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, DATABASE_URL: file, LOG_DIR: join(dir, 'logs'), PORT: '0' },
    });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((ok) => child.once('exit', ok));
    expect(code).toBe(12);
    expect(out).toBe('');
    expect(err).toBe(`error: cannot start: cannot open the database at ${file}: file is not a database (SQLITE_NOTADB)\n`);
  });

  it('on SIGTERM during a reload, stops the reload (rolled back, recorded interrumpida) and exits 0', async () => {
    const dir = newDir();
    const port = await freePort();
    await generateData({ out: join(dir, 'large'), sales: 200_000, seed: 7 });
    const env = {
      DATABASE_URL: join(dir, 'empresa.db'),
      LOG_DIR: join(dir, 'logs'),
      PORT: String(port),
      API_TOKEN: 's3cret',
      DATA_ROOT: dir,
    };
    const server = await start(env);
    const reload = fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' },
      body: JSON.stringify({ query: 'mutation { reload(dataDir: "large", allowDrop: true) { id estado } }' }),
    }).then((r) => r.json());
    const db = openDatabase(env.DATABASE_URL);
    try {
      const loading = async () => db.selectFrom('cargas').select(['id', 'estado', 'pid']).where('id', '=', 2).executeTakeFirst();
      const deadline = Date.now() + 30_000;
      while ((await loading())?.estado !== 'en_curso') {
        if (Date.now() > deadline) throw new Error('the reload did not start');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await stop(server.child)).toBe(0);
      expect(await reload).toEqual({ data: { reload: { id: 2, estado: 'interrumpida' } } });
      const load = (await loading())!;
      expect(load.estado).toBe('interrumpida');
      expect(processIsAlive(Number(load.pid))).toBe(false); // the load's own process, gone with it
    } finally {
      await db.destroy();
    }
  });
});
