import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { Clock } from '../lib/clock.js';
import { formatTime } from '../lib/clock.js';
import type { Random } from '../lib/random.js';
import type { DeleteOptions, KubeObject, ObjectList, ObjectRef, WatchEvent } from '../kube/client.js';
import type { ResourceType } from '../kube/resources.js';
import { CRDS, NAMESPACES, PODS, apiVersionOf } from '../kube/resources.js';
import type { JsonObject } from './json.js';
import { applyMergePatch, deepCopy, isJsonObject, setPath, withFreshMetadata } from './json.js';
import { BUILT_IN_TYPES, storageKey } from './resource-registry.js';
import type { TypeInfo } from './resource-registry.js';
import { specReplicasPath, toScale } from './scale.js';
import { StoreState, metaOf } from './store-state.js';
import { buildFilter, byNamespaceAndName, startWatch } from './store-watch.js';
import type { AdmissionHook } from './store-writes.js';
import { buildCreated, buildUpdated } from './store-writes.js';

import {
  badRequest,
  conflict,
  forbidden,
  invalid,
  invalidValue,
  notFound,
  required,
  unknownResource,
} from './store-errors.js';
import type { DeliveredEvent, WatchFilter } from './watch.js';
import { matches, matchesEverything } from './watch.js';
import { deleteObject, finishPendingDeletion } from './deletion.js';
import { registerCrd, unregisterCrd } from './crd-lifecycle.js';
import { scaledObjectCrd } from './custom-resources.js';
import type { PodBinding } from './pod-binding.js';
import { bindingPatch, boundStatus, checkBindable } from './pod-binding.js';

export type { AdmissionHook } from './store-writes.js';
export type { PodBinding } from './pod-binding.js';

export interface StoreOptions {
  readonly clock: Clock;
  readonly random: Random;
  /** How many events watches can resume across (default 10,000). */
  readonly historyLimit?: number;
  /** CRDs installed at start; default: KEDA's ScaledObject. */
  readonly customResources?: readonly CustomResourceDefinition[];
  /** A watcher callback threw; default: rethrown on a microtask so tests see it. */
  readonly onWatcherError?: (error: unknown) => void;
}

export interface StoreListOptions {
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
}

export interface StoreWatchOptions extends StoreListOptions {
  /** Resume after this version; '' or '0' (or omitted) first sends ADDED for every current object. */
  readonly resourceVersion?: string | undefined;
  /**
   * false: deliver the store's own frozen objects instead of copies. For in-process controllers
   * that only read them; much cheaper when many watchers see every event.
   */
  readonly copy?: boolean;
}

export interface StoreDeleteOptions extends DeleteOptions {
  readonly preconditions?: { readonly resourceVersion?: string; readonly uid?: string };
}

export interface Preconditions {
  readonly resourceVersion?: string | undefined;
}

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * The embedded cluster's API storage: every object of every kind, one resourceVersion counter,
 * watches that resume from a version, and the apiserver's write semantics (defaulting, validation,
 * optimistic concurrency, generation, status subresources, finalizers, garbage collection).
 * Objects are deep-copied on the way in and out. Errors are KubeErrors with the apiserver's
 * status and reason.
 */
export class ObjectStore {
  readonly clock: Clock;
  readonly random: Random;
  /** @internal shared with deletion.ts and crd-lifecycle.ts */
  readonly state: StoreState;
  /** @internal */
  readonly admission: AdmissionHook[] = [];
  /** False in a withoutCopies() view. */
  private readonly copies: boolean = true;

  constructor(options: StoreOptions) {
    this.clock = options.clock;
    this.random = options.random;
    const onError =
      options.onWatcherError ??
      ((error: unknown) =>
        queueMicrotask(() => {
          throw error;
        }));
    this.state = new StoreState(options.historyLimit ?? 10_000, onError);
    for (const info of BUILT_IN_TYPES) this.state.register(info);
    for (const name of SYSTEM_NAMESPACES) this.create(NAMESPACES, { metadata: { name } });
    for (const crd of options.customResources ?? [scaledObjectCrd()]) this.create(CRDS, crd);
  }

  /**
   * The same store, whose reads, writes and watches hand out the stored frozen objects instead of
   * copies: for in-process callers that only read what they get (a mutation throws). Copying every
   * result is most of the cost of a simulated poll, and most results are never looked at.
   */
  withoutCopies(): ObjectStore {
    const view = Object.create(this) as ObjectStore;
    Object.defineProperty(view, 'copies', { value: false });
    return view;
  }

  // ---- types ------------------------------------------------------------------------------

  /** Every served type (built-in and from CRDs), for discovery. */
  types(): TypeInfo[] {
    return this.state.types();
  }

  typeInfo(type: ResourceType): TypeInfo {
    return this.state.info(type);
  }

  /** `/apis/<group>/<version>/<plural>` → the type, for the API server's routing. */
  resolve(group: string, version: string, plural: string): TypeInfo | undefined {
    return this.state
      .types()
      .find((t) => t.type.group === group && t.type.version === version && t.type.plural === plural);
  }

  resolveKind(apiVersion: string, kind: string): TypeInfo | undefined {
    return this.state.types().find((t) => apiVersionOf(t.type) === apiVersion && t.type.kind === kind);
  }

  /** Registers a type directly (without a CRD object), e.g. for tests or spillway's own kinds. */
  registerType(info: TypeInfo): void {
    this.state.register(info);
  }

  /** Runs `task` after the events being delivered now (and those they cause) have all been delivered. */
  whenIdle(task: () => void): void {
    this.state.hub.whenIdle(task);
  }

  /** Adds an admission hook; returns a function that removes it. */
  addAdmissionHook(hook: AdmissionHook): () => void {
    this.admission.push(hook);
    return () => {
      const index = this.admission.indexOf(hook);
      if (index >= 0) this.admission.splice(index, 1);
    };
  }

  currentResourceVersion(): string {
    return String(this.state.currentVersion());
  }

  // ---- reads ------------------------------------------------------------------------------

  list<T extends KubeObject>(type: ResourceType, options: StoreListOptions = {}): ObjectList<T> {
    const info = this.state.info(type);
    const filter = this.filterFor(info, options);
    const items = this.state
      .all(info.type)
      .filter((object) => matches(filter, object))
      .sort(byNamespaceAndName)
      .map((object) => this.copyOut<T>(info, object));
    return { items, resourceVersion: this.currentResourceVersion() };
  }

  get<T extends KubeObject>(type: ResourceType, ref: ObjectRef): T {
    const info = this.state.info(type);
    return this.copyOut<T>(info, this.current(info, ref));
  }

  find<T extends KubeObject>(type: ResourceType, ref: ObjectRef): T | undefined {
    const info = this.state.info(type);
    const found = this.state.find(info.type, ref.namespace, ref.name);
    return found === undefined ? undefined : this.copyOut<T>(info, found);
  }

  /**
   * Read-only views of the stored objects, without copying: for in-process controllers. They are
   * frozen; write changes back through update/updateStatus/mergePatch with a copy.
   */
  scan<T extends KubeObject>(type: ResourceType, options: StoreListOptions = {}): readonly T[] {
    const info = this.state.info(type);
    const filter = this.filterFor(info, options);
    const all = this.state.all(info.type);
    return (matchesEverything(filter) ? all : all.filter((object) => matches(filter, object))) as unknown as T[];
  }

  /** A frozen view of one object, or undefined (see scan). */
  peek<T extends KubeObject>(type: ResourceType, ref: ObjectRef): T | undefined {
    const info = this.state.info(type);
    return this.state.find(info.type, ref.namespace, ref.name) as unknown as T | undefined;
  }

  /** Frozen views of the objects of `type` whose ownerReferences name `ownerUid` (see scan). */
  ownedBy<T extends KubeObject>(type: ResourceType, ownerUid: string): readonly T[] {
    const key = storageKey(this.state.info(type).type);
    return this.state.dependentsOf(ownerUid, key) as unknown as T[];
  }

  watch<T extends KubeObject>(
    type: ResourceType,
    options: StoreWatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
  ): { stop(): void } {
    const info = this.state.info(type);
    const filter = this.filterFor(info, options);
    const copy = this.copies && options.copy !== false;
    // Each delivered event is a new object made for this watcher alone: without copies it is passed on as it is.
    const deliver = copy
      ? (event: DeliveredEvent) => onEvent({ type: event.type, object: this.copyOut<T>(info, event.object) })
      : (onEvent as unknown as (event: DeliveredEvent) => void);
    return startWatch(this.state, info, filter, options.resourceVersion ?? '', deliver);
  }

  // ---- writes -----------------------------------------------------------------------------

  create<T extends KubeObject>(type: ResourceType, input: T): T {
    const info = this.state.info(type);
    const object = buildCreated(this, info, input);
    (object.metadata as JsonObject).resourceVersion = String(this.state.nextVersion());
    if (info.type.kind === 'CustomResourceDefinition') registerCrd(this, object);
    this.state.put(info.type, object, 'ADDED');
    return this.copyOut<T>(info, object);
  }

  /** PUT: a stale `metadata.resourceVersion` is a 409 Conflict; status is kept when it has its own subresource. */
  update<T extends KubeObject>(type: ResourceType, input: T): T {
    return this.write(type, input, 'main');
  }

  /** PUT on `/status`: only `.status` changes. */
  updateStatus<T extends KubeObject>(type: ResourceType, input: T): T {
    return this.write(type, input, 'status');
  }

  /** RFC 7386 merge patch; a `metadata.resourceVersion` in the patch is a precondition. */
  mergePatch<T extends KubeObject>(
    type: ResourceType,
    ref: ObjectRef,
    patch: object,
    options: { readonly subresource?: 'status' | undefined } = {},
  ): T {
    const info = this.state.info(type);
    const current = this.current(info, ref);
    const patched = applyMergePatch(current, patch);
    if (!isJsonObject(patched)) throw badRequest('a merge patch must be a JSON object');
    const patchedMeta = isJsonObject(patched.metadata) ? patched.metadata : {};
    if (patchedMeta.name !== metaOf(current).name) throw badRequest('metadata.name cannot be changed by a patch');
    const mode = options.subresource === 'status' ? 'status' : 'main';
    return this.copyOut<T>(info, this.writeStored(info, patched as unknown as KubeObject, mode, true, current));
  }

  delete<T extends KubeObject>(type: ResourceType, ref: ObjectRef, options: StoreDeleteOptions = {}): T {
    const info = this.state.info(type);
    const current = this.current(info, ref);
    const meta = metaOf(current);
    if (options.preconditions?.uid !== undefined && options.preconditions.uid !== meta.uid)
      throw conflict(info.type, ref.name);
    if (
      options.preconditions?.resourceVersion !== undefined &&
      options.preconditions.resourceVersion !== meta.resourceVersion
    ) {
      throw conflict(info.type, ref.name);
    }
    if (info.type.kind === 'Namespace' && SYSTEM_NAMESPACES.slice(0, 3).includes(ref.name)) {
      throw forbidden(`namespaces "${ref.name}" is forbidden: this namespace may not be deleted`);
    }
    return this.copyOut<T>(info, deleteObject(this, info, current, options));
  }

  /**
   * POST `pods/<name>/binding`: the node and the PodScheduled=True condition in one write, as the
   * apiserver's binding subresource makes them (here with the scheduler's labels too). 409 when
   * the pod is already bound or being deleted.
   */
  bindPod<T extends KubeObject>(ref: ObjectRef, binding: PodBinding): T {
    const info = this.state.info(PODS);
    const current = this.current(info, ref);
    checkBindable(current);
    const patched = applyMergePatch(current, bindingPatch(binding)) as JsonObject;
    // Binding always changes spec.nodeName, so the update is never a no-op.
    const next = buildUpdated(info, current, patched, 'main', true) ?? patched;
    next.status = boundStatus(isJsonObject(current.status) ? current.status : undefined, formatTime(this.clock.now()));
    return this.copyOut<T>(info, this.commit(info, next, current));
  }

  getScale(type: ResourceType, ref: ObjectRef): Scale {
    const info = this.state.info(type);
    if (info.scale === undefined) throw unknownResource(type);
    return toScale(this.current(info, ref), info.scale);
  }

  /** Writes `spec.replicas` through the scale subresource (precondition: the Scale's resourceVersion). */
  writeScale(type: ResourceType, ref: ObjectRef, replicas: number, preconditions: Preconditions = {}): Scale {
    const info = this.state.info(type);
    if (info.scale === undefined) throw unknownResource(type);
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw invalid(info.type, ref.name, [
        invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0'),
      ]);
    }
    const patch: JsonObject = {};
    setPath(patch, specReplicasPath(info.scale), replicas);
    if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== '') {
      patch.metadata = { resourceVersion: preconditions.resourceVersion };
    }
    // The Scale is all the caller gets: the written object itself is not copied out.
    const current = this.current(info, ref);
    this.writeStored(info, applyMergePatch(current, patch) as KubeObject, 'main', true, current);
    return this.getScale(type, ref);
  }

  // ---- internals shared with deletion.ts --------------------------------------------------

  /** @internal Stores an already-merged object with a new resourceVersion. */
  commit(info: TypeInfo, next: JsonObject, previous: JsonObject): JsonObject {
    (next.metadata as JsonObject).resourceVersion = String(this.state.nextVersion());
    this.state.put(info.type, next, 'MODIFIED', previous);
    return next;
  }

  /** @internal Removes an object for good (DELETED event with a new resourceVersion). */
  removeNow(info: TypeInfo, current: JsonObject): JsonObject {
    const gone = withFreshMetadata(current);
    (gone.metadata as JsonObject).resourceVersion = String(this.state.nextVersion());
    if (info.type.kind === 'CustomResourceDefinition') unregisterCrd(this, current);
    this.state.put(info.type, gone, 'DELETED', current);
    return gone;
  }

  private write<T extends KubeObject>(type: ResourceType, input: T, mode: 'main' | 'status', inputIsOwn = false): T {
    const info = this.state.info(type);
    return this.copyOut<T>(info, this.writeStored(info, input, mode, inputIsOwn));
  }

  /** A PUT's outcome as stored (the current object for a no-op): not a copy. */
  private writeStored(
    info: TypeInfo,
    input: KubeObject,
    mode: 'main' | 'status',
    inputIsOwn: boolean,
    /** The stored object `input` was patched from, already looked up. */
    patchedFrom?: JsonObject,
  ): JsonObject {
    const inMeta = (input.metadata ?? {}) as { name?: string; namespace?: string };
    const name = inMeta.name ?? '';
    if (name === '') throw invalid(info.type, name, [required('metadata.name')]);
    const current =
      patchedFrom ??
      this.current(info, inMeta.namespace === undefined ? { name } : { namespace: inMeta.namespace, name });
    const next = buildUpdated(info, current, input, mode, inputIsOwn);
    if (next === undefined) return current;
    return finishPendingDeletion(this, info, this.commit(info, next, current));
  }

  private current(info: TypeInfo, ref: ObjectRef): JsonObject {
    const found = this.state.find(info.type, ref.namespace, ref.name);
    if (found === undefined) throw notFound(info.type, ref.name);
    return found;
  }

  private filterFor(info: TypeInfo, options: StoreListOptions): WatchFilter {
    return buildFilter(info, options);
  }

  private copyOut<T>(info: TypeInfo, object: JsonObject): T {
    if (!this.copies) return object as unknown as T;
    const copy = deepCopy(object);
    copy.apiVersion = apiVersionOf(info.type);
    return copy as unknown as T;
  }
}
