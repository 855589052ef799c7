// Test support: a fault-injecting HTTP proxy between a Kubernetes client and an API server.
import { Agent, createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Random } from '../../src/lib/random.js';

/** Answer matching requests with an error instead of forwarding them. */
export interface FailureRule {
  readonly status: number;
  /** The Status `reason`; apimachinery's name for the code unless told. */
  readonly reason?: string;
  /** Sent as the `Retry-After` header (seconds). */
  readonly retryAfterSeconds?: number;
  /** Share of matching requests that fail, drawn from the proxy's seeded Random; 1 unless told. */
  readonly fraction?: number;
  /** Only these methods; every method when absent. */
  readonly methods?: readonly string[];
  /** Only paths (without query) matching this; every path when absent. */
  readonly path?: RegExp;
  /** Watch requests too; false unless told, since watches have their own fault (`cutWatches`). */
  readonly watches?: boolean;
  /**
   * Forward the request first and lose the server's answer: the write happened, the client is
   * told it failed (a timeout after commit). False unless told.
   */
  readonly afterForward?: boolean;
}

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly watch: boolean;
  /** The status the client saw: the upstream's, or the injected one. */
  readonly status: number;
  readonly injected: boolean;
  /** The API server's own status when the request reached it (0 when it did not). */
  readonly upstreamStatus: number;
  /** `performance.now()` when the proxy received the request (before any added latency). */
  readonly receivedAt: number;
}

const REASONS: Readonly<Record<number, string>> = {
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/**
 * Forwards every request and stream (watches are long-lived chunked responses) to `upstream`, and
 * on command cuts open watches, refuses new ones for a while, answers errors with a Kubernetes
 * Status body, or adds latency. Bound to 127.0.0.1. Time here is the wall clock: the proxy is
 * test plumbing around a real-time stack.
 */
export class FaultProxy {
  /** Every request in arrival order, with what the client was answered. */
  readonly log: ProxiedRequest[] = [];
  private readonly server: Server;
  private readonly agent = new Agent({ keepAlive: true });
  private readonly openWatches = new Set<ServerResponse>();
  private readonly random: Random;
  private rules: FailureRule[] = [];
  private latencyMs = 0;
  private refuseWatchesUntil = 0;
  private expireResumes = false;
  private watchesCut = 0;

  private constructor(
    private readonly upstream: URL,
    seed: number,
  ) {
    this.random = new Random(seed);
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(upstream: string, seed = 1): Promise<FaultProxy> {
    const proxy = new FaultProxy(new URL(upstream), seed);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Watches streaming right now. */
  get watchCount(): number {
    return this.openWatches.size;
  }

  /** Watch streams cut so far. */
  get cutCount(): number {
    return this.watchesCut;
  }

  /** Destroys every open watch mid-stream; new watches are refused (connection reset) for `refuseForMs`. */
  cutWatches(refuseForMs = 0): number {
    const cut = this.openWatches.size;
    for (const res of this.openWatches) res.destroy();
    this.openWatches.clear();
    this.watchesCut += cut;
    this.refuseWatchesUntil = Math.max(this.refuseWatchesUntil, performance.now() + refuseForMs);
    return cut;
  }

  /**
   * While on, a watch that resumes from a resourceVersion gets a 410 Expired ERROR event and an
   * end instead, as when the server's history no longer reaches back that far: clients relist.
   */
  expireWatchResumes(on: boolean): void {
    this.expireResumes = on;
  }

  fail(rule: FailureRule): void {
    this.rules.push(rule);
  }

  delay(ms: number): void {
    this.latencyMs = ms;
  }

  /** Lets everything through again (watches already cut stay cut). */
  heal(): void {
    this.rules = [];
    this.latencyMs = 0;
    this.refuseWatchesUntil = 0;
    this.expireResumes = false;
  }

  async close(): Promise<void> {
    this.cutWatches();
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://proxy');
    const watch = url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
    const record = (status: number, injected: boolean, upstreamStatus = 0) =>
      this.log.push({ method, path: url.pathname, watch, status, injected, upstreamStatus, receivedAt });
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    if (watch && performance.now() < this.refuseWatchesUntil) {
      record(0, true);
      req.socket.destroy();
      return;
    }
    const resourceVersion = url.searchParams.get('resourceVersion') ?? '';
    if (watch && this.expireResumes && resourceVersion !== '' && resourceVersion !== '0') {
      record(410, true);
      req.resume();
      sendExpired(res, resourceVersion);
      return;
    }
    // Each matching rule draws in turn, so "30 % 429, the rest 500" is two rules.
    const rule = this.rules.find(
      (r) => this.matches(r, method, url.pathname, watch) && this.random.next() < (r.fraction ?? 1),
    );
    if (rule !== undefined && rule.afterForward !== true) {
      record(rule.status, true);
      req.resume();
      sendStatus(res, rule);
      return;
    }
    this.forward(req, res, { method, watch, lose: rule }, record);
  }

  private matches(rule: FailureRule, method: string, path: string, watch: boolean): boolean {
    if (watch && rule.watches !== true) return false;
    if (rule.methods !== undefined && !rule.methods.includes(method)) return false;
    return rule.path === undefined || rule.path.test(path);
  }

  private forward(
    req: IncomingMessage,
    res: ServerResponse,
    about: { method: string; watch: boolean; lose: FailureRule | undefined },
    record: (status: number, injected: boolean, upstreamStatus: number) => void,
  ): void {
    const upstream = request(
      {
        host: this.upstream.hostname,
        port: this.upstream.port,
        method: about.method,
        path: req.url,
        headers: { ...req.headers, host: this.upstream.host },
        agent: this.agent,
      },
      (answer) => {
        const upstreamStatus = answer.statusCode ?? 0;
        if (about.lose !== undefined) {
          record(about.lose.status, true, upstreamStatus);
          answer.resume();
          sendStatus(res, about.lose);
          return;
        }
        record(upstreamStatus, false, upstreamStatus);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        if (about.watch) {
          res.flushHeaders();
          this.openWatches.add(res);
          res.on('close', () => {
            this.openWatches.delete(res);
            answer.destroy();
          });
        }
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) sendStatus(res, { status: 502, reason: 'ServiceUnavailable' });
      else res.destroy();
    });
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }
}

function sendStatus(res: ServerResponse, rule: Pick<FailureRule, 'status' | 'reason' | 'retryAfterSeconds'>): void {
  const reason = rule.reason ?? REASONS[rule.status] ?? 'InternalError';
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `injected by the fault proxy: ${rule.status} ${reason}`,
    reason,
    code: rule.status,
  });
  res.writeHead(rule.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    ...(rule.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(rule.retryAfterSeconds) }),
  });
  res.end(body);
}

function sendExpired(res: ServerResponse, resourceVersion: string): void {
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `too old resource version: ${resourceVersion} (injected by the fault proxy)`,
    reason: 'Expired',
    code: 410,
  };
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => globalThis.setTimeout(resolve, ms));
}
