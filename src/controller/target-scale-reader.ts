import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { KubeClient, KubeObject, ObjectRef } from '../kube/client.js';
import { KubeError } from '../kube/errors.js';
import type { ChangeType } from '../kube/informer-cache.js';
import type { Informer } from '../kube/informer.js';
import type { InformerFactory } from '../kube/informer-factory.js';
import { DEPLOYMENTS, REPLICA_SETS, STATEFUL_SETS } from '../kube/resources.js';
import type { ResourceType } from '../kube/resources.js';
import { typeKeyOf } from '../kube/scale.js';
import { resourceVersionOf } from '../kube/wire.js';
import { fromStructuredSelector, parseSelector } from '../lib/label-selector.js';
import type { MaybePromise } from '../lib/maybe-promise.js';
import type { LabelSelector, StructuredSelector } from '../lib/label-selector.js';

/** What the loops read of a scale target: the Scale subresource's three fields. */
export interface ScaleView {
  readonly specReplicas: number;
  readonly statusReplicas: number;
  /** Undefined when the target has no (valid) selector: it then owns no pods. */
  readonly selector: LabelSelector | undefined;
}

/** Kinds whose spec.replicas, status.replicas and spec.selector are read from a shared watch cache. */
const CACHED_KINDS: readonly ResourceType[] = [DEPLOYMENTS, STATEFUL_SETS, REPLICA_SETS];

interface WrittenScale {
  readonly specReplicas: number;
  readonly statusReplicas: number;
  /** The Scale's resourceVersion the write returned: the cache has caught up once it holds this or newer. */
  readonly resourceVersion: string;
  /** The cached object's resourceVersion when the write returned, for non-integer versions. */
  readonly cachedResourceVersion: string;
}

/**
 * Reads scale targets. Deployments, StatefulSets and ReplicaSets come from one informer per
 * (kind, namespace) shared by every ScaledObject, so a poll or an HPA sync costs no request; any
 * other scalable kind (a custom resource with a scale subresource) is read through `/scale`.
 * Writes always go through `/scale`. Until the watch delivers our own write, the cache is older
 * than what we know, so a cached target reads as the write left it: the next loop must not act
 * again on the replica count it has just changed.
 */
export class TargetScaleReader {
  private readonly written = new Map<string, WrittenScale>();
  private readonly subscriptions = new Map<Informer<KubeObject>, () => void>();

  constructor(
    private readonly client: KubeClient,
    private readonly informers: InformerFactory,
  ) {}

  /** At once from a synced cache; through `/scale`, or after the cache's first sync, later. */
  read(type: ResourceType, ref: Required<ObjectRef>): MaybePromise<ScaleView> {
    if (!isCachedKind(type)) return this.client.getScale(type, ref).then(viewOfScale);
    const informer = this.informerFor(type, ref.namespace);
    if (informer.hasSynced()) return this.readCached(informer, type, ref);
    return informer.waitForSync().then((synced) => {
      if (!synced) throw new Error(`the ${type.plural} cache of namespace ${ref.namespace} stopped before it synced`);
      return this.readCached(informer, type, ref);
    });
  }

  private readCached(informer: Informer<KubeObject>, type: ResourceType, ref: Required<ObjectRef>): ScaleView {
    const object = informer.get(ref.namespace, ref.name);
    if (object === undefined) throw notFound(type, ref.name);
    const view = viewOfObject(object);
    if (this.written.size === 0) return view;
    const key = keyOf(type, ref);
    const pending = this.written.get(key);
    if (pending === undefined) return view;
    if (hasCaughtUp(resourceVersionOf(object), pending)) {
      this.written.delete(key);
      return view;
    }
    return { ...view, specReplicas: pending.specReplicas, statusReplicas: pending.statusReplicas };
  }

  async write(type: ResourceType, ref: Required<ObjectRef>, replicas: number): Promise<Scale> {
    const scale = await this.client.writeScale(type, ref, replicas);
    if (!isCachedKind(type)) return scale;
    const cached = this.informerFor(type, ref.namespace).get(ref.namespace, ref.name);
    const pending: WrittenScale = {
      specReplicas: scale.spec?.replicas ?? replicas,
      statusReplicas: scale.status?.replicas ?? 0,
      resourceVersion: scale.metadata?.resourceVersion ?? '',
      cachedResourceVersion: resourceVersionOf(cached),
    };
    // The watch may have delivered the write before its response arrived.
    if (cached === undefined || !isNewer(resourceVersionOf(cached), pending.resourceVersion)) {
      this.written.set(keyOf(type, ref), pending);
    }
    return scale;
  }

  stop(): void {
    for (const unsubscribe of this.subscriptions.values()) unsubscribe();
    this.subscriptions.clear();
    this.written.clear();
  }

  private informerFor(type: ResourceType, namespace: string) {
    const informer = this.informers.informerFor<KubeObject>(type, { namespace });
    if (!this.subscriptions.has(informer)) {
      this.subscriptions.set(
        informer,
        informer.onChange((change, object) => this.forgetCaughtUp(type, change, object)),
      );
    }
    return informer;
  }

  /** Drops a remembered write once the cache reflects it (or the target is gone). */
  private forgetCaughtUp(type: ResourceType, change: ChangeType, object: KubeObject): void {
    if (this.written.size === 0) return;
    const key = keyOf(type, { namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' });
    const pending = this.written.get(key);
    if (pending === undefined) return;
    if (change === 'delete' || hasCaughtUp(resourceVersionOf(object), pending)) this.written.delete(key);
  }
}

/** Asked on every read of every target; resource types are constants, so each is answered once. */
const cachedKinds = new WeakMap<ResourceType, boolean>();

function isCachedKind(type: ResourceType): boolean {
  let cached = cachedKinds.get(type);
  if (cached === undefined) {
    cached = CACHED_KINDS.some((kind) => typeKeyOf(kind) === typeKeyOf(type));
    cachedKinds.set(type, cached);
  }
  return cached;
}

function keyOf(type: ResourceType, ref: Required<ObjectRef>): string {
  return `${type.plural}.${type.group}|${ref.namespace}|${ref.name}`;
}

/**
 * Integer resourceVersions (every real API server's) are ordered; anything else only tells us the
 * cache moved since the write returned, which is then the freshest view there is.
 */
function hasCaughtUp(cachedVersion: string, pending: WrittenScale): boolean {
  if (isInteger(cachedVersion) && isInteger(pending.resourceVersion)) {
    return BigInt(cachedVersion) >= BigInt(pending.resourceVersion);
  }
  return cachedVersion === pending.resourceVersion || cachedVersion !== pending.cachedResourceVersion;
}

function isNewer(cachedVersion: string, writtenVersion: string): boolean {
  if (isInteger(cachedVersion) && isInteger(writtenVersion)) return BigInt(cachedVersion) >= BigInt(writtenVersion);
  return cachedVersion === writtenVersion;
}

function isInteger(version: string): boolean {
  return /^\d+$/.test(version);
}

function viewOfScale(scale: Scale): ScaleView {
  const text = scale.status?.selector ?? '';
  const parsed = parseSelector(text);
  return {
    specReplicas: scale.spec?.replicas ?? 0,
    statusReplicas: scale.status?.replicas ?? 0,
    selector: parsed.ok && text !== '' ? parsed.value : undefined,
  };
}

/** Views by cached object: cached objects are replaced, never changed, on every update. */
const views = new WeakMap<KubeObject, ScaleView>();

function viewOfObject(object: KubeObject): ScaleView {
  let view = views.get(object);
  if (view === undefined) {
    view = buildView(object);
    views.set(object, view);
  }
  return view;
}

function buildView(object: KubeObject): ScaleView {
  const record = object as { spec?: { replicas?: unknown; selector?: unknown }; status?: { replicas?: unknown } };
  const specReplicas = record.spec?.replicas;
  const statusReplicas = record.status?.replicas;
  return {
    specReplicas: typeof specReplicas === 'number' ? specReplicas : 0,
    statusReplicas: typeof statusReplicas === 'number' ? statusReplicas : 0,
    selector: selectorOf(record.spec?.selector),
  };
}

function selectorOf(structured: unknown): LabelSelector | undefined {
  const parsed =
    structured !== null && typeof structured === 'object'
      ? fromStructuredSelector(structured as StructuredSelector)
      : undefined;
  // An empty selector renders as '' on /scale, which the controller reads as "no pods".
  return parsed?.ok === true && parsed.value.requirements.length > 0 ? parsed.value : undefined;
}

/** What the API server answers for a missing target, so a cached read fails the way `/scale` would. */
function notFound(type: ResourceType, name: string): KubeError {
  const resource = type.group === '' ? type.plural : `${type.plural}.${type.group}`;
  return new KubeError(404, 'NotFound', `${resource} "${name}" not found`, {
    details: { name, group: type.group, kind: type.plural },
  });
}
