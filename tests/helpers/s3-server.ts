// A real S3-compatible server (s3rver) on loopback, and a proxy in front of it that injects faults.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export const S3_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export interface S3TestServer {
  endpoint: string;
  close(): Promise<void>;
}

export async function startS3(buckets: string[]): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export type Fault = '500' | '503' | 'drop' | null;

export interface FaultProxy {
  endpoint: string;
  /** Requests seen, as "METHOD path?query". */
  seen: string[];
  /** Decides the fault for each request (called with its method and URL and its 0-based index). */
  faultFor: (req: IncomingMessage, index: number) => Fault;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const to = new URL(target);
  const proxy: FaultProxy = { endpoint: '', seen: [], faultFor: () => null, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const index = proxy.seen.push(`${req.method} ${req.url}`) - 1;
    const fault = proxy.faultFor(req, index);
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault) {
      req.resume();
      req.on('end', () => {
        res.writeHead(Number(fault), { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault === '503' ? 'SlowDown' : 'InternalError'}</Code><Message>injected</Message></Error>`,
        );
      });
      return;
    }
    // Forwarded untouched (the Host header too: it is part of the request's signature).
    const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () => new Promise<void>((ok) => server.close(() => ok()));
  return proxy;
}
