import type { ScaledObject, TriggerSpec } from '../api/scaled-object.js';
import { applyFallback } from '../engine/keda/fallback.js';
import type { ApplyFallbackInput } from '../engine/keda/fallback.js';
import type { HealthMap, TriggerOutcome } from '../engine/keda/types.js';
import type { MaybePromise } from '../lib/maybe-promise.js';
import { isPromise } from '../lib/maybe-promise.js';
import { err } from '../lib/result.js';
import { findTrigger } from '../triggers/registry.js';
import type { MeasureResult, MetricSources } from '../triggers/trigger.js';

export interface MeasuredTriggers {
  /** One per external trigger, in trigger order, after fallback. */
  readonly outcomes: readonly TriggerOutcome[];
  readonly health: HealthMap;
  readonly reasons: readonly string[];
  /** Raw results by metric name, for `useCachedMetrics` and metrics exposition. */
  readonly raw: ReadonlyMap<string, MeasureResult>;
}

export interface MeasureInput {
  readonly scaledObject: ScaledObject;
  readonly sources: MetricSources;
  readonly health: HealthMap;
  readonly currentReplicas: number;
  readonly readyRunningPods: number;
  /** The last poll's results; a trigger with `useCachedMetrics` reads from here on HPA syncs. */
  readonly cached?: ReadonlyMap<string, MeasureResult>;
}

export function isExternalTrigger(trigger: TriggerSpec): boolean {
  return findTrigger(trigger.type)?.metricSource === 'external';
}

const NO_REASONS: readonly string[] = Object.freeze([]);

/** Parsed ScaledObjects are replaced, never changed: their external triggers are picked out once. */
const externalTriggers = new WeakMap<ScaledObject, readonly TriggerSpec[]>();

function externalTriggersOf(scaledObject: ScaledObject): readonly TriggerSpec[] {
  let triggers = externalTriggers.get(scaledObject);
  if (triggers === undefined) {
    triggers = scaledObject.spec.triggers.filter(isExternalTrigger);
    externalTriggers.set(scaledObject, triggers);
  }
  return triggers;
}

/**
 * Measures every external trigger (KEDA's scalers cache) and runs each through fallback, which
 * both the poll and every HPA sync do, so both advance the failure counts (spec §4.8). Triggers
 * are measured one after another; the result is here at once unless a trigger needs I/O.
 */
export function measureTriggers(input: MeasureInput): MaybePromise<MeasuredTriggers> {
  return measureFrom(input, externalTriggersOf(input.scaledObject), 0, {
    outcomes: [],
    health: input.health,
    reasons: NO_REASONS,
    raw: new Map(),
  });
}

interface Progress {
  readonly outcomes: TriggerOutcome[];
  health: HealthMap;
  reasons: readonly string[];
  readonly raw: Map<string, MeasureResult>;
}

function measureFrom(
  input: MeasureInput,
  triggers: readonly TriggerSpec[],
  first: number,
  progress: Progress,
): MaybePromise<MeasuredTriggers> {
  for (let i = first; i < triggers.length; i++) {
    const trigger = triggers[i] as TriggerSpec;
    const cached = trigger.useCachedMetrics ? input.cached?.get(trigger.config.metricName) : undefined;
    const measurement = cached ?? measureOne(trigger, input.sources);
    if (isPromise(measurement)) {
      return measurement.then((arrived) => {
        applyMeasurement(input, trigger, arrived, progress);
        return measureFrom(input, triggers, i + 1, progress);
      });
    }
    applyMeasurement(input, trigger, measurement, progress);
  }
  return progress;
}

function applyMeasurement(input: MeasureInput, trigger: TriggerSpec, measurement: MeasureResult, progress: Progress) {
  const { metricName, targetType, targetValue } = trigger.config;
  progress.raw.set(metricName, measurement);
  // Assigned rather than spread: this runs for every trigger on every poll and HPA sync.
  const fallbackInput: { -readonly [K in keyof ApplyFallbackInput]: ApplyFallbackInput[K] } = {
    scaledObject: input.scaledObject,
    metricName,
    targetType,
    targetValue,
    measurement,
    health: progress.health,
    currentReplicas: input.currentReplicas,
    readyRunningPods: input.readyRunningPods,
  };
  if (trigger.name !== undefined) fallbackInput.triggerName = trigger.name;
  const applied = applyFallback(fallbackInput);
  progress.health = applied.health;
  progress.outcomes.push(applied.outcome);
  // Most measurements explain nothing beyond their outcome: no list is built for them.
  if (applied.reasons.length > 0) progress.reasons = progress.reasons.concat(applied.reasons);
}

/** A trigger bug must not take the loop down: a throw or a rejection is an error like any other, never a zero. */
function measureOne(trigger: TriggerSpec, sources: MetricSources): MaybePromise<MeasureResult> {
  const definition = findTrigger(trigger.type);
  if (definition === undefined) {
    return err({ metricName: trigger.config.metricName, message: `unknown trigger type ${trigger.type}` });
  }
  const failed = (error: unknown): MeasureResult =>
    err({ metricName: trigger.config.metricName, message: error instanceof Error ? error.message : String(error) });
  try {
    const measurement = definition.measure(trigger.config, sources);
    return isPromise(measurement) ? measurement.catch(failed) : measurement;
  } catch (error) {
    return failed(error);
  }
}
