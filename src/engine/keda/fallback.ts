import type { Fallback, MetricTargetType, ScaledObject } from '../../api/scaled-object.js';
import type { Result } from '../../lib/result.js';
import { assertNever, err, ok } from '../../lib/result.js';
import type { Measurement, MetricFailure } from '../../triggers/trigger.js';
import { CONDITION_MESSAGE, CONDITION_REASON, CONDITION_TYPE, EVENT_MESSAGE, EVENT_REASON } from '../reasons.js';
import type { Condition, HealthMap, HealthStatus, KedaEvent, TriggerOutcome } from './types.js';

/** Spec §4.8, after KEDA's `pkg/fallback/fallback.go`, without its status patches and pod listing. */

const RESOURCE_TRIGGER_TYPES = new Set(['cpu', 'memory']);

export function isResourceTrigger(type: string): boolean {
  return RESOURCE_TRIGGER_TYPES.has(type);
}

/**
 * `CheckFallbackValid`: a fallback needs a trigger the HPA reads through KEDA (not cpu/memory),
 * unless scalingModifiers turn every trigger into the one composite metric.
 */
export function isFallbackValid(scaledObject: ScaledObject): boolean {
  const { fallback, advanced, triggers } = scaledObject.spec;
  if (fallback === undefined) return false;
  if (fallback.failureThreshold < 0 || fallback.replicas < 0) return false;
  if (advanced.scalingModifiers !== undefined) return advanced.scalingModifiers.target > 0;
  return triggers.some((trigger) => !isResourceTrigger(trigger.type));
}

/** Success resets to 0/Happy; failure increments and marks Failing. */
export function updateHealth(previous: HealthStatus | undefined, succeeded: boolean): HealthStatus {
  if (succeeded) return { numberOfFailures: 0, status: 'Happy' };
  return { numberOfFailures: (previous?.numberOfFailures ?? 0) + 1, status: 'Failing' };
}

/** Strict: with threshold 3, the 4th consecutive failure engages the fallback. */
export function isFallbackEngaged(health: HealthStatus | undefined, failureThreshold: number): boolean {
  return health !== undefined && health.status === 'Failing' && health.numberOfFailures > failureThreshold;
}

/** The replica count the fallback aims the HPA at, per `fallback.behavior`. */
export function computeFallbackReplicas(fallback: Fallback, currentReplicas: number): number {
  switch (fallback.behavior) {
    case 'static':
      return fallback.replicas;
    case 'currentReplicas':
      return currentReplicas;
    case 'currentReplicasIfHigher':
      return Math.max(currentReplicas, fallback.replicas);
    case 'currentReplicasIfLower':
      return Math.min(currentReplicas, fallback.replicas);
    default:
      return assertNever(fallback.behavior, 'fallback behavior');
  }
}

export interface FallbackMetricInput {
  readonly replicas: number;
  readonly targetType: MetricTargetType;
  readonly targetValue: number;
  /** Pods of the target that are Ready and Running (only a Value target needs them). */
  readonly readyRunningPods: number;
}

/**
 * The metric that makes the HPA compute `replicas`: for AverageValue ceil(metric/target) = replicas;
 * for Value the HPA multiplies the ratio by the ready pods, so the metric is divided by them.
 */
export function computeFallbackMetric(input: FallbackMetricInput): Result<number, string> {
  const base = input.targetValue * input.replicas;
  switch (input.targetType) {
    case 'AverageValue':
      return ok(base);
    case 'Value':
      if (input.readyRunningPods <= 0) return err('fallback for a Value target needs Ready and Running pods, found 0');
      return ok(base / input.readyRunningPods);
    case 'Utilization':
      return err('fallback does not apply to Utilization (cpu/memory) metrics');
    default:
      return assertNever(input.targetType, 'metric target type');
  }
}

export interface ApplyFallbackInput {
  readonly scaledObject: ScaledObject;
  readonly metricName: string;
  readonly triggerName?: string;
  readonly targetType: MetricTargetType;
  readonly targetValue: number;
  readonly measurement: Result<Measurement, MetricFailure>;
  /** `status.health` before this measurement. */
  readonly health: HealthMap;
  readonly currentReplicas: number;
  readonly readyRunningPods: number;
}

export interface ApplyFallbackResult {
  readonly outcome: TriggerOutcome;
  /** The new `status.health`, for the caller to persist (unchanged without a valid fallback). */
  readonly health: HealthMap;
  readonly isFallbackActive: boolean;
  readonly reasons: readonly string[];
}

const NO_REASONS: readonly string[] = Object.freeze([]);

/** Built field by field: every poll and HPA sync measures, and spreads cost temporary objects. */
function measuredOutcome(metricName: string, triggerName: string | undefined, measured: Measurement): TriggerOutcome {
  return triggerName === undefined
    ? { kind: 'measured', metricName, value: measured.value, isActive: measured.isActive }
    : { kind: 'measured', metricName, triggerName, value: measured.value, isActive: measured.isActive };
}

/** KEDA's `GetMetricsWithFallback` for one metric, as a value. Both the poll and each HPA sync call it. */
export function applyFallback(input: ApplyFallbackInput): ApplyFallbackResult {
  const { scaledObject, metricName, measurement } = input;
  const fallback = scaledObject.spec.fallback;
  const tracked = fallback !== undefined && isFallbackValid(scaledObject) && input.targetType !== 'Utilization';

  if (measurement.ok) {
    const outcome = measuredOutcome(metricName, input.triggerName, measurement.value);
    if (!tracked) return { outcome, health: input.health, isFallbackActive: false, reasons: NO_REASONS };
    return {
      outcome,
      health: { ...input.health, [metricName]: updateHealth(input.health[metricName], true) },
      isFallbackActive: false,
      reasons: NO_REASONS,
    };
  }

  const names = input.triggerName === undefined ? {} : { triggerName: input.triggerName };
  const message = measurement.error.message;
  const failed: TriggerOutcome = { kind: 'failed', metricName, ...names, message };
  if (!tracked) {
    return {
      outcome: failed,
      health: input.health,
      isFallbackActive: false,
      reasons: [`${metricName} failed: ${message}`],
    };
  }

  const nextHealth = updateHealth(input.health[metricName], false);
  const health = { ...input.health, [metricName]: nextHealth };
  const failures = `${nextHealth.numberOfFailures} consecutive failure(s), failureThreshold ${fallback.failureThreshold}`;
  if (!isFallbackEngaged(nextHealth, fallback.failureThreshold)) {
    return {
      outcome: failed,
      health,
      isFallbackActive: false,
      reasons: [`${metricName} failed (${failures}): error propagated, fallback not engaged`],
    };
  }

  const replicas = computeFallbackReplicas(fallback, input.currentReplicas);
  const metric = computeFallbackMetric({
    replicas,
    targetType: input.targetType,
    targetValue: input.targetValue,
    readyRunningPods: input.readyRunningPods,
  });
  if (!metric.ok) {
    return {
      outcome: { ...failed, message: `${message}; ${metric.error}` },
      health,
      isFallbackActive: false,
      reasons: [`${metricName}: ${metric.error}`],
    };
  }
  return {
    outcome: { kind: 'fallback', metricName, ...names, value: metric.value, message },
    health,
    isFallbackActive: true,
    reasons: [
      `${metricName} failed (${failures}): fallback engaged, behavior ${fallback.behavior} → ${replicas} replicas, serving ${metric.value}`,
    ],
  };
}

export interface FallbackStatusInput {
  readonly scaledObject: ScaledObject;
  readonly health: HealthMap;
  /** The Fallback condition as last persisted, to detect transitions. */
  readonly previous?: Condition;
}

export interface FallbackStatus {
  /** Undefined when KEDA would not touch the condition (no valid fallback). */
  readonly condition?: Condition;
  readonly events: readonly KedaEvent[];
}

/** Fallback condition and its transition events, from the health map. */
export function decideFallbackStatus(input: FallbackStatusInput): FallbackStatus {
  const fallback = input.scaledObject.spec.fallback;
  if (fallback === undefined || !isFallbackValid(input.scaledObject)) return { events: [] };
  const exists = Object.values(input.health).some((health) => isFallbackEngaged(health, fallback.failureThreshold));
  const condition: Condition = exists
    ? {
        type: CONDITION_TYPE.fallback,
        status: 'True',
        reason: CONDITION_REASON.fallbackExists,
        message: CONDITION_MESSAGE.fallbackExists,
      }
    : {
        type: CONDITION_TYPE.fallback,
        status: 'False',
        reason: CONDITION_REASON.noFallbackFound,
        message: CONDITION_MESSAGE.noFallbackFound,
      };
  const wasActive = input.previous?.status === 'True';
  const events: KedaEvent[] = [];
  if (exists && !wasActive) {
    events.push({
      type: 'Normal',
      reason: EVENT_REASON.scaledObjectFallbackActivated,
      message: EVENT_MESSAGE.fallbackActivated,
    });
  } else if (!exists && wasActive) {
    events.push({
      type: 'Normal',
      reason: EVENT_REASON.scaledObjectFallbackDeactivated,
      message: EVENT_MESSAGE.fallbackDeactivated,
    });
  }
  return { condition, events };
}
