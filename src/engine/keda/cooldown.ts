import type { ScaledObject } from '../../api/scaled-object.js';
import { formatInstant } from '../../lib/clock.js';

/** Spec §4.4: when KEDA may take a target from active to zero/idle. */

export interface CooldownVerdict {
  readonly isElapsed: boolean;
  /** The instant that `nowMs` must be strictly after; undefined without a creation time. */
  readonly deadlineMs?: number;
  readonly reason: string;
}

/**
 * Strictly-before comparisons, as Go's `Time.Before`: at exactly the deadline it is not yet time.
 * A nil lastActiveTime measures `initialCooldownPeriod` from creation (a poll at the creation
 * instant waits); a missing creation time is Go's zero time, long past.
 */
export function checkCooldown(
  scaledObject: ScaledObject,
  lastActiveTimeMs: number | undefined,
  nowMs: number,
): CooldownVerdict {
  const { cooldownPeriodMs, initialCooldownPeriodMs } = scaledObject.spec;
  if (lastActiveTimeMs === undefined) {
    const createdMs = scaledObject.metadata.creationTimestampMs;
    if (createdMs === undefined) {
      return { isElapsed: true, reason: 'lastActiveTime nil and no creationTimestamp: initial cooldown over' };
    }
    const deadlineMs = createdMs + initialCooldownPeriodMs;
    const isElapsed = deadlineMs < nowMs;
    return {
      isElapsed,
      deadlineMs,
      reason: `lastActiveTime nil: creationTimestamp ${formatInstant(createdMs)} + initialCooldownPeriod ${seconds(initialCooldownPeriodMs)} = ${deadlineText(deadlineMs, isElapsed)}`,
    };
  }
  const deadlineMs = lastActiveTimeMs + cooldownPeriodMs;
  const isElapsed = deadlineMs < nowMs;
  return {
    isElapsed,
    deadlineMs,
    reason: `lastActiveTime ${formatInstant(lastActiveTimeMs)} + cooldownPeriod ${seconds(cooldownPeriodMs)} = ${deadlineText(deadlineMs, isElapsed)}`,
  };
}

// No `now` in the text: a decision carries its own instant, and the polls of one cooldown then
// give the same reason, which the decision log folds into one entry.
function deadlineText(deadlineMs: number, isElapsed: boolean): string {
  return `${formatInstant(deadlineMs)}, ${isElapsed ? 'passed' : 'not yet passed'}`;
}

function seconds(ms: number): string {
  return `${ms / 1000}s`;
}
