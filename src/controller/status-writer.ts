import type { ResourceType } from '../kube/resources.js';
import { refOf } from '../kube/client.js';
import type { ControllerContext } from './controller-context.js';
import type { RawScaledObject, ScaledObjectStatusWire } from './scaled-object-status.js';

const lastWritten = new WeakMap<ControllerContext, Map<string, string>>();

/**
 * Merge-patches the status subresource, skipping writes that would change nothing: at thousands
 * of ScaledObjects most polls change nothing, and the API server should not hear about them.
 */
export async function writeStatus(
  context: ControllerContext,
  type: ResourceType,
  raw: RawScaledObject,
  status: ScaledObjectStatusWire,
  clearPausedReplicaCount: boolean,
): Promise<void> {
  const ref = refOf(raw);
  const key = statusKey(raw);
  const body = JSON.stringify(status);
  let cache = lastWritten.get(context);
  if (cache === undefined) {
    cache = new Map();
    lastWritten.set(context, cache);
  }
  if (cache.get(key) === body) return;
  const patch = { status: { ...status, ...(clearPausedReplicaCount && { pausedReplicaCount: null }) } };
  await context.client.mergePatch(type, ref, patch, { subresource: 'status' });
  cache.set(key, body);
}

/** Drops what was remembered of a deleted ScaledObject, so churn does not grow the cache. */
export function forgetStatus(context: ControllerContext, raw: RawScaledObject): void {
  lastWritten.get(context)?.delete(statusKey(raw));
}

function statusKey(raw: RawScaledObject): string {
  const ref = refOf(raw);
  return `${ref.namespace ?? ''}/${ref.name}/${raw.metadata?.uid ?? ''}`;
}
