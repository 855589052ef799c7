import type { ScaledObject, TriggerSpec } from '../api/scaled-object.js';
import { applyFallback } from '../engine/keda/fallback.js';
import type { ApplyFallbackInput } from '../engine/keda/fallback.js';
import type { HealthMap, TriggerOutcome } from '../engine/keda/types.js';
import type { Result } from '../lib/result.js';
import { err } from '../lib/result.js';
import { findTrigger } from '../triggers/registry.js';
import type { Measurement, MetricFailure, MetricSources } from '../triggers/trigger.js';

export interface MeasuredTriggers {
  /** One per external trigger, in trigger order, after fallback. */
  readonly outcomes: readonly TriggerOutcome[];
  readonly health: HealthMap;
  readonly reasons: readonly string[];
  /** Raw results by metric name, for `useCachedMetrics` and metrics exposition. */
  readonly raw: ReadonlyMap<string, Result<Measurement, MetricFailure>>;
}

export interface MeasureInput {
  readonly scaledObject: ScaledObject;
  readonly sources: MetricSources;
  readonly health: HealthMap;
  readonly currentReplicas: number;
  readonly readyRunningPods: number;
  /** The last poll's results; a trigger with `useCachedMetrics` reads from here on HPA syncs. */
  readonly cached?: ReadonlyMap<string, Result<Measurement, MetricFailure>>;
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
 * both the poll and every HPA sync do, so both advance the failure counts (spec §4.8).
 */
export async function measureTriggers(input: MeasureInput): Promise<MeasuredTriggers> {
  const { scaledObject } = input;
  let health = input.health;
  const outcomes: TriggerOutcome[] = [];
  let reasons: readonly string[] = NO_REASONS;
  const raw = new Map<string, Result<Measurement, MetricFailure>>();
  for (const trigger of externalTriggersOf(scaledObject)) {
    const { metricName, targetType, targetValue } = trigger.config;
    const cached = trigger.useCachedMetrics ? input.cached?.get(metricName) : undefined;
    const measurement = cached ?? (await measureOne(trigger, input.sources));
    raw.set(metricName, measurement);
    // Assigned rather than spread: this runs for every trigger on every poll and HPA sync.
    const fallbackInput: { -readonly [K in keyof ApplyFallbackInput]: ApplyFallbackInput[K] } = {
      scaledObject,
      metricName,
      targetType,
      targetValue,
      measurement,
      health,
      currentReplicas: input.currentReplicas,
      readyRunningPods: input.readyRunningPods,
    };
    if (trigger.name !== undefined) fallbackInput.triggerName = trigger.name;
    const applied = applyFallback(fallbackInput);
    health = applied.health;
    outcomes.push(applied.outcome);
    // Most measurements explain nothing beyond their outcome: no list is built for them.
    if (applied.reasons.length > 0) reasons = reasons.concat(applied.reasons);
  }
  return { outcomes, health, reasons, raw };
}

async function measureOne(trigger: TriggerSpec, sources: MetricSources): Promise<Result<Measurement, MetricFailure>> {
  const definition = findTrigger(trigger.type);
  if (definition === undefined) {
    return err({ metricName: trigger.config.metricName, message: `unknown trigger type ${trigger.type}` });
  }
  try {
    return await definition.measure(trigger.config, sources);
  } catch (error) {
    // A trigger bug must not take the loop down; it is an error like any other, never a zero.
    return err({
      metricName: trigger.config.metricName,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}
