// The report's static assets, read once at start-up and served from memory (gzipped when the client
// accepts it): its stylesheet and script from this folder, Chart.js from node_modules. No CDN.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface Asset {
  type: string;
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const chartDir = dirname(createRequire(import.meta.url).resolve('chart.js'));

const SOURCES: Record<string, [path: string, type: string]> = {
  '/assets/report.css': [join(here, 'public', 'report.css'), 'text/css; charset=utf-8'],
  '/assets/report.js': [join(here, 'public', 'report.js'), 'text/javascript; charset=utf-8'],
  '/assets/chart.umd.min.js': [join(chartDir, 'chart.umd.min.js'), 'text/javascript; charset=utf-8'],
};

let loaded: Map<string, Asset> | null = null;

export function assets(): Map<string, Asset> {
  if (loaded) return loaded;
  loaded = new Map();
  for (const [url, [path, type]] of Object.entries(SOURCES)) {
    const body = readFileSync(path);
    loaded.set(url, {
      type,
      body,
      gzipped: gzipSync(body),
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    });
  }
  return loaded;
}
