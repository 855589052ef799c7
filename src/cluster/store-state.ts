import type { ResourceType } from '../kube/resources.js';
import type { JsonObject } from './json.js';
import { deepFreeze } from './json.js';
import type { TypeInfo } from './resource-registry.js';
import { storageKey, typeKey } from './resource-registry.js';
import type { StoreEvent, StoreEventType } from './watch.js';
import { EventHistory, WatchHub } from './watch.js';
import { unknownResource } from './store-errors.js';

export interface ObjectMetaView {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  ownerReferences?: { uid: string; kind: string; name: string; apiVersion: string }[];
  finalizers?: string[];
  deletionTimestamp?: string;
  labels?: Record<string, string>;
}

export function metaOf(object: JsonObject): ObjectMetaView {
  return object.metadata as unknown as ObjectMetaView;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/**
 * The raw state behind ObjectStore: objects by type, the single resourceVersion counter, the
 * owner index for garbage collection, and the event history. Stored objects are replaced, never
 * mutated, so the history can share them.
 */
export class StoreState {
  private readonly objects = new Map<string, Map<string, JsonObject>>();
  private readonly byUid = new Map<string, { readonly key: string; readonly objectKey: string }>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly typesByKey = new Map<string, TypeInfo>();
  private resourceVersion = 0;
  readonly history: EventHistory;
  readonly hub: WatchHub;

  constructor(historyLimit: number, onWatcherError: (error: unknown) => void) {
    this.history = new EventHistory(historyLimit);
    this.hub = new WatchHub(onWatcherError);
  }

  register(info: TypeInfo): void {
    this.typesByKey.set(typeKey(info.type), info);
    if (!this.objects.has(storageKey(info.type))) this.objects.set(storageKey(info.type), new Map());
  }

  unregister(info: TypeInfo): void {
    this.typesByKey.delete(typeKey(info.type));
  }

  types(): TypeInfo[] {
    return [...this.typesByKey.values()];
  }

  info(type: ResourceType): TypeInfo {
    const found = this.typesByKey.get(typeKey(type));
    if (found === undefined) throw unknownResource(type);
    return found;
  }

  /** Any served version of the type stored under `key` (for objects found through the owner index). */
  infoForKey(key: string): TypeInfo | undefined {
    return [...this.typesByKey.values()].find((info) => storageKey(info.type) === key);
  }

  findInfo(type: ResourceType): TypeInfo | undefined {
    return this.typesByKey.get(typeKey(type));
  }

  currentVersion(): number {
    return this.resourceVersion;
  }

  nextVersion(): number {
    return ++this.resourceVersion;
  }

  find(type: ResourceType, namespace: string | undefined, name: string): JsonObject | undefined {
    return this.objects.get(storageKey(type))?.get(objectKey(type.namespaced ? namespace : undefined, name));
  }

  all(type: ResourceType): JsonObject[] {
    return [...(this.objects.get(storageKey(type))?.values() ?? [])];
  }

  byUidLookup(uid: string): { readonly key: string; readonly object: JsonObject } | undefined {
    const where = this.byUid.get(uid);
    if (where === undefined) return undefined;
    const object = this.objects.get(where.key)?.get(where.objectKey);
    return object === undefined ? undefined : { key: where.key, object };
  }

  /** Objects whose ownerReferences name `uid` (only those stored under `key`, when given), in uid order. */
  dependentsOf(uid: string, key?: string): JsonObject[] {
    const uids = this.dependents.get(uid);
    if (uids === undefined) return [];
    const out: JsonObject[] = [];
    for (const dependentUid of [...uids].sort()) {
      const found = this.byUidLookup(dependentUid);
      if (found !== undefined && (key === undefined || found.key === key)) out.push(found.object);
    }
    return out;
  }

  /** Stores `object` (its resourceVersion already set) and records the event. */
  put(type: ResourceType, object: JsonObject, eventType: StoreEventType, previous?: JsonObject): void {
    deepFreeze(object);
    const meta = metaOf(object);
    const key = storageKey(type);
    // A modified or deleted object keeps its place, so its uid entry already holds its key (a
    // string whose hash is known): no new key string per write.
    const indexed = eventType === 'ADDED' ? undefined : this.byUid.get(meta.uid);
    const objKey = indexed?.key === key ? indexed.objectKey : objectKey(meta.namespace, meta.name);
    let bucket = this.objects.get(key);
    if (bucket === undefined) {
      bucket = new Map();
      this.objects.set(key, bucket);
    }
    // Most writes keep the stored (frozen, shared) ownerReferences: the owner index stays as it is.
    const sameOwners =
      eventType === 'MODIFIED' && previous !== undefined && metaOf(previous).ownerReferences === meta.ownerReferences;
    if (previous !== undefined && !sameOwners) this.unindexOwners(metaOf(previous));
    if (eventType === 'DELETED') {
      bucket.delete(objKey);
      this.byUid.delete(meta.uid);
    } else {
      bucket.set(objKey, object);
      if (indexed === undefined) this.byUid.set(meta.uid, { key, objectKey: objKey });
      if (!sameOwners) this.indexOwners(meta);
    }
    const event: StoreEvent =
      previous === undefined
        ? { resourceVersion: Number(meta.resourceVersion), key, type: eventType, object }
        : { resourceVersion: Number(meta.resourceVersion), key, type: eventType, object, previous };
    this.history.record(event);
    this.hub.publish(event);
  }

  private indexOwners(meta: ObjectMetaView): void {
    for (const owner of meta.ownerReferences ?? []) {
      let set = this.dependents.get(owner.uid);
      if (set === undefined) {
        set = new Set();
        this.dependents.set(owner.uid, set);
      }
      set.add(meta.uid);
    }
  }

  private unindexOwners(meta: ObjectMetaView): void {
    for (const owner of meta.ownerReferences ?? []) {
      const set = this.dependents.get(owner.uid);
      set?.delete(meta.uid);
      if (set?.size === 0) this.dependents.delete(owner.uid);
    }
  }
}
