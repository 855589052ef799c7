import type { TriggerConfig } from '../triggers/trigger.js';

/**
 * A `keda.sh/v1alpha1` ScaledObject after validation: every field of KEDA's spec with its default
 * filled in (spec/keda-hpa-semantics.md §4.1). Durations are converted to milliseconds here, once.
 * Parsed by `parseScaledObject` (api/parse-scaled-object.ts); nothing downstream re-validates.
 */
export interface ScaledObject {
  readonly apiVersion: string;
  readonly kind: 'ScaledObject';
  readonly metadata: ScaledObjectMeta;
  readonly spec: ScaledObjectSpec;
  /** Control flags read from annotations (pause, force-activation, spillway's evaluate-on-change). */
  readonly annotations: ScaledObjectAnnotations;
}

export interface ScaledObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly uid?: string;
  readonly generation?: number;
  readonly resourceVersion?: string;
  readonly creationTimestampMs?: number;
  readonly deletionTimestampMs?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly finalizers: readonly string[];
}

export interface ScaledObjectSpec {
  readonly scaleTargetRef: ScaleTargetRef;
  readonly pollingIntervalMs: number; // default 30 s, ≥ 1 s
  readonly cooldownPeriodMs: number; // default 300 s
  readonly initialCooldownPeriodMs: number; // default 0
  readonly minReplicaCount: number; // default 0
  readonly maxReplicaCount: number; // default 100
  readonly idleReplicaCount?: number;
  readonly fallback?: Fallback;
  readonly advanced: Advanced;
  readonly triggers: readonly TriggerSpec[];
}

export interface ScaleTargetRef {
  readonly apiVersion: string; // default apps/v1
  readonly kind: string; // default Deployment
  readonly name: string;
  readonly envSourceContainerName?: string;
}

export type FallbackBehavior = 'static' | 'currentReplicas' | 'currentReplicasIfHigher' | 'currentReplicasIfLower';

export interface Fallback {
  readonly failureThreshold: number;
  readonly replicas: number;
  readonly behavior: FallbackBehavior; // default static
}

export interface Advanced {
  readonly restoreToOriginalReplicaCount: boolean; // default false
  readonly horizontalPodAutoscalerConfig: {
    readonly name?: string;
    /** Copied verbatim to the HPA as KEDA does; undefined means the legacy (no-behavior) path. */
    readonly behavior?: HpaBehavior;
  };
  readonly scalingModifiers?: ScalingModifiers;
}

/** autoscaling/v2 HorizontalPodAutoscalerBehavior, as the user wrote it (wire units: seconds). */
export interface HpaBehavior {
  readonly scaleUp?: HpaScalingRules;
  readonly scaleDown?: HpaScalingRules;
}

export interface HpaScalingRules {
  readonly stabilizationWindowSeconds?: number;
  readonly selectPolicy?: 'Max' | 'Min' | 'Disabled';
  readonly policies?: readonly HpaScalingPolicy[];
  readonly tolerance?: number;
}

export interface HpaScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodSeconds: number;
}

export interface ScalingModifiers {
  readonly formula: string;
  readonly target: number; // > 0
  readonly activationTarget: number; // default 0
  readonly metricType: 'AverageValue' | 'Value'; // default AverageValue
}

export type MetricTargetType = 'AverageValue' | 'Value' | 'Utilization';

export interface TriggerSpec {
  readonly type: string;
  readonly name?: string;
  /** Trigger-level `metricType`; undefined when not given (cpu/memory require it, others default to AverageValue). */
  readonly metricType?: MetricTargetType;
  readonly useCachedMetrics: boolean;
  readonly metadata: Readonly<Record<string, string>>;
  readonly authenticationRef?: { readonly name: string; readonly kind?: string };
  /** The metadata parsed by the trigger's own parser (triggers/<type>.ts). */
  readonly config: TriggerConfig;
}

export interface ScaledObjectAnnotations {
  /** `autoscaling.keda.sh/paused: "true"` (any non-bool value counts as true; "false" does not pause). */
  readonly paused: boolean;
  /** `autoscaling.keda.sh/paused-replicas: "N"`: presence alone pauses, target scaled to N. */
  readonly pausedReplicas?: number;
  readonly pausedScaleIn: boolean;
  readonly pausedScaleOut: boolean;
  readonly forceActivation: boolean;
  /** spillway's opt-in: a change to the pods a kubernetes-workload trigger selects triggers an immediate poll. */
  readonly evaluateOnChange: boolean;
}

export const ANNOTATIONS = {
  paused: 'autoscaling.keda.sh/paused',
  pausedReplicas: 'autoscaling.keda.sh/paused-replicas',
  pausedScaleIn: 'autoscaling.keda.sh/paused-scale-in',
  pausedScaleOut: 'autoscaling.keda.sh/paused-scale-out',
  forceActivation: 'autoscaling.keda.sh/force-activation',
  evaluateOnChange: 'spillway.io/evaluate-on-change',
} as const;

export const SCALED_OBJECT_FINALIZER = 'finalizer.keda.sh';
