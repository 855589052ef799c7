import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ObjectStore } from '../cluster/store.js';
import type { Clock } from '../lib/clock.js';
import type { ApiHandler } from './handler.js';
import { createApiHandler } from './handler.js';
import { errorResponse } from './status.js';
import { isStreaming } from './watch-stream.js';
import { KubeError } from '../kube/errors.js';

const MAX_BODY_BYTES = 3 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export interface ApiServerOptions {
  readonly store: ObjectStore;
  readonly clock: Clock;
  /** Default 127.0.0.1. Any other address needs `tls` and `token`. */
  readonly host?: string;
  /** Default 0 (a free port). */
  readonly port?: number;
  readonly token?: string;
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  readonly onInternalError?: (error: unknown) => void;
}

export interface RunningApiServer {
  /** e.g. `http://127.0.0.1:41234`, for `kubectl --server`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host);
}

/**
 * Serves the handler over node:http (or https). Off loopback, plain HTTP or a missing token is
 * refused at start-up: the embedded cluster is never exposed unauthenticated.
 */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && (options.tls === undefined || options.token === undefined || options.token === '')) {
    throw new Error(
      `serving on ${host} needs TLS (a certificate and key) and a bearer token; only loopback may use plain HTTP`,
    );
  }
  const scheme = options.tls === undefined ? 'http' : 'https';
  let port = options.port ?? 0;
  const handler = createApiHandler({
    store: options.store,
    clock: options.clock,
    token: options.token,
    serverAddress: `${host}:${port}`,
    onInternalError: options.onInternalError,
  });
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    void serveNode(handler, `${scheme}://${req.headers.host ?? host}`, req, res);
  };
  const server: Server =
    options.tls === undefined
      ? createHttpServer(listener)
      : createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${scheme}://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Watches hold their connections open; cut them so close() finishes.
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new KubeError(413, 'RequestEntityTooLarge', 'the request body is too large');
    chunks.push(buffer);
  }
  return chunks.length === 0 ? undefined : Buffer.concat(chunks);
}

async function serveNode(handler: ApiHandler, origin: string, req: IncomingMessage, res: ServerResponse) {
  const aborter = new AbortController();
  // `res` close, not `req` close: since Node 16 the request closes as soon as its body is read.
  res.on('close', () => aborter.abort());
  let response: Response;
  try {
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) for (const v of value) headers.append(key, v);
      else if (value !== undefined) headers.set(key, value);
    }
    const method = req.method ?? 'GET';
    const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
    response = await handler(
      new Request(new URL(req.url ?? '/', origin), {
        method,
        headers,
        signal: aborter.signal,
        ...(body === undefined ? {} : { body }),
      }),
    );
  } catch (error) {
    response = errorResponse(
      error instanceof KubeError ? error : new KubeError(400, 'BadRequest', 'the request could not be read'),
    );
  }
  await writeResponse(response, res);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (response.body === null) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  if (!isStreaming(response)) {
    // Whole bodies in one write with a Content-Length: no stream reader per request.
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
    return;
  }
  res.writeHead(response.status, headers);
  // Watches: send headers now, or informers wait for the first event before `start()` resolves.
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.writableEnded) res.write(value);
    }
  } catch {
    // The client went away mid-stream; nothing left to tell it.
  }
  if (!res.writableEnded) res.end();
}
