import type { ResourceType } from '../kube/resources.js';
import { refOf } from '../kube/client.js';
import type { ControllerContext } from './controller-context.js';
import type { RawScaledObject, ScaledObjectStatusWire } from './scaled-object-status.js';

const lastWritten = new WeakMap<ControllerContext, Map<string, ScaledObjectStatusWire>>();

/**
 * Merge-patches the status subresource, skipping writes that would change nothing: at thousands
 * of ScaledObjects most polls change nothing, and the API server should not hear about them.
 * The status written is remembered as given, so callers hand over a status they no longer change.
 */
export async function writeStatus(
  context: ControllerContext,
  type: ResourceType,
  raw: RawScaledObject,
  status: ScaledObjectStatusWire,
  clearPausedReplicaCount: boolean,
): Promise<void> {
  const key = statusKey(raw);
  let cache = lastWritten.get(context);
  if (cache === undefined) {
    cache = new Map();
    lastWritten.set(context, cache);
  }
  const previous = cache.get(key);
  if (previous !== undefined && jsonEqual(previous, status)) return;
  const patch = { status: { ...status, ...(clearPausedReplicaCount && { pausedReplicaCount: null }) } };
  await context.client.mergePatch(type, refOf(raw), patch, { subresource: 'status' });
  cache.set(key, status);
}

/** Drops what was remembered of a deleted ScaledObject, so churn does not grow the cache. */
export function forgetStatus(context: ControllerContext, raw: RawScaledObject): void {
  lastWritten.get(context)?.delete(statusKey(raw));
}

function statusKey(raw: RawScaledObject): string {
  const metadata = raw.metadata;
  return `${metadata?.namespace ?? ''}/${metadata?.name ?? ''}/${metadata?.uid ?? ''}`;
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
