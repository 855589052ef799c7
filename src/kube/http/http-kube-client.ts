import type { KubeConfig } from '@kubernetes/client-node';
import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { Clock } from '../../lib/clock.js';
import type { Random } from '../../lib/random.js';
import type {
  DeleteOptions,
  KubeClient,
  KubeObject,
  ListOptions,
  ObjectList,
  ObjectRef,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../client.js';
import { refOf } from '../client.js';
import { KubeError } from '../errors.js';
import { isPlainObject } from '../merge-patch.js';
import type { ResourceType } from '../resources.js';
import { apiVersionOf } from '../resources.js';
import { withRetry } from '../retry.js';
import type { RetryOptions } from '../retry.js';
import { collectionPath, objectPath, withQuery } from './paths.js';
import { HttpTransport } from './transport.js';
import { openWatchStream } from './watch-stream.js';

export interface HttpKubeClientOptions {
  readonly clock: Clock;
  readonly random: Random;
  /** Overrides for the 429/5xx/connection retry around every call except watch. */
  readonly retry?: Omit<RetryOptions, 'clock' | 'random'>;
  /** Per request; 30 s unless told. */
  readonly requestTimeoutMs?: number;
  /** Watches ask the server to end after a random 5–10 min (as client-go), then resume. */
  readonly watchTimeoutSeconds?: { readonly min: number; readonly max: number };
}

const MERGE_PATCH = 'application/merge-patch+json';

/**
 * KubeClient over the Kubernetes REST API with @kubernetes/client-node 1.4.0 for config, auth
 * and watch streaming. Every call but watch is retried on 429, 5xx and connection failures
 * (honouring Retry-After); everything fails with KubeError.
 */
export class HttpKubeClient implements KubeClient {
  private readonly transport: HttpTransport;

  constructor(
    private readonly kc: KubeConfig,
    private readonly options: HttpKubeClientOptions,
  ) {
    this.transport = new HttpTransport(kc, options.clock, options.requestTimeoutMs);
  }

  /** Closes pooled keep-alive connections; open watches end through their own handles. */
  close(): void {
    this.transport.close();
  }

  async list<T extends KubeObject>(type: ResourceType, options: ListOptions = {}): Promise<ObjectList<T>> {
    const path = withQuery(collectionPath(type, options.namespace), {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    const body = await this.call('GET', path);
    if (!isPlainObject(body) || !Array.isArray(body['items'])) throw malformed(`list of ${type.plural}`);
    const metadata = isPlainObject(body['metadata']) ? body['metadata'] : {};
    const resourceVersion = typeof metadata['resourceVersion'] === 'string' ? metadata['resourceVersion'] : '';
    const items = body['items'].filter(isPlainObject).map((item) => complete(type, item) as T);
    return { items, resourceVersion };
  }

  watch<T extends KubeObject>(
    type: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: (error?: KubeError) => void,
  ): WatchHandle {
    const bounds = this.options.watchTimeoutSeconds ?? { min: 300, max: 600 };
    return openWatchStream<T>(
      {
        kc: this.kc,
        clock: this.options.clock,
        path: collectionPath(type, options.namespace),
        options,
        timeoutSeconds: Math.floor(this.options.random.uniform(bounds.min, bounds.max + 1)),
        complete: (object) => complete(type, object),
      },
      onEvent,
      onClose,
    );
  }

  async get<T extends KubeObject>(type: ResourceType, ref: ObjectRef): Promise<T> {
    return this.object<T>(type, await this.call('GET', objectPath(type, ref)));
  }

  async create<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    const namespace = type.namespaced ? (object.metadata?.namespace ?? 'default') : undefined;
    const body = { ...object, apiVersion: apiVersionOf(type), kind: type.kind };
    return this.object<T>(type, await this.call('POST', collectionPath(type, namespace), { body }));
  }

  async update<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    return this.object<T>(type, await this.call('PUT', objectPath(type, refOf(object)), { body: object }));
  }

  async updateStatus<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    return this.object<T>(type, await this.call('PUT', objectPath(type, refOf(object), 'status'), { body: object }));
  }

  async mergePatch<T extends KubeObject>(
    type: ResourceType,
    ref: ObjectRef,
    patch: object,
    options: { subresource?: 'status' } = {},
  ): Promise<T> {
    const path = objectPath(type, ref, options.subresource);
    return this.object<T>(type, await this.call('PATCH', path, { body: patch, contentType: MERGE_PATCH }));
  }

  async delete(type: ResourceType, ref: ObjectRef, options: DeleteOptions = {}): Promise<void> {
    const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...options };
    await this.call('DELETE', objectPath(type, ref), { body });
  }

  async getScale(type: ResourceType, ref: ObjectRef): Promise<Scale> {
    return asScale(await this.call('GET', objectPath(type, ref, 'scale')));
  }

  async writeScale(type: ResourceType, ref: ObjectRef, replicas: number): Promise<Scale> {
    const body = { spec: { replicas } };
    return asScale(await this.call('PATCH', objectPath(type, ref, 'scale'), { body, contentType: MERGE_PATCH }));
  }

  private async call(
    method: string,
    path: string,
    send: { body?: unknown; contentType?: string } = {},
  ): Promise<unknown> {
    const { clock, random, retry } = this.options;
    const response = await withRetry(() => this.transport.send(method, path, send), { clock, random, ...retry });
    return response.body;
  }

  private object<T extends KubeObject>(type: ResourceType, body: unknown): T {
    if (!isPlainObject(body)) throw malformed(type.kind);
    return complete(type, body) as T;
  }
}

/** Real servers omit apiVersion/kind on list items; the rest of spillway can rely on them. */
function complete(type: ResourceType, object: KubeObject): KubeObject {
  if (object.apiVersion !== undefined && object.kind !== undefined) return object;
  return { ...object, apiVersion: object.apiVersion ?? apiVersionOf(type), kind: object.kind ?? type.kind };
}

function asScale(body: unknown): Scale {
  if (!isPlainObject(body) || !isPlainObject(body['spec'])) throw malformed('Scale');
  return body as Scale;
}

function malformed(what: string): KubeError {
  return new KubeError(500, 'InternalError', `malformed response: expected a ${what}`);
}
