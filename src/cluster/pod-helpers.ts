import type { Pod, PodCondition } from 'kubernetes-types/core/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { parseTime } from '../lib/clock.js';
import type { ResourceAmounts } from './quantity.js';
import { addResources, parseResources } from './quantity.js';

// Stored objects are frozen and replaced on every write, so identity is a safe cache key.
const requestsCache = new WeakMap<Pod, ResourceAmounts>();

/** What a pod takes from a node: container requests (limits when no request), plus overhead, plus one pod slot. */
export function podRequests(pod: Pod): ResourceAmounts {
  const cached = requestsCache.get(pod);
  if (cached !== undefined) return cached;
  const computed = computeRequests(pod);
  if (Object.isFrozen(pod)) requestsCache.set(pod, computed);
  return computed;
}

function computeRequests(pod: Pod): ResourceAmounts {
  let total: Record<string, number> = { pods: 1 };
  for (const container of pod.spec?.containers ?? []) {
    const limits = parseResources(container.resources?.limits);
    const requests = parseResources(container.resources?.requests);
    total = addResources(total, { ...limits, ...requests });
  }
  return addResources(total, parseResources(pod.spec?.overhead));
}

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function isTerminating(object: { metadata?: { deletionTimestamp?: string } }): boolean {
  return object.metadata?.deletionTimestamp !== undefined;
}

/** Counted by its ReplicaSet: not being deleted and not finished. */
export function isActivePod(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !isTerminating(pod) && phase !== 'Succeeded' && phase !== 'Failed';
}

export function controllerOf(
  object: { metadata?: { ownerReferences?: OwnerReference[] } },
  kind: string,
): OwnerReference | undefined {
  return object.metadata?.ownerReferences?.find((o) => o.controller === true && o.kind === kind);
}

export function ownerReference(
  owner: { metadata?: { name?: string; uid?: string } },
  apiVersion: string,
  kind: string,
): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function createdMs(object: { metadata?: { creationTimestamp?: string } }): number {
  return parseTime(object.metadata?.creationTimestamp ?? '') ?? 0;
}

export function refKey(object: { metadata?: { namespace?: string; name?: string } }): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** `conditions` with `next` in place of any condition of its type, which goes last. */
export function replaceCondition(conditions: readonly PodCondition[] | undefined, next: PodCondition): PodCondition[] {
  return [...(conditions ?? []).filter((c) => c.type !== next.type), next];
}
