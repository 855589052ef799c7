import type { ScaledObject } from '../../api/scaled-object.js';
import { EVENT_REASON } from '../reasons.js';
import { isResourceTrigger } from './fallback.js';
import { COMPOSITE_METRIC_NAME, evaluateFormula } from './formula.js';
import type { FormulaScope } from './formula.js';
import type { ActivityState, KedaEvent, TriggerOutcome } from './types.js';

/** Spec §4.3 inputs, §4.10 and §4.11: KEDA's `getScaledObjectState`, as a value. */

export interface ScaledObjectStateInput {
  readonly scaledObject: ScaledObject;
  /** One per external trigger, in trigger order; cpu/memory triggers have none (the HPA reads them). */
  readonly outcomes: readonly TriggerOutcome[];
}

export interface CompositeMetric {
  readonly name: typeof COMPOSITE_METRIC_NAME;
  /** Undefined when the formula could not be evaluated. */
  readonly value?: number;
}

export interface ScaledObjectState extends ActivityState {
  /** `status.triggersActivity`, keyed by metric name. */
  readonly triggersActivity: Readonly<Record<string, { readonly isActive: boolean }>>;
  readonly composite?: CompositeMetric;
  /** KEDAScalerFailed per failing trigger, KEDAMetricSourceFailed for a failing formula. */
  readonly events: readonly KedaEvent[];
  readonly reasons: readonly string[];
}

export function computeScaledObjectState(input: ScaledObjectStateInput): ScaledObjectState {
  const { scaledObject, outcomes } = input;
  const events: KedaEvent[] = [];
  const reasons: string[] = [];
  const triggersActivity: Record<string, { isActive: boolean }> = {};
  const activeTriggers: string[] = [];
  let isActive = false;
  let isError = false;

  for (const outcome of outcomes) {
    // A served fallback counts as active and error-free (`isActiveOrFallback`), but KEDA still reports the error.
    const active = outcome.kind === 'fallback' || (outcome.kind === 'measured' && outcome.isActive);
    triggersActivity[outcome.metricName] = { isActive: active };
    if (active) {
      isActive = true;
      activeTriggers.push(outcome.metricName);
    }
    if (outcome.kind !== 'measured') {
      events.push({ type: 'Warning', reason: EVENT_REASON.kedaScalerFailed, message: outcome.message });
    }
    if (outcome.kind === 'failed') isError = true;
    reasons.push(describeOutcome(outcome));
  }

  let composite: CompositeMetric | undefined;
  const modifiers = scaledObject.spec.advanced.scalingModifiers;
  if (modifiers !== undefined) {
    const evaluated = evaluateComposite(scaledObject, outcomes);
    composite =
      evaluated.value === undefined
        ? { name: COMPOSITE_METRIC_NAME }
        : { name: COMPOSITE_METRIC_NAME, value: evaluated.value };
    reasons.push(evaluated.reason);
    if (evaluated.error !== undefined) {
      isError = true;
      events.push({ type: 'Warning', reason: EVENT_REASON.kedaMetricSourceFailed, message: evaluated.error });
    }
    // Per-trigger activity is ignored: only the composite, strictly above activationTarget, with no error.
    isActive = !isError && composite.value !== undefined && composite.value > modifiers.activationTarget;
    reasons.push(
      `scalingModifiers: ${isActive ? 'active' : 'not active'} (composite ${composite.value ?? 'unavailable'} ${isActive ? '>' : 'not >'} activationTarget ${modifiers.activationTarget}${isError ? ', trigger error' : ''})`,
    );
  }

  const resourceTriggers = scaledObject.spec.triggers.filter((trigger) => isResourceTrigger(trigger.type)).length;
  if (scaledObject.spec.triggers.length <= resourceTriggers && !isError) {
    // The HPA cannot wake a target from zero on cpu/memory alone, so KEDA never lets such an SO go inactive.
    isActive = true;
    reasons.push('only cpu/memory triggers: forced active');
  }

  return {
    isActive,
    isError,
    activeTriggers,
    triggersActivity,
    ...(composite === undefined ? {} : { composite }),
    events,
    reasons,
  };
}

interface CompositeEvaluation {
  readonly value?: number;
  readonly error?: string;
  readonly reason: string;
}

function evaluateComposite(scaledObject: ScaledObject, outcomes: readonly TriggerOutcome[]): CompositeEvaluation {
  const modifiers = scaledObject.spec.advanced.scalingModifiers;
  if (modifiers === undefined) return { reason: 'no scalingModifiers' };
  const fallback = scaledObject.spec.fallback;
  const scope: Record<string, number | null> = {};
  let anyFallback = false;
  for (const outcome of outcomes) {
    if (outcome.triggerName === undefined) continue;
    if (outcome.kind === 'measured') scope[outcome.triggerName] = outcome.value;
    else if (outcome.kind === 'fallback') {
      anyFallback = true;
      scope[outcome.triggerName] = null;
    } else if (fallback !== undefined) scope[outcome.triggerName] = null;
    // Without a fallback a failed trigger is left out, so a formula that needs it fails loudly.
  }
  const result = evaluateFormula(modifiers.formula, scope as FormulaScope);
  const scopeText = Object.keys(scope)
    .sort()
    .map((name) => `${name}=${scope[name] ?? 'null'}`)
    .join(', ');
  if (!result.ok) {
    return {
      error: `error evaluating formula "${modifiers.formula}": ${result.error.message}`,
      reason: `formula "${modifiers.formula}" with ${scopeText} failed: ${result.error.message}`,
    };
  }
  if (result.value !== null) {
    return {
      value: result.value,
      reason: `${COMPOSITE_METRIC_NAME} = ${result.value} from "${modifiers.formula}" with ${scopeText}`,
    };
  }
  if (anyFallback && fallback !== undefined) {
    const value = fallback.replicas * modifiers.target;
    return {
      value,
      reason: `formula "${modifiers.formula}" gave null under fallback: ${COMPOSITE_METRIC_NAME} = replicas ${fallback.replicas} × target ${modifiers.target} = ${value}`,
    };
  }
  return {
    error: `formula "${modifiers.formula}" produced null`,
    reason: `formula "${modifiers.formula}" with ${scopeText} produced null`,
  };
}

function describeOutcome(outcome: TriggerOutcome): string {
  switch (outcome.kind) {
    case 'measured':
      return `${outcome.metricName} = ${outcome.value} (${outcome.isActive ? 'active' : 'not active'})`;
    case 'failed':
      return `${outcome.metricName} error: ${outcome.message}`;
    case 'fallback':
      return `${outcome.metricName} error suppressed by fallback, serving ${outcome.value} (counts as active)`;
  }
}
