import type {
  ScaledObject,
  ScaledObjectAnnotations,
  ScaledObjectMeta,
  ScaledObjectSpec,
  TriggerSpec,
} from '../../api/scaled-object.js';
import type { MetricTargetType } from '../../api/scaled-object.js';

/**
 * Builders for typed ScaledObjects in engine tests: KEDA's defaults (§4.1) with overrides, so a
 * test states only what it is about. Independent of the parser on purpose.
 */

export interface TriggerOverrides {
  readonly type?: string;
  readonly name?: string;
  readonly metricName?: string;
  readonly targetType?: MetricTargetType;
  readonly targetValue?: number;
  readonly activationThreshold?: number;
}

export function trigger(overrides: TriggerOverrides = {}): TriggerSpec {
  const type = overrides.type ?? 'kubernetes-workload';
  const targetType = overrides.targetType ?? 'AverageValue';
  return {
    type,
    ...(overrides.name === undefined ? {} : { name: overrides.name }),
    useCachedMetrics: false,
    metadata: {},
    config: {
      type,
      metricName: overrides.metricName ?? 's0-workload-default',
      targetType,
      targetValue: overrides.targetValue ?? 1,
      activationThreshold: overrides.activationThreshold ?? 0,
    },
  };
}

export interface ScaledObjectOverrides {
  readonly metadata?: Partial<ScaledObjectMeta>;
  readonly spec?: Partial<ScaledObjectSpec>;
  readonly annotations?: Partial<ScaledObjectAnnotations>;
}

export function scaledObject(overrides: ScaledObjectOverrides = {}): ScaledObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: {
      name: 'remote-scaler',
      namespace: 'default',
      creationTimestampMs: 0,
      labels: {},
      annotations: {},
      finalizers: [],
      ...overrides.metadata,
    },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'remote' },
      pollingIntervalMs: 30_000,
      cooldownPeriodMs: 300_000,
      initialCooldownPeriodMs: 0,
      minReplicaCount: 0,
      maxReplicaCount: 100,
      advanced: { restoreToOriginalReplicaCount: false, horizontalPodAutoscalerConfig: {} },
      triggers: [trigger()],
      ...overrides.spec,
    },
    annotations: {
      paused: false,
      pausedScaleIn: false,
      pausedScaleOut: false,
      forceActivation: false,
      evaluateOnChange: false,
      ...overrides.annotations,
    },
  };
}
