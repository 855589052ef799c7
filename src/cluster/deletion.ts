import { formatTime, parseTime } from '../lib/clock.js';
import { NAMESPACES } from '../kube/resources.js';
import type { JsonObject } from './json.js';
import { deepEqual, withFreshMetadata } from './json.js';
import type { TypeInfo } from './resource-registry.js';
import { storageKey } from './resource-registry.js';
import { metaOf } from './store-state.js';
import type { ObjectStore, StoreDeleteOptions } from './store.js';

const FOREGROUND = 'foregroundDeletion';

/**
 * The apiserver's delete: graceful for bound pods (deletionTimestamp = now + grace; the kubelet,
 * here pod-lifecycle, finishes it), deferred while finalizers remain, otherwise immediate, then
 * garbage collection of dependents by propagation policy. Returns the object's latest state.
 */
export function deleteObject(
  store: ObjectStore,
  info: TypeInfo,
  current: JsonObject,
  options: StoreDeleteOptions,
): JsonObject {
  const meta = metaOf(current);
  const policy = options.propagationPolicy ?? 'Background';
  if (info.type.kind === 'Pod' && info.type.group === '') {
    const graceful = gracefulPodDeletion(store, info, current, options.gracePeriodSeconds);
    if (graceful !== undefined) return graceful;
  }
  if (info.type.kind === 'Namespace' && info.type.group === '') return deleteNamespace(store, info, current);
  if (policy === 'Orphan') orphanDependents(store, meta.uid);
  const finalizers = [...(meta.finalizers ?? [])];
  const dependents = store.state.dependentsOf(meta.uid);
  if (policy === 'Foreground' && dependents.length > 0 && !finalizers.includes(FOREGROUND)) finalizers.push(FOREGROUND);
  if (finalizers.length === 0) return removeAndCollect(store, info, current);
  const next = withFreshMetadata(current);
  const nextMeta = next.metadata as JsonObject;
  nextMeta.finalizers = finalizers;
  if (nextMeta.deletionTimestamp === undefined) nextMeta.deletionTimestamp = formatTime(store.clock.now());
  nextMeta.deletionGracePeriodSeconds = 0;
  // A repeated DELETE of an object already waiting on finalizers changes nothing.
  const stored = deepEqual(next, current) ? current : store.commit(info, next, current);
  if (finalizers.includes(FOREGROUND)) collectDependents(store, meta.uid);
  return stored;
}

/** After an update: a deleting object whose last finalizer went away is removed. */
export function finishPendingDeletion(store: ObjectStore, info: TypeInfo, stored: JsonObject): JsonObject {
  const meta = metaOf(stored);
  const grace = (stored.metadata as JsonObject).deletionGracePeriodSeconds;
  if (meta.deletionTimestamp === undefined || (meta.finalizers ?? []).length > 0) return stored;
  if (typeof grace === 'number' && grace > 0) return stored;
  if (info.type.kind === 'Namespace' && info.type.group === '') return stored;
  return removeAndCollect(store, info, stored);
}

function gracefulPodDeletion(
  store: ObjectStore,
  info: TypeInfo,
  current: JsonObject,
  requested: number | undefined,
): JsonObject | undefined {
  const spec = (current.spec ?? {}) as JsonObject;
  const grace =
    requested ?? (typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30);
  // Unbound pods have no kubelet to wait for; the apiserver deletes them at once.
  if (grace <= 0 || typeof spec.nodeName !== 'string' || spec.nodeName === '') return undefined;
  const deadline = store.clock.now() + grace * 1000;
  const existing = metaOf(current).deletionTimestamp;
  const existingMs = existing === undefined ? undefined : parseTime(existing);
  if (existingMs !== undefined && existingMs <= deadline) return current;
  const next = withFreshMetadata(current);
  const meta = next.metadata as JsonObject;
  meta.deletionTimestamp = formatTime(deadline);
  meta.deletionGracePeriodSeconds = grace;
  return store.commit(info, next, current);
}

function removeAndCollect(store: ObjectStore, info: TypeInfo, current: JsonObject): JsonObject {
  const meta = metaOf(current);
  const gone = store.removeNow(info, current);
  collectDependents(store, meta.uid);
  releaseForegroundOwners(store, meta.ownerReferences ?? []);
  if (info.type.namespaced && meta.namespace !== undefined) maybeFinishNamespace(store, meta.namespace);
  return gone;
}

/** Background GC: a dependent goes once none of its owners exist any more. */
function collectDependents(store: ObjectStore, ownerUid: string): void {
  for (const dependent of store.state.dependentsOf(ownerUid)) {
    const meta = metaOf(dependent);
    const live = (meta.ownerReferences ?? []).some(
      (owner) => owner.uid !== ownerUid && store.state.byUidLookup(owner.uid) !== undefined,
    );
    const found = store.state.byUidLookup(meta.uid);
    const depInfo = found === undefined ? undefined : store.state.infoForKey(found.key);
    if (live || found === undefined || depInfo === undefined) continue;
    deleteObject(store, depInfo, found.object, { propagationPolicy: 'Background' });
  }
}

function releaseForegroundOwners(store: ObjectStore, owners: readonly { uid: string }[]): void {
  for (const ref of owners) {
    const owner = store.state.byUidLookup(ref.uid);
    if (owner === undefined) continue;
    const meta = metaOf(owner.object);
    if (meta.deletionTimestamp === undefined || !(meta.finalizers ?? []).includes(FOREGROUND)) continue;
    if (store.state.dependentsOf(meta.uid).length > 0) continue;
    const ownerInfo = store.state.infoForKey(owner.key);
    if (ownerInfo === undefined) continue;
    const next = withFreshMetadata(owner.object);
    (next.metadata as JsonObject).finalizers = (meta.finalizers ?? []).filter((f) => f !== FOREGROUND);
    finishPendingDeletion(store, ownerInfo, store.commit(ownerInfo, next, owner.object));
  }
}

function orphanDependents(store: ObjectStore, ownerUid: string): void {
  for (const dependent of store.state.dependentsOf(ownerUid)) {
    const found = store.state.byUidLookup(metaOf(dependent).uid);
    const depInfo = found === undefined ? undefined : store.state.infoForKey(found.key);
    if (found === undefined || depInfo === undefined) continue;
    const next = withFreshMetadata(found.object);
    const meta = next.metadata as JsonObject;
    const refs = (metaOf(found.object).ownerReferences ?? []).filter((o) => o.uid !== ownerUid);
    if (refs.length === 0) delete meta.ownerReferences;
    else meta.ownerReferences = refs;
    store.commit(depInfo, next, found.object);
  }
}

/** Marks the namespace Terminating, deletes its contents, and removes it once it is empty. */
function deleteNamespace(store: ObjectStore, info: TypeInfo, current: JsonObject): JsonObject {
  const name = metaOf(current).name;
  let latest = current;
  if (metaOf(current).deletionTimestamp === undefined) {
    const next = withFreshMetadata(current);
    (next.metadata as JsonObject).deletionTimestamp = formatTime(store.clock.now());
    next.status = { phase: 'Terminating' };
    latest = store.commit(info, next, current);
  }
  for (const typeInfo of uniqueNamespacedTypes(store)) {
    for (const object of store.state.all(typeInfo.type)) {
      if (metaOf(object).namespace !== name) continue;
      const still = store.state.find(typeInfo.type, name, metaOf(object).name);
      if (still !== undefined) deleteObject(store, typeInfo, still, { propagationPolicy: 'Background' });
    }
  }
  return maybeFinishNamespace(store, name) ?? store.state.find(NAMESPACES, undefined, name) ?? latest;
}

function maybeFinishNamespace(store: ObjectStore, name: string): JsonObject | undefined {
  const ns = store.state.find(NAMESPACES, undefined, name);
  if (ns === undefined || metaOf(ns).deletionTimestamp === undefined) return undefined;
  for (const typeInfo of uniqueNamespacedTypes(store)) {
    if (store.state.all(typeInfo.type).some((o) => metaOf(o).namespace === name)) return undefined;
  }
  const nsInfo = store.state.info(NAMESPACES);
  return store.removeNow(nsInfo, ns);
}

function uniqueNamespacedTypes(store: ObjectStore): TypeInfo[] {
  const seen = new Set<string>();
  return store.types().filter((t) => {
    if (!t.type.namespaced || seen.has(storageKey(t.type))) return false;
    seen.add(storageKey(t.type));
    return true;
  });
}
