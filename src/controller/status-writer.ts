import type { ResourceType } from '../kube/resources.js';
import type { MaybePromise } from '../lib/maybe-promise.js';
import { refOf } from '../kube/client.js';
import type { ControllerContext } from './controller-context.js';
import type { RawScaledObject, ScaledObjectStatusWire } from './scaled-object-status.js';

interface Written {
  readonly uid: string;
  readonly status: ScaledObjectStatusWire;
}

/** By namespace, then name: asked on every poll, so no key string is built for the lookup. */
type WrittenStatuses = Map<string, Map<string, Written>>;

const lastWritten = new WeakMap<ControllerContext, WrittenStatuses>();

/**
 * Merge-patches the status subresource, skipping writes that would change nothing: at thousands
 * of ScaledObjects most polls change nothing, and the API server should not hear about them.
 * Like KEDA's `MergeFrom` patches, a write carries only the fields that changed since the last
 * one (an active ScaledObject's polls change `lastActiveTime` alone); the first carries them all.
 * The status written is remembered as given, so callers hand over a status they no longer change.
 * Nothing to write is answered at once, without a promise: that is most polls.
 */
export function writeStatus(
  context: ControllerContext,
  type: ResourceType,
  raw: RawScaledObject,
  status: ScaledObjectStatusWire,
  clearPausedReplicaCount: boolean,
): MaybePromise<void> {
  const { namespace, name, uid } = identityOf(raw);
  let cache = lastWritten.get(context);
  if (cache === undefined) {
    cache = new Map();
    lastWritten.set(context, cache);
  }
  const remembered = cache.get(namespace)?.get(name);
  const previous = remembered?.uid === uid ? remembered.status : undefined;
  const changed = previous === undefined ? status : changedFields(previous, status);
  const clearPaused =
    clearPausedReplicaCount &&
    (previous === undefined ||
      previous.pausedReplicaCount !== undefined ||
      raw.status?.pausedReplicaCount !== undefined);
  if (changed === undefined && !clearPaused) return;
  const patch = { status: { ...changed, ...(clearPaused && { pausedReplicaCount: null }) } };
  const remember = cache;
  return context.client.mergePatch(type, refOf(raw), patch, { subresource: 'status' }).then(() => {
    let byName = remember.get(namespace);
    if (byName === undefined) remember.set(namespace, (byName = new Map()));
    byName.set(name, { uid, status });
  });
}

/** Drops what was remembered of a deleted ScaledObject, so churn does not grow the cache. */
export function forgetStatus(context: ControllerContext, raw: RawScaledObject): void {
  const { namespace, name, uid } = identityOf(raw);
  const byName = lastWritten.get(context)?.get(namespace);
  if (byName?.get(name)?.uid !== uid) return;
  byName.delete(name);
  if (byName.size === 0) lastWritten.get(context)?.delete(namespace);
}

function identityOf(raw: RawScaledObject): { namespace: string; name: string; uid: string } {
  const metadata = raw.metadata;
  return { namespace: metadata?.namespace ?? '', name: metadata?.name ?? '', uid: metadata?.uid ?? '' };
}

/**
 * The top-level fields of `next` that differ from `previous`, or undefined when none do. Fields
 * `next` lacks are left out, as a full merge patch would leave them as they are.
 */
function changedFields(
  previous: ScaledObjectStatusWire,
  next: ScaledObjectStatusWire,
): Partial<ScaledObjectStatusWire> | undefined {
  let changed: Record<string, unknown> | undefined;
  const before = previous as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  for (const key in after) {
    const value = after[key];
    if (!Object.hasOwn(after, key) || value === undefined || jsonEqual(before[key], value)) continue;
    (changed ??= {})[key] = value;
  }
  return changed;
}

/**
 * Equal as JSON documents (undefined members are absent, key order is irrelevant). Cheaper than
 * comparing serialisations, and shared parts of two statuses are recognised by identity.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let leftCount = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key) || left[key] === undefined) continue;
    leftCount++;
    if (!Object.hasOwn(right, key) || !jsonEqual(left[key], right[key])) return false;
  }
  let rightCount = 0;
  for (const key in right) if (Object.hasOwn(right, key) && right[key] !== undefined) rightCount++;
  return leftCount === rightCount;
}
