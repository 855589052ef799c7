import type { z } from 'zod';
import type { CustomIssueParams } from './zod-issues.js';
import { checkFormula } from './scaling-formula.js';

/**
 * KEDA's cross-field rules for a ScaledObject (spec/keda-hpa-semantics.md §4.1, §4.10), written as
 * zod refinements. Each takes only the fields it reads, so the schema can run it as soon as those
 * fields are valid (see whenFieldsValid).
 */

type Ctx = z.core.$RefinementCtx<unknown>;

// `received` comes from the refinement's input; pass the value the rule is about instead.
function addIssue(ctx: Ctx, issue: { path: PropertyKey[]; message: string; input: unknown } & CustomIssueParams): void {
  const { path, message, input, ...params } = issue;
  ctx.addIssue({ code: 'custom', path, message, input, params });
}

const RESOURCE_TRIGGER_TYPES: readonly string[] = ['cpu', 'memory'];

export function isResourceTriggerType(type: string): boolean {
  return RESOURCE_TRIGGER_TYPES.includes(type);
}

interface ReplicaBounds {
  readonly minReplicaCount?: number | undefined;
  readonly maxReplicaCount?: number | undefined;
  readonly idleReplicaCount?: number | undefined;
}

/**
 * KEDA's CheckReplicaCountBoundsAreValid compares a written min as max(1, min) (GetHPAMinReplicas)
 * and an absent one as 0; max defaults to 100.
 */
function effectiveMin(spec: ReplicaBounds): number {
  return spec.minReplicaCount === undefined ? 0 : Math.max(1, spec.minReplicaCount);
}

export function checkMinNotAboveMax(spec: ReplicaBounds, ctx: Ctx): void {
  const min = effectiveMin(spec);
  const max = spec.maxReplicaCount ?? 100;
  if (min <= max) return;
  const maxText = spec.maxReplicaCount === undefined ? `${max} (the default)` : `${max}`;
  addIssue(ctx, {
    path: ['minReplicaCount'],
    message: `minReplicaCount (${spec.minReplicaCount}) must be ≤ maxReplicaCount ${maxText}`,
    expected: `an integer ≤ ${max}`,
    code: 'too_big',
    input: spec.minReplicaCount,
  });
}

/** The quirk: `idle: 0` passes with `min: 0` written (compared with 1), and fails without it (0). */
export function checkIdleBelowMin(spec: ReplicaBounds, ctx: Ctx): void {
  const idle = spec.idleReplicaCount;
  const min = effectiveMin(spec);
  if (idle === undefined || idle < min) return;
  const minText =
    spec.minReplicaCount === undefined ? '0 when minReplicaCount is not set' : `${min}, i.e. max(1, minReplicaCount)`;
  addIssue(ctx, {
    path: ['idleReplicaCount'],
    message: `idleReplicaCount (${idle}) must be less than minReplicaCount; KEDA compares it with ${minText}`,
    expected: `an integer < ${min}`,
    code: 'too_big',
    input: idle,
  });
}

interface TriggerShape {
  readonly type: string;
  readonly name?: string | undefined;
  readonly useCachedMetrics?: boolean;
}

/** KEDA's ValidateTriggers: the HPA reads cpu/memory from pods, so there is no cached value to use. */
export function checkNoCachedResourceMetrics(trigger: TriggerShape, ctx: Ctx): void {
  if (trigger.useCachedMetrics === true && isResourceTriggerType(trigger.type)) {
    addIssue(ctx, {
      path: ['useCachedMetrics'],
      message: `useCachedMetrics is not supported for ${trigger.type} triggers (the HPA reads them from pods)`,
      expected: 'false or absent',
      code: 'invalid_value',
      input: true,
    });
  }
}

/** Trigger names are formula variables and metric keys, so they must be unique. */
export function checkUniqueTriggerNames(triggers: readonly TriggerShape[], ctx: Ctx): void {
  const firstIndex = new Map<string, number>();
  triggers.forEach((trigger, index) => {
    const name = trigger.name;
    if (typeof name !== 'string') return;
    const first = firstIndex.get(name);
    if (first === undefined) {
      firstIndex.set(name, index);
      return;
    }
    addIssue(ctx, {
      path: [index, 'name'],
      message: `duplicate trigger name "${name}" (also used by spec.triggers[${first}])`,
      expected: 'a name no other trigger uses',
      code: 'duplicate',
      input: name,
    });
  });
}

interface FallbackShape {
  readonly fallback?: object | undefined;
  readonly advanced: { readonly scalingModifiers?: object | undefined };
  readonly triggers: readonly TriggerShape[];
}

/** KEDA's CheckFallbackValid: fallback replaces external metric values, which cpu/memory are not. */
export function checkFallbackHasExternalTrigger(spec: FallbackShape, ctx: Ctx): void {
  if (spec.fallback === undefined || spec.advanced.scalingModifiers !== undefined) return;
  if (spec.triggers.some((trigger) => !isResourceTriggerType(trigger.type))) return;
  addIssue(ctx, {
    path: ['fallback'],
    message:
      'fallback needs at least one trigger that is not cpu or memory (their values come from pods, not from KEDA), or scalingModifiers',
    expected: 'a trigger other than cpu/memory',
    code: 'invalid_value',
    input: spec.triggers.map((trigger) => trigger.type).join(', '),
  });
}

interface FormulaShape {
  readonly advanced: { readonly scalingModifiers?: { readonly formula: string } | undefined };
  readonly triggers: readonly TriggerShape[];
}

export function checkScalingFormula(spec: FormulaShape, ctx: Ctx): void {
  const modifiers = spec.advanced.scalingModifiers;
  if (modifiers === undefined) return;
  const names = spec.triggers.flatMap((trigger) => (typeof trigger.name === 'string' ? [trigger.name] : []));
  const problem = checkFormula(modifiers.formula, names);
  if (problem === undefined) return;
  addIssue(ctx, {
    path: ['advanced', 'scalingModifiers', 'formula'],
    message: problem.message,
    expected: problem.expected,
    code: 'invalid_expression',
    input: modifiers.formula,
  });
}
