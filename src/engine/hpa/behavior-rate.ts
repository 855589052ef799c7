import { LIMIT_MESSAGES, replaceOrAppend } from './legacy.js';
import type { Limited } from './legacy.js';
import type { ResolvedScalingRules, ScaleEvent, TimestampedRecommendation } from './types.js';

const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;

export interface StabilizedWithBehavior {
  readonly replicas: number;
  readonly reason: 'ScaleUpStabilized' | 'ScaleDownStabilized';
  readonly message: string;
  readonly recommendations: readonly TimestampedRecommendation[];
}

/**
 * `stabilizeRecommendationWithBehaviors`: the lowest recommendation of the scale-up window caps a rise, the
 * highest of the scale-down window caps a fall, both starting from current. Windows are strict (`After`), so
 * a zero window sees nothing. Only an entry outside both windows is reused.
 */
export function stabilizeWithBehaviors(input: {
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  readonly scaleUpWindowMs: number;
  readonly scaleDownWindowMs: number;
  readonly nowMs: number;
}): StabilizedWithBehavior {
  const upCutoffMs = input.nowMs - input.scaleUpWindowMs;
  const downCutoffMs = input.nowMs - input.scaleDownWindowMs;
  let upRecommendation = input.desiredReplicas;
  let downRecommendation = input.desiredReplicas;
  let oldIndex = -1;
  input.recommendations.forEach((rec, i) => {
    if (rec.timestampMs > upCutoffMs) upRecommendation = Math.min(rec.replicas, upRecommendation);
    if (rec.timestampMs > downCutoffMs) downRecommendation = Math.max(rec.replicas, downRecommendation);
    if (rec.timestampMs < upCutoffMs && rec.timestampMs < downCutoffMs) oldIndex = i;
  });
  let replicas = input.currentReplicas;
  if (replicas < upRecommendation) replicas = upRecommendation;
  if (replicas > downRecommendation) replicas = downRecommendation;
  const entry = { replicas: input.desiredReplicas, timestampMs: input.nowMs };
  const recommendations = replaceOrAppend(input.recommendations, oldIndex, entry);
  return input.desiredReplicas >= input.currentReplicas
    ? {
        replicas,
        recommendations,
        reason: 'ScaleUpStabilized',
        message: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
      }
    : {
        replicas,
        recommendations,
        reason: 'ScaleDownStabilized',
        message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
      };
}

/** `getReplicasChangePerPeriod`: events strictly after now − period. */
export function replicasChangedInPeriod(events: readonly ScaleEvent[], periodMs: number, nowMs: number): number {
  const cutoffMs = nowMs - periodMs;
  let replicas = 0;
  for (const event of events) if (event.timestampMs > cutoffMs) replicas += event.replicaChange;
  return replicas;
}

export interface ScaleLimitInput {
  readonly currentReplicas: number;
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
  readonly rules: ResolvedScalingRules;
  readonly nowMs: number;
}

/** `calculateScaleUpLimitWithScalingRules`: each policy measures from the replica count at its period start. */
export function calculateScaleUpLimit(input: ScaleLimitInput): number {
  const { rules } = input;
  if (rules.selectPolicy === 'Disabled') return input.currentReplicas;
  const pick = rules.selectPolicy === 'Min' ? Math.min : Math.max;
  let result = rules.selectPolicy === 'Min' ? MAX_INT32 : MIN_INT32;
  for (const policy of rules.policies) {
    const start = periodStartReplicas(input, policy.periodMs);
    const proposed = policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

/** `calculateScaleDownLimitWithBehaviors`: Max means the largest change, hence the smallest count. */
export function calculateScaleDownLimit(input: ScaleLimitInput): number {
  const { rules } = input;
  if (rules.selectPolicy === 'Disabled') return input.currentReplicas;
  const pick = rules.selectPolicy === 'Min' ? Math.max : Math.min;
  let result = rules.selectPolicy === 'Min' ? MIN_INT32 : MAX_INT32;
  for (const policy of rules.policies) {
    const start = periodStartReplicas(input, policy.periodMs);
    const proposed = policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    result = pick(result, proposed);
  }
  return result;
}

function periodStartReplicas(input: ScaleLimitInput, periodMs: number): number {
  const added = replicasChangedInPeriod(input.scaleUpEvents, periodMs, input.nowMs);
  const removed = replicasChangedInPeriod(input.scaleDownEvents, periodMs, input.nowMs);
  return input.currentReplicas - added + removed;
}

export interface BehaviorRateInput {
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly scaleUp: ResolvedScalingRules;
  readonly scaleDown: ResolvedScalingRules;
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
  readonly nowMs: number;
}

/**
 * `convertDesiredReplicasWithBehaviorRate`: rate limits, then min/max. A limit never crosses current, so
 * recent scaling in the other direction cannot push the count the wrong way.
 */
export function convertDesiredReplicasWithBehaviorRate(input: BehaviorRateInput): Limited {
  const { currentReplicas, desiredReplicas } = input;
  const events = { scaleUpEvents: input.scaleUpEvents, scaleDownEvents: input.scaleDownEvents, nowMs: input.nowMs };
  if (desiredReplicas > currentReplicas) {
    const limit = Math.max(
      calculateScaleUpLimit({ ...events, currentReplicas, rules: input.scaleUp }),
      currentReplicas,
    );
    const [allowed, reason] =
      input.maxReplicas > limit ? [limit, 'ScaleUpLimit' as const] : [input.maxReplicas, 'TooManyReplicas' as const];
    if (desiredReplicas > allowed) return { replicas: allowed, reason, message: LIMIT_MESSAGES[reason] };
  } else if (desiredReplicas < currentReplicas) {
    const limit = Math.min(
      calculateScaleDownLimit({ ...events, currentReplicas, rules: input.scaleDown }),
      currentReplicas,
    );
    const [allowed, reason] =
      input.minReplicas < limit ? [limit, 'ScaleDownLimit' as const] : [input.minReplicas, 'TooFewReplicas' as const];
    if (desiredReplicas < allowed) return { replicas: allowed, reason, message: LIMIT_MESSAGES[reason] };
  }
  return { replicas: desiredReplicas, reason: 'DesiredWithinRange', message: LIMIT_MESSAGES.DesiredWithinRange };
}

/**
 * `storeScaleEvent` after a successful rescale: events older than the direction's longest policy period are
 * marked outdated (for good), and the last outdated slot takes the new event.
 */
export function storeScaleEvent(input: {
  readonly events: readonly ScaleEvent[];
  readonly rules: ResolvedScalingRules;
  readonly replicaChange: number;
  readonly nowMs: number;
}): readonly ScaleEvent[] {
  const longestPeriodMs = input.rules.policies.reduce((longest, policy) => Math.max(longest, policy.periodMs), 0);
  const cutoffMs = input.nowMs - longestPeriodMs;
  const marked = input.events.map((event) => (event.timestampMs < cutoffMs ? { ...event, outdated: true } : event));
  let oldIndex = -1;
  marked.forEach((event, i) => {
    if (event.outdated) oldIndex = i;
  });
  return replaceOrAppend(marked, oldIndex, {
    replicaChange: input.replicaChange,
    timestampMs: input.nowMs,
    outdated: false,
  });
}
