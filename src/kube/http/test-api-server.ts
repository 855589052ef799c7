import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeObject, WatchHandle } from '../client.js';
import { KubeError } from '../errors.js';
import { FakeKubeClient } from '../fake-client.js';
import { isPlainObject } from '../merge-patch.js';
import type { ResourceType } from '../resources.js';
import { KNOWN_RESOURCES } from '../resources.js';

/** A canned failure for the next matching request. */
export interface InjectedResponse {
  readonly status: number;
  readonly reason?: string;
  readonly retryAfter?: string;
  /** Only requests for which this holds; every request when absent. */
  readonly when?: (method: string, path: string) => boolean;
}

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly hasAuthorization: boolean;
}

/**
 * Test support: just enough of the Kubernetes REST API, over a FakeKubeClient, to test the HTTP
 * client against a socket: list with resourceVersion, watch as newline-delimited JSON (410 as
 * an ERROR event), merge patch, scale and status subresources, Status bodies for failures.
 */
export class TestApiServer {
  readonly requests: RecordedRequest[] = [];
  private readonly injected: InjectedResponse[] = [];
  private readonly server: Server;

  private constructor(readonly fake: FakeKubeClient) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => sendError(res, toError(error)));
    });
  }

  static async start(fake = new FakeKubeClient()): Promise<TestApiServer> {
    const server = new TestApiServer(fake);
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  failNext(...responses: InjectedResponse[]): void {
    this.injected.push(...responses);
  }

  async close(): Promise<void> {
    this.fake.closeWatches();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.requests.push({
      method,
      url: `${url.pathname}${url.search}`,
      contentType: req.headers['content-type'],
      hasAuthorization: req.headers.authorization !== undefined,
    });
    const body = await readBody(req);
    const index = this.injected.findIndex((r) => r.when === undefined || r.when(method, url.pathname));
    if (index >= 0) {
      const [response] = this.injected.splice(index, 1);
      if (response !== undefined) return sendInjected(res, response);
    }
    const route = parseRoute(url.pathname);
    if (route === undefined)
      return sendError(res, new KubeError(404, 'NotFound', 'the server could not find the requested resource'));
    const { type, namespace, name, subresource } = route;
    const query = url.searchParams;
    const options = {
      ...(namespace === undefined ? {} : { namespace }),
      ...(query.get('labelSelector') ? { labelSelector: query.get('labelSelector') ?? '' } : {}),
      ...(query.get('fieldSelector') ? { fieldSelector: query.get('fieldSelector') ?? '' } : {}),
    };
    const ref = { ...(namespace === undefined ? {} : { namespace }), name: name ?? '' };
    if (name === undefined && method === 'GET' && (query.get('watch') === 'true' || query.get('watch') === '1')) {
      return this.watch(res, type, { ...options, resourceVersion: query.get('resourceVersion') ?? '' });
    }
    if (name === undefined && method === 'GET') {
      const list = await this.fake.list(type, options);
      const metadata = { resourceVersion: list.resourceVersion };
      // Like a real server: list items carry no apiVersion/kind.
      const items = list.items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
      return send(res, 200, { kind: `${type.kind}List`, apiVersion: 'v1', metadata, items });
    }
    if (name === undefined && method === 'POST') {
      return send(
        res,
        201,
        await this.fake.create(type, {
          ...(body as KubeObject),
          metadata: { ...(body as KubeObject).metadata, ...(namespace === undefined ? {} : { namespace }) },
        }),
      );
    }
    const isMergePatch = req.headers['content-type'] === 'application/merge-patch+json';
    if (method === 'PATCH' && !isMergePatch) {
      return sendError(
        res,
        new KubeError(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json`,
        ),
      );
    }
    switch (`${method} ${subresource ?? ''}`) {
      case 'GET ':
        return send(res, 200, await this.fake.get(type, ref));
      case 'GET scale':
        return send(res, 200, await this.fake.getScale(type, ref));
      case 'PATCH scale': {
        const spec = isPlainObject(body) && isPlainObject(body['spec']) ? body['spec'] : {};
        return send(res, 200, await this.fake.writeScale(type, ref, Number(spec['replicas'])));
      }
      case 'PUT ':
        return send(res, 200, await this.fake.update(type, body as KubeObject));
      case 'PUT status':
        return send(res, 200, await this.fake.updateStatus(type, body as KubeObject));
      case 'PATCH ':
        return send(res, 200, await this.fake.mergePatch(type, ref, body as object));
      case 'PATCH status':
        return send(res, 200, await this.fake.mergePatch(type, ref, body as object, { subresource: 'status' }));
      case 'DELETE ':
        await this.fake.delete(type, ref);
        return send(res, 200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
      default:
        return sendError(res, new KubeError(405, 'MethodNotAllowed', `${method} is not allowed here`));
    }
  }

  private watch(res: ServerResponse, type: ResourceType, options: Parameters<FakeKubeClient['watch']>[1]): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    let handle: WatchHandle | undefined = undefined;
    handle = this.fake.watch(
      type,
      options,
      (event) => res.write(`${JSON.stringify(event)}\n`),
      (error) => {
        if (error !== undefined) res.write(`${JSON.stringify({ type: 'ERROR', object: statusOf(error) })}\n`);
        res.end();
      },
    );
    res.on('close', () => handle?.stop());
  }
}

function parseRoute(
  pathname: string,
): { type: ResourceType; namespace?: string; name?: string; subresource?: string } | undefined {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const core = parts[0] === 'api';
  if (!core && parts[0] !== 'apis') return undefined;
  const group = core ? '' : (parts[1] ?? '');
  const version = core ? parts[1] : parts[2];
  const rest = parts.slice(core ? 2 : 3);
  const namespace = rest[0] === 'namespaces' && rest.length >= 3 ? rest[1] : undefined;
  if (namespace !== undefined) rest.splice(0, 2);
  const [plural, name, subresource] = rest;
  if (version === undefined || plural === undefined) return undefined;
  const known = KNOWN_RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
  const type = known ?? { group, version, plural, kind: plural, namespaced: namespace !== undefined };
  return {
    type,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(subresource === undefined ? {} : { subresource }),
  };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function statusOf(error: KubeError): object {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: error.message,
    reason: error.reason,
    ...(error.details === undefined ? {} : { details: error.details }),
    code: error.status,
  };
}

function toError(error: unknown): KubeError {
  return error instanceof KubeError ? error : new KubeError(500, 'InternalError', String(error));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: KubeError): void {
  if (res.headersSent) return void res.end();
  send(res, error.status, statusOf(error));
}

function sendInjected(res: ServerResponse, response: InjectedResponse): void {
  const reason = response.reason ?? 'InternalError';
  const headers = {
    'Content-Type': 'application/json',
    ...(response.retryAfter === undefined ? {} : { 'Retry-After': response.retryAfter }),
  };
  res.writeHead(response.status, headers);
  res.end(JSON.stringify(statusOf(new KubeError(response.status, reason, `injected ${response.status} ${reason}`))));
}
