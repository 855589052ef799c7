import type { HpaBehavior, HpaScalingRules } from '../../api/scaled-object.js';
import type { ResolvedBehavior, ResolvedScalingPolicy, ResolvedScalingRules } from './types.js';

/** kube-controller-manager's defaults (`config/v1alpha1/defaults.go`) and the gate state of Kubernetes 1.35. */
export const DEFAULT_HPA_OPTIONS = {
  tolerance: 0.1,
  downscaleStabilizationMs: 300_000,
  configurableTolerance: true,
  cpuInitializationPeriodMs: 300_000,
  initialReadinessDelayMs: 30_000,
} as const;

/** KEDA's `GetHPAMinReplicas`: the HPA cannot have 0 replicas, scale to zero is KEDA's job. */
export function hpaMinReplicas(minReplicaCount: number): number {
  return minReplicaCount > 0 ? minReplicaCount : 1;
}

export interface PauseAnnotations {
  readonly pausedScaleIn?: boolean;
  readonly pausedScaleOut?: boolean;
}

/**
 * The behavior the HPA runs with: KEDA copies the user's behavior verbatim (the pause annotations set a
 * direction's selectPolicy to Disabled), then the API server fills what is missing (`defaults.go`).
 * Undefined means the legacy path (§5.5), which is what KEDA produces when nothing is configured.
 */
export function resolveHpaBehavior(
  behavior: HpaBehavior | undefined,
  pause: PauseAnnotations = {},
): ResolvedBehavior | undefined {
  const withPause = applyPauseAnnotations(behavior, pause);
  if (withPause === undefined) return undefined;
  return {
    scaleUp: resolveRules(withPause.scaleUp, SCALE_UP_DEFAULTS),
    scaleDown: resolveRules(withPause.scaleDown, SCALE_DOWN_DEFAULTS),
  };
}

const SCALE_UP_DEFAULTS: ResolvedScalingRules = {
  stabilizationWindowMs: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodMs: 15_000 },
    { type: 'Percent', value: 100, periodMs: 15_000 },
  ],
};

// No stabilization here on purpose: nil lets the controller apply its --downscale-stabilization flag.
const SCALE_DOWN_DEFAULTS: ResolvedScalingRules = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodMs: 15_000 }],
};

function applyPauseAnnotations(behavior: HpaBehavior | undefined, pause: PauseAnnotations): HpaBehavior | undefined {
  let result = behavior;
  if (pause.pausedScaleIn === true) {
    result = { ...result, scaleDown: { ...result?.scaleDown, selectPolicy: 'Disabled' } };
  }
  if (pause.pausedScaleOut === true) {
    result = { ...result, scaleUp: { ...result?.scaleUp, selectPolicy: 'Disabled' } };
  }
  return result;
}

// copyHPAScalingRules: each field set by the user wins; a user policy list replaces the defaults wholesale.
function resolveRules(rules: HpaScalingRules | undefined, defaults: ResolvedScalingRules): ResolvedScalingRules {
  if (rules === undefined) return defaults;
  const stabilizationWindowMs =
    rules.stabilizationWindowSeconds !== undefined
      ? rules.stabilizationWindowSeconds * 1000
      : defaults.stabilizationWindowMs;
  const tolerance = rules.tolerance ?? defaults.tolerance;
  return {
    ...(stabilizationWindowMs !== undefined ? { stabilizationWindowMs } : {}),
    selectPolicy: rules.selectPolicy ?? defaults.selectPolicy,
    policies: rules.policies !== undefined ? rules.policies.map(toResolvedPolicy) : defaults.policies,
    ...(tolerance !== undefined ? { tolerance } : {}),
  };
}

function toResolvedPolicy(policy: {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}): ResolvedScalingPolicy {
  return { type: policy.type, value: policy.value, periodMs: policy.periodSeconds * 1000 };
}
