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

/**
 * Where one stored object lives. Every index holds the slot, not the object, so a write that
 * replaces the object (most writes) touches no map at all, and a lookup builds no key string.
 */
interface Slot {
  readonly key: string;
  object: JsonObject;
}

/** The objects of one type: in insertion order (for lists), and by namespace then name (for lookups). */
class Bucket {
  readonly inOrder = new Set<Slot>();
  private readonly byNamespace = new Map<string, Map<string, Slot>>();

  find(namespace: string, name: string): Slot | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  add(namespace: string, name: string, slot: Slot): void {
    let names = this.byNamespace.get(namespace);
    if (names === undefined) {
      names = new Map();
      this.byNamespace.set(namespace, names);
    }
    const replaced = names.get(name);
    if (replaced !== undefined) this.inOrder.delete(replaced);
    names.set(name, slot);
    this.inOrder.add(slot);
  }

  remove(namespace: string, name: string, slot: Slot): void {
    const names = this.byNamespace.get(namespace);
    if (names?.get(name) === slot) {
      names.delete(name);
      if (names.size === 0) this.byNamespace.delete(namespace);
    }
    this.inOrder.delete(slot);
  }
}

/**
 * The raw state behind ObjectStore: objects by type, the single resourceVersion counter, the
 * owner index for garbage collection, and the event history. Stored objects are replaced, never
 * mutated, so the history can share them.
 */
export class StoreState {
  private readonly objects = new Map<string, Bucket>();
  private readonly byUid = new Map<string, Slot>();
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
    if (!this.objects.has(storageKey(info.type))) this.objects.set(storageKey(info.type), new Bucket());
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
    return this.objects.get(storageKey(type))?.find(type.namespaced ? (namespace ?? '') : '', name)?.object;
  }

  all(type: ResourceType): JsonObject[] {
    const bucket = this.objects.get(storageKey(type));
    const out: JsonObject[] = [];
    if (bucket !== undefined) for (const slot of bucket.inOrder) out.push(slot.object);
    return out;
  }

  byUidLookup(uid: string): { readonly key: string; readonly object: JsonObject } | undefined {
    return this.byUid.get(uid);
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
    // Most writes keep the stored (frozen, shared) ownerReferences: the owner index stays as it is.
    const sameOwners =
      eventType === 'MODIFIED' && previous !== undefined && metaOf(previous).ownerReferences === meta.ownerReferences;
    if (previous !== undefined && !sameOwners) this.unindexOwners(metaOf(previous));
    const slot = eventType === 'ADDED' ? undefined : this.byUid.get(meta.uid);
    if (eventType === 'DELETED') {
      if (slot !== undefined) this.bucketFor(key).remove(meta.namespace ?? '', meta.name, slot);
      this.byUid.delete(meta.uid);
    } else {
      if (slot?.key === key) slot.object = object;
      else {
        const added: Slot = { key, object };
        this.bucketFor(key).add(meta.namespace ?? '', meta.name, added);
        this.byUid.set(meta.uid, added);
      }
      if (!sameOwners) this.indexOwners(meta);
    }
    const event: StoreEvent =
      previous === undefined
        ? { resourceVersion: Number(meta.resourceVersion), key, type: eventType, object }
        : { resourceVersion: Number(meta.resourceVersion), key, type: eventType, object, previous };
    this.history.record(event);
    this.hub.publish(event);
  }

  private bucketFor(key: string): Bucket {
    let bucket = this.objects.get(key);
    if (bucket === undefined) {
      bucket = new Bucket();
      this.objects.set(key, bucket);
    }
    return bucket;
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
