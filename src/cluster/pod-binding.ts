import type { PodCondition } from 'kubernetes-types/core/v1.js';
import { PODS } from '../kube/resources.js';
import type { JsonObject } from './json.js';
import { isJsonObject } from './json.js';
import { replaceCondition } from './pod-helpers.js';
import { conflictBecause } from './store-errors.js';
import { metaOf } from './store-state.js';

/** What the scheduler posts to `pods/<name>/binding`: the node, and labels it adds on the way. */
export interface PodBinding {
  readonly nodeName: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** The merge patch a binding applies to the pod's metadata and spec. */
export function bindingPatch(binding: PodBinding): JsonObject {
  return {
    ...(binding.labels === undefined ? {} : { metadata: { labels: { ...binding.labels } } }),
    spec: { nodeName: binding.nodeName },
  };
}

/** The apiserver refuses to bind a pod twice or one that is being deleted (409, as `assignPod` does). */
export function checkBindable(pod: JsonObject): void {
  const meta = metaOf(pod);
  if (meta.deletionTimestamp !== undefined) {
    throw conflictBecause(PODS, meta.name, `pod ${meta.name} is being deleted, cannot be assigned to a host`);
  }
  const spec = isJsonObject(pod.spec) ? pod.spec : {};
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') {
    throw conflictBecause(PODS, meta.name, `pod ${meta.name} is already assigned to node "${spec.nodeName}"`);
  }
}

/** The pod's status once bound: PodScheduled=True as of `now`, replacing any earlier PodScheduled. */
export function boundStatus(status: JsonObject | undefined, now: string): JsonObject {
  const conditions = (status?.conditions ?? []) as unknown as readonly PodCondition[];
  const scheduled: PodCondition = { type: 'PodScheduled', status: 'True', lastTransitionTime: now };
  return { ...status, conditions: replaceCondition(conditions, scheduled) as unknown as JsonObject[] };
}
