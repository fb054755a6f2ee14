// The /metrics HTTP endpoint (node:http, no framework). GET /metrics = text exposition of one
// Registry, GET /healthz = "ok", anything else 404 (405 for other methods on known paths).

import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';

export interface MetricsServer {
  host: string;
  port: number; // the actual port (useful when asked for port 0)
  close(): Promise<void>;
}

export const MAX_CONNECTIONS = 32;

export class MetricsServerError extends Error {
  override name = 'MetricsServerError';
}

export async function serveMetrics(registry: Registry, host: string, port: number): Promise<MetricsServer> {
  if (typeof host !== 'string' || host.length === 0) {
    throw new MetricsServerError(`metrics.host must be a non-empty string, got ${JSON.stringify(host)}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new MetricsServerError(`metrics.port must be an integer in 0..65535, got ${String(port)}`);
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const known = path === '/metrics' || path === '/healthz';
    if (!known) return reply(res, 404, 'text/plain', `not found: ${path} (try /metrics or /healthz)\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return reply(res, 405, 'text/plain', `method ${req.method} not allowed\n`);
    }
    if (path === '/healthz') return reply(res, 200, 'text/plain', 'ok\n');
    registry.metrics().then(
      (body) => reply(res, 200, registry.contentType, body),
      (err: unknown) => reply(res, 500, 'text/plain', `collecting metrics failed: ${String(err)}\n`),
    );
  });
  // Bounded: a scraper (or a stranger) holding connections open cannot exhaust the coordinator's sockets or
  // memory, nor keep a slow request alive: at most MAX_CONNECTIONS at once, headers within 5 s, a whole
  // request within 10 s, idle keep-alive 5 s.
  server.maxConnections = MAX_CONNECTIONS;
  server.headersTimeout = 5000;
  server.requestTimeout = 10_000;
  server.keepAliveTimeout = 5000;
  server.maxHeadersCount = 64;

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(new MetricsServerError(`metrics server cannot listen on ${host}:${port}: ${err.code ?? err.message}`));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  return {
    host,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function reply(res: http.ServerResponse, code: number, type: string, body: string): void {
  res.writeHead(code, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
