import type { ScaledObject } from '../api/scaled-object.js';
import { hpaMinReplicas, hpaPath, resolveHpaBehavior, syncHpa } from '../engine/hpa/index.js';
import type {
  HpaCondition,
  HpaMemory,
  HpaSyncResult,
  MetricObservation,
  ResolvedBehavior,
} from '../engine/hpa/index.js';
import { computeScaledObjectState } from '../engine/keda/scaled-object-state.js';
import { COMPOSITE_METRIC_NAME } from '../engine/keda/formula.js';
import type { TriggerOutcome } from '../engine/keda/types.js';
import { err, ok } from '../lib/result.js';
import { findTrigger } from '../triggers/registry.js';
import type { TargetScale } from './scale-target.js';
import { hpaPodsOf } from './scale-target.js';

/** What KEDA's generated `keda-hpa-<so>` would be fed on one sync: its metrics, read live through KEDA's adapter. */
export function hpaMetrics(scaledObject: ScaledObject, outcomes: readonly TriggerOutcome[]): MetricObservation[] {
  const external: MetricObservation[] = [];
  const modifiers = scaledObject.spec.advanced.scalingModifiers;
  if (modifiers !== undefined) {
    const composite = computeScaledObjectState({ scaledObject, outcomes }).composite;
    external.push({
      kind: 'external',
      name: COMPOSITE_METRIC_NAME,
      selector: metricSelectorOf(scaledObject),
      target: { type: modifiers.metricType, value: modifiers.target },
      measurement:
        composite?.value === undefined
          ? err('the scalingModifiers formula could not be evaluated')
          : ok(composite.value),
    });
  } else {
    for (const outcome of outcomes) {
      const trigger = scaledObject.spec.triggers.find((t) => t.config.metricName === outcome.metricName);
      if (trigger === undefined || trigger.config.targetType === 'Utilization') continue;
      external.push({
        kind: 'external',
        name: outcome.metricName,
        selector: metricSelectorOf(scaledObject),
        target: { type: trigger.config.targetType, value: trigger.config.targetValue },
        measurement: outcome.kind === 'failed' ? err(outcome.message) : ok(outcome.value),
      });
    }
  }
  // KEDA sorts the HPA's metric specs by type: External before Resource.
  return [...external, ...resourceMetricsOf(scaledObject)];
}

/** Parsed ScaledObjects are replaced, never changed: what their spec alone decides is built once each. */
const resourceMetrics = new WeakMap<ScaledObject, readonly MetricObservation[]>();
const behaviors = new WeakMap<ScaledObject, { readonly resolved: ResolvedBehavior | undefined }>();

const metricSelectors = new WeakMap<ScaledObject, Readonly<Record<string, string>>>();

/** The label KEDA's adapter selects each ScaledObject's metrics by; one frozen object each, so messages are built once. */
function metricSelectorOf(scaledObject: ScaledObject): Readonly<Record<string, string>> {
  let selector = metricSelectors.get(scaledObject);
  if (selector === undefined) {
    selector = Object.freeze({ 'scaledobject.keda.sh/name': scaledObject.metadata.name });
    metricSelectors.set(scaledObject, selector);
  }
  return selector;
}

function resourceMetricsOf(scaledObject: ScaledObject): readonly MetricObservation[] {
  let metrics = resourceMetrics.get(scaledObject);
  if (metrics === undefined) {
    metrics = scaledObject.spec.triggers
      .filter((t) => findTrigger(t.type)?.metricSource === 'resource')
      .map((t) => ({
        kind: 'resource',
        name: String(t.config['resourceName'] ?? t.type),
        target: {
          type: t.config.targetType === 'Utilization' ? 'Utilization' : 'AverageValue',
          value: t.config.targetValue,
        },
      }));
    resourceMetrics.set(scaledObject, metrics);
  }
  return metrics;
}

function behaviorOf(scaledObject: ScaledObject): ResolvedBehavior | undefined {
  let behavior = behaviors.get(scaledObject);
  if (behavior === undefined) {
    behavior = {
      resolved: resolveHpaBehavior(scaledObject.spec.advanced.horizontalPodAutoscalerConfig.behavior, {
        pausedScaleIn: scaledObject.annotations.pausedScaleIn,
        pausedScaleOut: scaledObject.annotations.pausedScaleOut,
      }),
    };
    behaviors.set(scaledObject, behavior);
  }
  return behavior.resolved;
}

export interface HpaSyncRequest {
  readonly scaledObject: ScaledObject;
  readonly outcomes: readonly TriggerOutcome[];
  readonly target: TargetScale;
  readonly memory: HpaMemory;
  readonly previousConditions: readonly HpaCondition[];
  readonly nowMs: number;
}

/**
 * Whether this sync asks KEDA's metrics adapter at all: at 0 replicas (scaling disabled) or outside
 * [min, max] the HPA sets the count without reading a metric, so no trigger is measured for it and
 * no fallback failure is counted (k8s `reconcileAutoscaler`).
 */
export function hpaReadsMetrics(scaledObject: ScaledObject, target: TargetScale): boolean {
  const { minReplicaCount, maxReplicaCount } = scaledObject.spec;
  return hpaPath(target.specReplicas, hpaMinReplicas(minReplicaCount), maxReplicaCount) === 'metrics';
}

export function runHpaSync(request: HpaSyncRequest): HpaSyncResult {
  const { scaledObject, target } = request;
  const behavior = behaviorOf(scaledObject);
  return syncHpa({
    minReplicas: hpaMinReplicas(scaledObject.spec.minReplicaCount),
    maxReplicas: scaledObject.spec.maxReplicaCount,
    ...(behavior !== undefined && { behavior }),
    metrics: hpaMetrics(scaledObject, request.outcomes),
    specReplicas: target.specReplicas,
    statusReplicas: target.statusReplicas,
    pods: hpaPodsOf(target.pods),
    memory: request.memory,
    nowMs: request.nowMs,
    previousConditions: request.previousConditions,
    namespace: scaledObject.metadata.namespace,
  });
}

export function hpaNameOf(scaledObject: ScaledObject): string {
  return scaledObject.spec.advanced.horizontalPodAutoscalerConfig.name ?? `keda-hpa-${scaledObject.metadata.name}`;
}
