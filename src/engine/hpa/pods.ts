import type { HpaOptions, HpaPod } from './types.js';

/** `getReadyPodsCount`: Running and Ready; the External Value path multiplies its ratio by this. */
export function countReadyPods(pods: readonly HpaPod[]): number {
  return pods.filter((pod) => pod.phase === 'Running' && pod.ready).length;
}

export interface PodGroups {
  readonly readyPodCount: number;
  /** Pod name → usage in milli-units, for the pods counted as ready. */
  readonly readyUsageMilli: ReadonlyMap<string, number>;
  readonly unready: readonly string[];
  readonly missing: readonly string[];
  readonly ignored: readonly string[];
}

export interface GroupPodsInput {
  readonly pods: readonly HpaPod[];
  readonly resource: string;
  readonly nowMs: number;
  readonly options: Pick<HpaOptions, 'cpuInitializationPeriodMs' | 'initialReadinessDelayMs'>;
  readonly toMilli: (value: number) => number;
}

/**
 * `groupPods` (§5.7). Deleted and terminal pods are ignored, Pending ones unready, pods without a sample
 * missing. Only CPU looks at readiness, because a starting JVM burns CPU that says nothing about load.
 */
export function groupPods(input: GroupPodsInput): PodGroups {
  const readyUsageMilli = new Map<string, number>();
  const unready: string[] = [];
  const missing: string[] = [];
  const ignored: string[] = [];
  for (const pod of input.pods) {
    if (pod.deleted || pod.phase === 'Succeeded' || pod.phase === 'Failed') {
      ignored.push(pod.name);
      continue;
    }
    if (pod.phase === 'Pending') {
      unready.push(pod.name);
      continue;
    }
    const usage = pod.usage?.[input.resource];
    if (usage === undefined) {
      missing.push(pod.name);
      continue;
    }
    if (input.resource === 'cpu' && isUnreadyForCpu(pod, input)) {
      unready.push(pod.name);
      continue;
    }
    readyUsageMilli.set(pod.name, input.toMilli(usage));
  }
  return { readyPodCount: readyUsageMilli.size, readyUsageMilli, unready, missing, ignored };
}

function isUnreadyForCpu(pod: HpaPod, input: GroupPodsInput): boolean {
  if (pod.readyTransitionMs === undefined || pod.startTimeMs === undefined) return true;
  const transitionMs = pod.readyTransitionMs;
  if (pod.startTimeMs + input.options.cpuInitializationPeriodMs > input.nowMs) {
    // Within the initialization period a sample must cover a full window after the last readiness change.
    const sampleMs = pod.usageTimestampMs;
    const stale = sampleMs !== undefined && sampleMs < transitionMs + (pod.usageWindowMs ?? 0);
    return !pod.ready || stale;
  }
  // Afterwards only a pod that has never become ready since start (within the readiness delay) is unready.
  return !pod.ready && pod.startTimeMs + input.options.initialReadinessDelayMs > transitionMs;
}
