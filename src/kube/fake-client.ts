import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { Clock } from '../lib/clock.js';
import { formatTime } from '../lib/clock.js';
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
} from './client.js';
import { KubeError } from './errors.js';
import { FakeWatchHub } from './fake-watch-hub.js';
import type { Change } from './fake-watch-hub.js';
import { applyMergePatch, isPlainObject } from './merge-patch.js';
import type { ResourceType } from './resources.js';
import { apiVersionOf } from './resources.js';
import { compileFilter } from './selectors.js';
import { scaleOf, typeKeyOf } from './scale.js';
import { toWire } from './wire.js';

export type FakeMethod = keyof KubeClient;

export interface FakeCall {
  readonly method: FakeMethod;
  readonly resource: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly resourceVersion?: string;
}

export interface FakeKubeClientOptions {
  /** Stamps creationTimestamp; a fixed epoch when absent. */
  readonly clock?: Clock;
  /** Changes kept for watch resume; older resourceVersions get 410. */
  readonly historyLimit?: number;
}

/**
 * An in-memory KubeClient for unit tests, faithful to the API semantics the controller relies
 * on (resourceVersions, 409 on stale writes, resumable watches, 410 after compaction). It records
 * every call and fails on demand: `failNext('watch', new KubeError(410, 'Expired', '…'))`.
 */
export class FakeKubeClient implements KubeClient {
  readonly calls: FakeCall[] = [];
  private readonly objects = new Map<string, Map<string, KubeObject>>();
  private readonly failures = new Map<FakeMethod, unknown[]>();
  private hub: FakeWatchHub;
  private resourceVersion = 1;
  private uid = 0;

  constructor(private readonly options: FakeKubeClientOptions = {}) {
    this.hub = new FakeWatchHub(options.historyLimit ?? 1000);
  }

  /** Each later call to `method` rejects with the next of `errors` (watches fail through onClose). */
  failNext(method: FakeMethod, ...errors: unknown[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...errors]);
  }

  /** Ends every open watch stream cleanly (as a server does after its timeout). */
  closeWatches(): void {
    this.hub.closeAll();
  }

  /** Drops watch history (etcd compaction) and fails every open watch with 410 Gone. */
  expireWatches(): void {
    this.hub.compact(this.resourceVersion);
    this.hub.closeAll(new KubeError(410, 'Expired', `too old resource version (compacted at ${this.resourceVersion})`));
  }

  openWatches(): number {
    return this.hub.openCount();
  }

  callsTo(method: FakeMethod): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Forgets objects, calls and injected failures, and ends open watches. */
  reset(): void {
    this.hub.closeAll();
    this.hub = new FakeWatchHub(this.options.historyLimit ?? 1000);
    this.objects.clear();
    this.failures.clear();
    this.calls.length = 0;
  }

  async list<T extends KubeObject>(type: ResourceType, options: ListOptions = {}): Promise<ObjectList<T>> {
    this.enter('list', type, options.namespace);
    const filter = compileFilter(options);
    const items = [...this.bucket(type).values()].filter(filter).map((o) => toWire(o) as T);
    return { items, resourceVersion: String(this.resourceVersion) };
  }

  watch<T extends KubeObject>(
    type: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: (error?: KubeError) => void,
  ): WatchHandle {
    this.calls.push(call('watch', type, options.namespace, undefined, options.resourceVersion));
    const failure = this.takeFailure('watch');
    const fail = (error: KubeError): WatchHandle => {
      let stopped = false;
      queueMicrotask(() => {
        if (!stopped) onClose(error);
      });
      return { stop: () => (stopped = true) };
    };
    if (failure !== undefined) return fail(asKubeError(failure));
    let filter;
    try {
      filter = compileFilter(options);
    } catch (error) {
      return fail(asKubeError(error));
    }
    const from = Number(options.resourceVersion);
    const start = options.resourceVersion === '' || !Number.isFinite(from) ? this.resourceVersion : from;
    return this.hub.open(typeKeyOf(type), start, filter, onEvent as (e: WatchEvent<KubeObject>) => void, onClose);
  }

  async get<T extends KubeObject>(type: ResourceType, ref: ObjectRef): Promise<T> {
    this.enter('get', type, ref.namespace, ref.name);
    return toWire(this.require(type, ref)) as T;
  }

  async create<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    const metadata = object.metadata ?? {};
    const name = metadata.name ?? (metadata.generateName ?? '') + String(this.uid + 1);
    const namespace = type.namespaced ? (metadata.namespace ?? 'default') : undefined;
    this.enter('create', type, namespace, name);
    const key = keyOf(namespace, name);
    if (this.bucket(type).has(key)) {
      throw new KubeError(409, 'AlreadyExists', `${qualified(type)} "${name}" already exists`);
    }
    const stored: KubeObject = {
      ...toWire(object),
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      metadata: {
        ...toWire(metadata),
        name,
        ...(namespace === undefined ? {} : { namespace }),
        uid: `fake-uid-${++this.uid}`,
        resourceVersion: '',
        generation: 1,
        creationTimestamp: formatTime(this.options.clock?.now() ?? Date.UTC(2026, 0, 1)),
      },
    };
    return this.commit(type, 'ADDED', stored) as T;
  }

  async update<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    const ref = refOrThrow(object);
    this.enter('update', type, ref.namespace, ref.name, object.metadata?.resourceVersion);
    const current = this.requireFresh(type, ref, object.metadata?.resourceVersion);
    const next: Record<string, unknown> = { ...(toWire(object) as object), metadata: mergeMeta(current, object) };
    // The main resource ignores status, as with a status subresource.
    if ('status' in current) next['status'] = (current as Record<string, unknown>)['status'];
    else delete next['status'];
    return this.commit(type, 'MODIFIED', next, current) as T;
  }

  async updateStatus<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    const ref = refOrThrow(object);
    this.enter('updateStatus', type, ref.namespace, ref.name, object.metadata?.resourceVersion);
    const current = this.requireFresh(type, ref, object.metadata?.resourceVersion);
    const status = (toWire(object) as Record<string, unknown>)['status'];
    const next = { ...structuredClone(current), status };
    return this.commit(type, 'MODIFIED', next, current) as T;
  }

  async mergePatch<T extends KubeObject>(
    type: ResourceType,
    ref: ObjectRef,
    patch: object,
    options: { subresource?: 'status' } = {},
  ): Promise<T> {
    this.enter('mergePatch', type, ref.namespace, ref.name);
    const precondition = isPlainObject(patch) ? readResourceVersion(patch) : undefined;
    const current = this.requireFresh(type, ref, precondition);
    const effective =
      options.subresource === 'status' && isPlainObject(patch) ? { status: patch['status'] ?? null } : patch;
    const patched = applyMergePatch(current, effective);
    if (!isPlainObject(patched)) throw new KubeError(422, 'Invalid', 'patch must produce an object');
    const patchedMeta = isPlainObject(patched['metadata']) ? patched['metadata'] : {};
    const next: KubeObject = { ...patched, metadata: { ...current.metadata, ...patchedMeta } };
    return this.commit(type, 'MODIFIED', next, current) as T;
  }

  async delete(type: ResourceType, ref: ObjectRef, _options?: DeleteOptions): Promise<void> {
    this.enter('delete', type, ref.namespace, ref.name);
    const current = this.require(type, ref);
    this.bucket(type).delete(keyOf(ref.namespace, ref.name));
    const object = toWire(current);
    object.metadata = { ...object.metadata, resourceVersion: String(++this.resourceVersion) };
    this.hub.record({ typeKey: typeKeyOf(type), resourceVersion: this.resourceVersion, type: 'DELETED', object });
  }

  async getScale(type: ResourceType, ref: ObjectRef): Promise<Scale> {
    this.enter('getScale', type, ref.namespace, ref.name);
    return scaleOf(this.require(type, ref));
  }

  async writeScale(type: ResourceType, ref: ObjectRef, replicas: number): Promise<Scale> {
    this.enter('writeScale', type, ref.namespace, ref.name);
    const current = this.require(type, ref);
    const patched = applyMergePatch(current, { spec: { replicas } });
    return scaleOf(this.commit(type, 'MODIFIED', patched as KubeObject, current));
  }

  private enter(method: FakeMethod, type: ResourceType, namespace?: string, name?: string, rv?: string): void {
    this.calls.push(call(method, type, namespace, name, rv));
    const failure = this.takeFailure(method);
    if (failure !== undefined) throw failure;
  }

  private takeFailure(method: FakeMethod): unknown {
    const queue = this.failures.get(method);
    return queue === undefined || queue.length === 0 ? undefined : queue.shift();
  }

  private bucket(type: ResourceType): Map<string, KubeObject> {
    const key = typeKeyOf(type);
    let bucket = this.objects.get(key);
    if (bucket === undefined) this.objects.set(key, (bucket = new Map()));
    return bucket;
  }

  private require(type: ResourceType, ref: ObjectRef): KubeObject {
    const found = this.bucket(type).get(keyOf(type.namespaced ? ref.namespace : undefined, ref.name));
    if (found === undefined) throw new KubeError(404, 'NotFound', `${qualified(type)} "${ref.name}" not found`);
    return found;
  }

  private requireFresh(type: ResourceType, ref: ObjectRef, resourceVersion: string | undefined): KubeObject {
    const current = this.require(type, ref);
    if (
      resourceVersion !== undefined &&
      resourceVersion !== '' &&
      resourceVersion !== current.metadata?.resourceVersion
    ) {
      throw new KubeError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualified(type)} "${ref.name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    return current;
  }

  private commit(type: ResourceType, kind: Change['type'], next: KubeObject, old?: KubeObject): KubeObject {
    const resourceVersion = ++this.resourceVersion;
    const specChanged = old !== undefined && JSON.stringify(readSpec(old)) !== JSON.stringify(readSpec(next));
    const generation = (old?.metadata?.generation ?? next.metadata?.generation ?? 1) + (specChanged ? 1 : 0);
    const stored = toWire({
      ...next,
      metadata: { ...next.metadata, resourceVersion: String(resourceVersion), generation },
    });
    this.bucket(type).set(keyOf(stored.metadata?.namespace, stored.metadata?.name ?? ''), stored);
    const change: Change = { typeKey: typeKeyOf(type), resourceVersion, type: kind, object: stored };
    this.hub.record(old === undefined ? change : { ...change, old });
    return toWire(stored);
  }
}

function call(method: FakeMethod, type: ResourceType, namespace?: string, name?: string, rv?: string): FakeCall {
  return {
    method,
    resource: type.plural,
    ...(namespace === undefined ? {} : { namespace }),
    ...(name === undefined ? {} : { name }),
    ...(rv === undefined ? {} : { resourceVersion: rv }),
  };
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

function qualified(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

function refOrThrow(object: KubeObject): ObjectRef {
  const name = object.metadata?.name;
  if (name === undefined || name === '') throw new KubeError(422, 'Invalid', 'metadata.name: Required value');
  const namespace = object.metadata?.namespace;
  return namespace === undefined ? { name } : { namespace, name };
}

function mergeMeta(current: KubeObject, next: KubeObject): KubeObject['metadata'] {
  const { uid, creationTimestamp, generation } = current.metadata ?? {};
  return { ...next.metadata, uid, creationTimestamp, generation } as KubeObject['metadata'];
}

function readSpec(object: KubeObject): unknown {
  return (object as Record<string, unknown>)['spec'];
}

function readResourceVersion(patch: Record<string, unknown>): string | undefined {
  const metadata = patch['metadata'];
  const rv = isPlainObject(metadata) ? metadata['resourceVersion'] : undefined;
  return typeof rv === 'string' ? rv : undefined;
}

function asKubeError(error: unknown): KubeError {
  return error instanceof KubeError ? error : new KubeError(0, 'ConnectionError', String(error), { cause: error });
}
