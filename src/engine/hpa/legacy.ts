import type { TimestampedRecommendation } from './types.js';

/** A limit applied to a recommendation, with the ScalingLimited reason and message Kubernetes writes. */
export interface Limited {
  readonly replicas: number;
  readonly reason: string;
  readonly message: string;
}

export const LIMIT_MESSAGES = {
  ScaleUpLimit: 'the desired replica count is increasing faster than the maximum scale rate',
  ScaleDownLimit: 'the desired replica count is decreasing faster than the maximum scale rate',
  TooManyReplicas: 'the desired replica count is more than the maximum replica count',
  TooFewReplicas: 'the desired replica count is less than the minimum replica count',
  DesiredWithinRange: 'the desired count is within the acceptable range',
} as const;

export interface Stabilized {
  readonly replicas: number;
  readonly recommendations: readonly TimestampedRecommendation[];
}

/**
 * `stabilizeRecommendation` (no behavior): the max of the proposal and every recommendation not older than
 * the window. The raw proposal is stored, in place of the last entry that fell out of the window if any, so
 * the history never grows beyond one entry per sync within the window.
 */
export function stabilizeRecommendation(input: {
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly desiredReplicas: number;
  readonly windowMs: number;
  readonly nowMs: number;
}): Stabilized {
  const cutoffMs = input.nowMs - input.windowMs;
  let maxRecommendation = input.desiredReplicas;
  let oldIndex = -1;
  input.recommendations.forEach((rec, i) => {
    if (rec.timestampMs < cutoffMs) oldIndex = i;
    else if (rec.replicas > maxRecommendation) maxRecommendation = rec.replicas;
  });
  const entry = { replicas: input.desiredReplicas, timestampMs: input.nowMs };
  return { replicas: maxRecommendation, recommendations: replaceOrAppend(input.recommendations, oldIndex, entry) };
}

/**
 * `convertDesiredReplicasWithRules`: clamp to [min, min(max, max(2·current, 4))]. The per-sync cap guards
 * against bogus usage reports (kubernetes#32304); min wins over the cap.
 */
export function convertDesiredReplicasWithRules(input: {
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}): Limited {
  const scaleUpLimit = Math.trunc(Math.max(2 * input.currentReplicas, 4));
  const [maximumAllowed, upperReason] =
    input.maxReplicas > scaleUpLimit
      ? [scaleUpLimit, 'ScaleUpLimit' as const]
      : [input.maxReplicas, 'TooManyReplicas' as const];
  if (input.desiredReplicas < input.minReplicas) {
    return { replicas: input.minReplicas, reason: 'TooFewReplicas', message: LIMIT_MESSAGES.TooFewReplicas };
  }
  if (input.desiredReplicas > maximumAllowed) {
    return { replicas: maximumAllowed, reason: upperReason, message: LIMIT_MESSAGES[upperReason] };
  }
  return { replicas: input.desiredReplicas, reason: 'DesiredWithinRange', message: LIMIT_MESSAGES.DesiredWithinRange };
}

export function replaceOrAppend<T>(list: readonly T[], index: number, entry: T): readonly T[] {
  if (index < 0) return [...list, entry];
  return list.map((item, i) => (i === index ? entry : item));
}
