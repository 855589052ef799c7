import { convertDesiredReplicasWithBehaviorRate, stabilizeWithBehaviors } from './behavior-rate.js';
import { setCondition } from './conditions.js';
import { convertDesiredReplicasWithRules, stabilizeRecommendation } from './legacy.js';
import type { Limited } from './legacy.js';
import type { HpaCondition, HpaMemory, ResolvedBehavior } from './types.js';

export interface NormalizeInput {
  /** Undefined: `normalizeDesiredReplicas` (§5.5); otherwise `normalizeDesiredReplicasWithBehaviors` (§5.6). */
  readonly behavior?: ResolvedBehavior;
  readonly currentReplicas: number;
  /** The max over the metric proposals. */
  readonly desiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly memory: HpaMemory;
  readonly conditions: readonly HpaCondition[];
  readonly downscaleStabilizationMs: number;
  readonly nowMs: number;
}

export interface Normalized {
  readonly replicas: number;
  readonly limitReason: string;
  readonly memory: HpaMemory;
  readonly conditions: readonly HpaCondition[];
  readonly reasons: readonly string[];
}

const READY_FOR_NEW_SCALE = {
  type: 'AbleToScale',
  status: 'True',
  reason: 'ReadyForNewScale',
  message: 'recommended size matches current size',
} as const;

/** Stabilize, then limit; both write the conditions Kubernetes writes (AbleToScale, ScalingLimited). */
export function normalizeDesiredReplicas(input: NormalizeInput): Normalized {
  return input.behavior === undefined ? normalizeLegacy(input) : normalizeWithBehavior(input, input.behavior);
}

function normalizeLegacy(input: NormalizeInput): Normalized {
  const { desiredReplicas, nowMs } = input;
  const stabilized = stabilizeRecommendation({
    recommendations: input.memory.recommendations,
    desiredReplicas,
    windowMs: input.downscaleStabilizationMs,
    nowMs,
  });
  const reasons: string[] = [];
  let conditions = input.conditions;
  if (stabilized.replicas !== desiredReplicas) {
    const message = 'recent recommendations were higher than current one, applying the highest recent recommendation';
    conditions = setCondition(
      conditions,
      { type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message },
      nowMs,
    );
    reasons.push(
      `ScaleDownStabilized: ${desiredReplicas} → ${stabilized.replicas}, the highest recommendation of the last ${input.downscaleStabilizationMs / 1000}s`,
    );
  } else {
    conditions = setCondition(conditions, READY_FOR_NEW_SCALE, nowMs);
  }
  const limited = convertDesiredReplicasWithRules({
    currentReplicas: input.currentReplicas,
    desiredReplicas: stabilized.replicas,
    minReplicas: input.minReplicas,
    maxReplicas: input.maxReplicas,
  });
  const memory = { ...input.memory, recommendations: stabilized.recommendations };
  return finish({ stabilized: stabilized.replicas, limited, memory, conditions, reasons, nowMs });
}

function normalizeWithBehavior(input: NormalizeInput, behavior: ResolvedBehavior): Normalized {
  const { desiredReplicas, nowMs } = input;
  const stabilized = stabilizeWithBehaviors({
    recommendations: input.memory.recommendations,
    currentReplicas: input.currentReplicas,
    desiredReplicas,
    scaleUpWindowMs: behavior.scaleUp.stabilizationWindowMs ?? 0,
    // maybeInitScaleDownStabilizationWindow: an unset scale-down window takes the controller's flag.
    scaleDownWindowMs: behavior.scaleDown.stabilizationWindowMs ?? input.downscaleStabilizationMs,
    nowMs,
  });
  const reasons: string[] = [];
  let conditions = input.conditions;
  if (stabilized.replicas !== desiredReplicas) {
    const { reason, message } = stabilized;
    conditions = setCondition(conditions, { type: 'AbleToScale', status: 'True', reason, message }, nowMs);
    reasons.push(`${reason}: ${desiredReplicas} → ${stabilized.replicas} (${message})`);
  } else {
    conditions = setCondition(conditions, READY_FOR_NEW_SCALE, nowMs);
  }
  const limited = convertDesiredReplicasWithBehaviorRate({
    currentReplicas: input.currentReplicas,
    desiredReplicas: stabilized.replicas,
    minReplicas: input.minReplicas,
    maxReplicas: input.maxReplicas,
    scaleUp: behavior.scaleUp,
    scaleDown: behavior.scaleDown,
    scaleUpEvents: input.memory.scaleUpEvents,
    scaleDownEvents: input.memory.scaleDownEvents,
    nowMs,
  });
  const memory = { ...input.memory, recommendations: stabilized.recommendations };
  return finish({ stabilized: stabilized.replicas, limited, memory, conditions, reasons, nowMs });
}

function finish(step: {
  stabilized: number;
  limited: Limited;
  memory: HpaMemory;
  conditions: readonly HpaCondition[];
  reasons: string[];
  nowMs: number;
}): Normalized {
  const { limited, stabilized } = step;
  const isLimited = limited.replicas !== stabilized;
  const conditions = setCondition(
    step.conditions,
    { type: 'ScalingLimited', status: isLimited ? 'True' : 'False', reason: limited.reason, message: limited.message },
    step.nowMs,
  );
  const reasons = isLimited
    ? [...step.reasons, `${limited.reason}: ${stabilized} → ${limited.replicas} (${limited.message})`]
    : step.reasons;
  return { replicas: limited.replicas, limitReason: limited.reason, memory: step.memory, conditions, reasons };
}
