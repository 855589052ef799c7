import type { ConditionType, HpaCondition } from './types.js';

/**
 * `setConditionInList`: conditions keep their place in the list, a new type is appended, and the transition
 * time moves only when the status flips. Kubernetes sets them one after another during a sync; the last write
 * of a type wins.
 */
export function setCondition(
  conditions: readonly HpaCondition[],
  condition: Omit<HpaCondition, 'lastTransitionTimeMs'>,
  nowMs: number,
): readonly HpaCondition[] {
  let index = -1;
  for (let i = 0; i < conditions.length; i++) {
    if (conditions[i]?.type === condition.type) {
      index = i;
      break;
    }
  }
  if (index < 0) return [...conditions, stamped(condition, nowMs)];
  const existing = conditions[index];
  // Most syncs set what is already there: the same list then, not an equal copy.
  if (
    existing !== undefined &&
    existing.status === condition.status &&
    existing.reason === condition.reason &&
    existing.message === condition.message
  ) {
    return conditions;
  }
  const lastTransitionTimeMs =
    existing === undefined || existing.status !== condition.status ? nowMs : existing.lastTransitionTimeMs;
  const updated = stamped(condition, lastTransitionTimeMs);
  const next = conditions.slice();
  next[index] = updated;
  return next;
}

/** Built field by field: every HPA sync sets a few conditions, and spreads cost temporary objects. */
function stamped(condition: Omit<HpaCondition, 'lastTransitionTimeMs'>, lastTransitionTimeMs: number | undefined) {
  const { type, status, reason, message } = condition;
  const result: HpaCondition =
    lastTransitionTimeMs === undefined
      ? { type, status, reason, message }
      : { type, status, reason, message, lastTransitionTimeMs };
  return result;
}

export function findCondition(conditions: readonly HpaCondition[], type: ConditionType): HpaCondition | undefined {
  return conditions.find((condition) => condition.type === type);
}

/** What the HPA writes when the `/scale` update the controller attempted failed (reconcileAutoscaler). */
export function rescaleFailedConditions(
  conditions: readonly HpaCondition[],
  errorMessage: string,
  nowMs: number,
): readonly HpaCondition[] {
  return setCondition(
    conditions,
    {
      type: 'AbleToScale',
      status: 'False',
      reason: 'FailedUpdateScale',
      message: `the HPA controller was unable to update the target scale: ${errorMessage}`,
    },
    nowMs,
  );
}
