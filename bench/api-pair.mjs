// Paired A/B of two API servers on one database, for a machine too busy for absolute figures:
//   node bench/api-pair.mjs '{"servers":[{"name":"A","cwd":"/path/a","env":{"DATABASE_URL":"..."}},{"name":"B","cwd":".","env":{...,"WEB_CONCURRENCY":"2"}}],
//                              "path":"/graphql","body":"{\"query\":\"...\"}","connections":10,"seconds":8,"rounds":4}'
// Each server is `bench/serve-app.ts` of its own checkout (cwd), started side by side; after a 3 s warm-up each,
// rounds alternate which goes first. Prints each round (req/s, p50/p99 over every response, server CPU per
// response counting worker processes) and the medians. Used for BENCHMARKS.md's issue-17 rows.
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
const [, , configJson] = process.argv;
const cfg = JSON.parse(configJson); // { servers: [{name, cwd, env}], path, body?, connections, seconds, rounds }
const children = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});
import { readFileSync } from 'node:fs';
function cpu(pid) {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    let t = (Number(f[11]) + Number(f[12])) / 100;
    for (const c of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) t += cpu(Number(c));
    return t;
  } catch {
    return 0;
  }
}
const pids = [];
async function start(s) {
  const n = Number(s.env.WEB_CONCURRENCY ?? 1);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/serve-app.ts'], {
    cwd: s.cwd,
    env: { ...process.env, NODE_ENV: 'production', PORT: '0', ...s.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  pids.push(child.pid);
  return new Promise((res) => {
    let seen = '';
    child.stdout.on('data', (c) => {
      seen += c;
      const l = [...seen.matchAll(/^listening (\d+)$/gm)];
      if (l.length >= n) res(`http://127.0.0.1:${l[0][1]}`);
    });
  });
}
const req = cfg.body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: cfg.body } : {};
async function run(url, seconds, pid) {
  const times = [];
  const c0 = cpu(pid);
  const inst = autocannon({ url: url + cfg.path, connections: cfg.connections, duration: seconds, ...req });
  inst.on('response', (_c, status, _b, ms) => {
    if (status >= 200 && status < 300) times.push(ms);
  });
  const r = await inst;
  if (r.non2xx || r.errors) throw new Error(`non2xx ${r.non2xx} errors ${r.errors}`);
  times.sort((a, b) => a - b);
  const p = (q) => times[Math.max(0, Math.ceil(q * times.length) - 1)];
  return { rps: r.requests.average, p50: p(0.5), p99: p(0.99), cpuUs: ((cpu(pid) - c0) / times.length) * 1e6 };
}
const urls = [];
for (const s of cfg.servers) urls.push(await start(s));
for (const u of urls) await run(u, 3);
const results = cfg.servers.map(() => []);
for (let r = 0; r < cfg.rounds; r++) {
  const order = r % 2 === 0 ? [0, 1] : [1, 0];
  for (const i of order) {
    const m = await run(urls[i], cfg.seconds, pids[i]);
    results[i].push(m);
    console.log(
      `round ${r + 1} ${cfg.servers[i].name}: ${Math.round(m.rps)} req/s p50 ${m.p50.toFixed(2)} p99 ${m.p99.toFixed(2)} ms, server CPU ${Math.round(m.cpuUs)} µs/request`,
    );
  }
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (let i = 0; i < cfg.servers.length; i++) {
  const rs = results[i];
  console.log(
    `median ${cfg.servers[i].name}: ${Math.round(med(rs.map((m) => m.rps)))} req/s p50 ${med(rs.map((m) => m.p50)).toFixed(2)} p99 ${med(rs.map((m) => m.p99)).toFixed(2)} ms, server CPU ${Math.round(med(rs.map((m) => m.cpuUs)))} µs/request (${rs.length} rounds)`,
  );
}
process.exit(0);
