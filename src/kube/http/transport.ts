import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { Agent, IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RequestOptions } from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Clock } from '../../lib/clock.js';
import { statusToKubeError, toKubeError } from './errors.js';

export interface TransportResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface SendOptions {
  readonly body?: unknown;
  readonly contentType?: string;
}

/**
 * One REST call at a time over client-node's own auth and TLS machinery
 * (`applyToHTTPSOptions`: tokens, exec plugins, client certs, CA, proxies), with our own body
 * handling so responses stay plain JSON (the generated clients turn timestamps into Dates).
 * Fails only with KubeError. Headers, which may carry a bearer token, never reach an error.
 */
export class HttpTransport {
  private agent: Agent | undefined;

  constructor(
    private readonly kc: KubeConfig,
    private readonly clock: Clock,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Drops pooled connections (on shutdown). */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  async send(method: string, path: string, options: SendOptions = {}): Promise<TransportResponse> {
    const cluster = this.kc.getCurrentCluster();
    if (cluster === null) throw toKubeError(new Error('kubeconfig has no current cluster'));
    let requestOptions: RequestOptions;
    try {
      requestOptions = { headers: {} };
      await this.kc.applyToHTTPSOptions(requestOptions);
    } catch (error) {
      throw toKubeError(error);
    }
    const url = new URL(cluster.server.replace(/\/$/, '') + path);
    // One keep-alive pool per client (client-node makes a fresh agent per call); TLS material
    // and credentials are re-applied per request. Proxies keep client-node's proxy agent.
    this.agent ??=
      cluster.proxyUrl !== undefined && requestOptions.agent instanceof HttpAgent
        ? requestOptions.agent
        : url.protocol === 'http:'
          ? new HttpAgent({ keepAlive: true })
          : new HttpsAgent({ keepAlive: true });
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: OutgoingHttpHeaders = {
      ...(requestOptions.headers as OutgoingHttpHeaders | undefined),
      Accept: 'application/json',
      ...(payload === undefined
        ? {}
        : { 'Content-Type': options.contentType ?? 'application/json', 'Content-Length': payload.length }),
    };
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const {
      status,
      headers: responseHeaders,
      text,
    } = await new Promise<{
      status: number;
      headers: IncomingHttpHeaders;
      text: string;
    }>((resolve, reject) => {
      const req = send(
        url,
        { method, headers, ...(this.agent === undefined ? {} : { agent: this.agent }), ...tlsOf(requestOptions) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
      );
      req.on('error', reject);
      req.end(payload);
    }).catch((error: unknown) => {
      throw toKubeError(error);
    });
    if (status < 200 || status >= 300) {
      const retryAfter = responseHeaders['retry-after'];
      throw statusToKubeError(status, text, { retryAfter, nowMs: this.clock.now() });
    }
    return { status, body: parseJson(text) };
  }
}

function tlsOf(options: RequestOptions): RequestOptions {
  const out: RequestOptions = {};
  if (options.ca !== undefined) out.ca = options.ca;
  if (options.cert !== undefined) out.cert = options.cert;
  if (options.key !== undefined) out.key = options.key;
  if (options.rejectUnauthorized !== undefined) out.rejectUnauthorized = options.rejectUnauthorized;
  if (options.servername !== undefined) out.servername = options.servername;
  if (options.auth !== undefined) out.auth = options.auth;
  return out;
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw toKubeError(Object.assign(new Error(`response is not JSON: ${text.slice(0, 200)}`), { cause: error }));
  }
}
