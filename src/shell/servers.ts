import { timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { ListenAddress } from './address.js';
import { isLoopbackHost } from './address.js';

export interface RunningServer {
  /** `http://host:port` as bound (the real port when 0 was asked). */
  readonly url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly address: ListenAddress;
  /** Required off loopback: requests must send `Authorization: Bearer <token>`. */
  readonly token?: string;
}

type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** `/metrics` in Prometheus text format from the given registry. */
export function startMetricsServer(options: ServerOptions & { readonly registry: Registry }): Promise<RunningServer> {
  return startServer(options, {
    '/metrics': async (_req, res) => {
      const body = await options.registry.metrics();
      res.writeHead(200, { 'content-type': options.registry.contentType }).end(body);
    },
  });
}

/**
 * `/healthz` answers 200 while the process serves at all; `/readyz` answers 200 once the caches
 * synced. A standby replica under leader election is ready too: readiness is about being able to
 * take over, and gating it on leadership would make a Deployment's rollout wait forever.
 */
export function startHealthServer(
  options: ServerOptions & { readonly isReady: () => boolean },
): Promise<RunningServer> {
  return startServer(options, {
    '/healthz': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n'),
    '/livez': (_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n'),
    '/readyz': (_req, res) => {
      const ready = options.isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ok\n' : 'not ready\n');
    },
  });
}

async function startServer(options: ServerOptions, routes: Record<string, Route>): Promise<RunningServer> {
  const { host, port } = options.address;
  const token = options.token ?? '';
  if (!isLoopbackHost(host) && token === '') {
    throw new Error(`serving on ${host} needs a bearer token (--server-token-file); only loopback may go without`);
  }
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes[path];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (token !== '' && !hasToken(req, token)) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    Promise.resolve(route(req, res)).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function hasToken(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const expected = Buffer.from(`Bearer ${token}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
