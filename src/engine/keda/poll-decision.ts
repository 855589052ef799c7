import type { ScaledObject } from '../../api/scaled-object.js';
import { CONDITION_MESSAGE, CONDITION_REASON, CONDITION_TYPE, EVENT_REASON } from '../reasons.js';
import { checkCooldown } from './cooldown.js';
import { isFullyPaused, PAUSED_CONDITION } from './lifecycle.js';
import type { ActivityState, Condition, KedaEvent } from './types.js';

/**
 * Spec §4.3 (one poll: KEDA's `RequestScale`), §4.4 cooldown, §4.7 activation count, §4.9 pauses.
 * Decides only activity, 0↔1 (or idle↔min), lastActiveTime, conditions and events; everything in
 * [max(1,min), max] belongs to the HPA.
 */

export interface PollStatus {
  readonly lastActiveTimeMs?: number;
  /** `status.scaleTargetKind`, e.g. `apps/v1.Deployment`; derived from scaleTargetRef when absent. */
  readonly scaleTargetKind?: string;
}

export interface PollInput {
  readonly scaledObject: ScaledObject;
  readonly state: ActivityState;
  /** The target's `spec.replicas` (or its /scale spec). */
  readonly currentReplicas: number;
  readonly status: PollStatus;
  readonly nowMs: number;
}

/** Which row of §4.3 fired; first match wins within each branch. */
export type PollRule =
  | 'paused'
  | 'paused-replicas'
  | 'activate'
  | 'activate-blocked-by-paused-scale-out'
  | 'active-partial-error'
  | 'active'
  | 'inactive-error-awaiting-fallback'
  | 'inactive-error'
  | 'deactivate'
  | 'deactivate-blocked-by-paused-scale-in'
  | 'cooldown'
  | 'raise-to-min'
  | 'no-change';

export interface ReplicaChange {
  readonly from: number;
  readonly to: number;
  /** KEDA emits none for raise-to-min and paused-replicas. */
  readonly event?: KedaEvent;
}

export interface PollDecision {
  readonly rule: PollRule;
  readonly replicas?: ReplicaChange;
  /** The new `status.lastActiveTime` (the old one when not refreshed; undefined while nil). */
  readonly lastActiveTimeMs?: number;
  /** Conditions to set, merged by type into status; types not listed stay as they are. */
  readonly conditions: readonly Condition[];
  readonly events: readonly KedaEvent[];
  readonly reasons: readonly string[];
}

/*
 * A poll runs every few seconds for every ScaledObject and mostly decides what it decided last
 * time: its conditions and empty event lists are shared constants, so deciding allocates little
 * and the status writer recognises unchanged conditions by identity.
 */
const READY: Condition = {
  type: CONDITION_TYPE.ready,
  status: 'True',
  reason: CONDITION_REASON.scaledObjectReady,
  message: CONDITION_MESSAGE.scaledObjectReady,
};
const SCALER_ACTIVE: Condition = {
  type: CONDITION_TYPE.active,
  status: 'True',
  reason: CONDITION_REASON.scalerActive,
  message: CONDITION_MESSAGE.scalerActive,
};
const SCALER_ACTIVE_FORCED: Condition = { ...SCALER_ACTIVE, message: CONDITION_MESSAGE.scalerActiveForced };
const SCALER_NOT_ACTIVE: Condition = {
  type: CONDITION_TYPE.active,
  status: 'False',
  reason: CONDITION_REASON.scalerNotActive,
  message: CONDITION_MESSAGE.scalerNotActive,
};
const SCALER_COOLDOWN: Condition = {
  type: CONDITION_TYPE.active,
  status: 'False',
  reason: CONDITION_REASON.scalerCooldown,
  message: CONDITION_MESSAGE.scalerCooldown,
};
const PARTIAL_TRIGGER_ERROR: Condition = {
  type: CONDITION_TYPE.ready,
  status: 'Unknown',
  reason: CONDITION_REASON.partialTriggerError,
  message: CONDITION_MESSAGE.partialTriggerError,
};
const TRIGGER_ERROR: Condition = {
  type: CONDITION_TYPE.ready,
  status: 'False',
  reason: CONDITION_REASON.triggerError,
  message: CONDITION_MESSAGE.triggerError,
};

const conditions = (...list: Condition[]): readonly Condition[] => Object.freeze(list);
const READY_PAUSED = conditions(READY, PAUSED_CONDITION);
const READY_ACTIVE = conditions(READY, SCALER_ACTIVE);
const READY_ACTIVE_FORCED = conditions(READY, SCALER_ACTIVE_FORCED);
const PARTIAL_ERROR_ACTIVE = conditions(PARTIAL_TRIGGER_ERROR, SCALER_ACTIVE);
const PARTIAL_ERROR_ACTIVE_FORCED = conditions(PARTIAL_TRIGGER_ERROR, SCALER_ACTIVE_FORCED);
const READY_NOT_ACTIVE = conditions(READY, SCALER_NOT_ACTIVE);
const READY_COOLDOWN = conditions(READY, SCALER_COOLDOWN);
const TRIGGER_ERROR_NOT_ACTIVE = conditions(TRIGGER_ERROR, SCALER_NOT_ACTIVE);
const NO_EVENTS: readonly KedaEvent[] = Object.freeze([]);

export function decidePoll(input: PollInput): PollDecision {
  const { scaledObject } = input;
  if (isFullyPaused(scaledObject)) return decidePaused(input);
  const forced = scaledObject.annotations.forceActivation;
  return input.state.isActive || forced ? decideActive(input, forced) : decideInactive(input);
}

function decidePaused(input: PollInput): PollDecision {
  const { scaledObject, currentReplicas } = input;
  const target = scaledObject.annotations.pausedReplicas;
  if (target !== undefined && target !== currentReplicas) {
    return keepingLastActive(input, {
      rule: 'paused-replicas',
      replicas: { from: currentReplicas, to: target },
      conditions: READY_PAUSED,
      events: NO_EVENTS,
      reasons: [`paused-replicas ${target}: target set from ${currentReplicas} to ${target}`],
    });
  }
  const why = target === undefined ? 'paused' : `paused-replicas ${target} (already there)`;
  return keepingLastActive(input, {
    rule: 'paused',
    conditions: READY_PAUSED,
    events: NO_EVENTS,
    reasons: [`${why}: no scaling`],
  });
}

function decideActive(input: PollInput, forced: boolean): PollDecision {
  const { scaledObject, state, currentReplicas, nowMs } = input;
  const { minReplicaCount, idleReplicaCount } = scaledObject.spec;
  const why = forced
    ? 'force-activation annotation set'
    : `active triggers: ${state.activeTriggers.join(', ') || '(none listed)'}`;
  const readyActive = forced ? READY_ACTIVE_FORCED : READY_ACTIVE;

  if (currentReplicas === 0 || (idleReplicaCount !== undefined && currentReplicas < minReplicaCount)) {
    if (scaledObject.annotations.pausedScaleOut) {
      return keepingLastActive(input, {
        rule: 'activate-blocked-by-paused-scale-out',
        conditions: readyActive,
        events: NO_EVENTS,
        reasons: [why, `paused-scale-out: stays at ${currentReplicas}`],
      });
    }
    const to = minReplicaCount > 0 ? minReplicaCount : 1;
    const event = activationEvent(input, to, forced);
    return {
      rule: 'activate',
      replicas: { from: currentReplicas, to, event },
      lastActiveTimeMs: nowMs,
      conditions: readyActive,
      events: [event],
      reasons: [
        why,
        `activate: ${currentReplicas} → ${to} (${minReplicaCount > 0 ? 'minReplicaCount' : 'min 0, so 1'})`,
      ],
    };
  }
  if (state.isError) {
    return keepingLastActive(input, {
      rule: 'active-partial-error',
      conditions: forced ? PARTIAL_ERROR_ACTIVE_FORCED : PARTIAL_ERROR_ACTIVE,
      events: NO_EVENTS,
      reasons: [why, 'some triggers failed: lastActiveTime not refreshed, no scaling'],
    });
  }
  return {
    rule: 'active',
    lastActiveTimeMs: nowMs,
    conditions: readyActive,
    events: NO_EVENTS,
    reasons: [why, `active at ${currentReplicas} replicas: lastActiveTime refreshed; the HPA scales within bounds`],
  };
}

function decideInactive(input: PollInput): PollDecision {
  const { scaledObject, state, currentReplicas, nowMs } = input;
  const { minReplicaCount, idleReplicaCount, fallback } = scaledObject.spec;

  if (state.isError && fallback !== undefined && fallback.replicas !== 0) {
    return keepingLastActive(input, {
      rule: 'inactive-error-awaiting-fallback',
      conditions: READY_NOT_ACTIVE,
      events: NO_EVENTS,
      reasons: [`trigger error with fallback.replicas ${fallback.replicas}: no scale-in, the HPA applies the fallback`],
    });
  }
  if (state.isError && fallback === undefined) {
    return keepingLastActive(input, {
      rule: 'inactive-error',
      conditions: TRIGGER_ERROR_NOT_ACTIVE,
      events: NO_EVENTS,
      reasons: ['trigger error and no fallback: no scale-down'],
    });
  }
  // Set only for a trigger error with a fallback of replicas 0, which falls through to the scale-in rows.
  const reasons: string[] = state.isError
    ? [
        'trigger error with a fallback of replicas 0: falls through to the scale-in rows (KEDA quirk, fallback.replicas 0)',
      ]
    : [];

  if (
    (idleReplicaCount !== undefined && currentReplicas > idleReplicaCount) ||
    (currentReplicas > 0 && minReplicaCount === 0)
  ) {
    if (scaledObject.annotations.pausedScaleIn) {
      reasons.push(`paused-scale-in: stays at ${currentReplicas}`);
      return keepingLastActive(input, {
        rule: 'deactivate-blocked-by-paused-scale-in',
        conditions: READY_NOT_ACTIVE,
        events: NO_EVENTS,
        reasons,
      });
    }
    const cooldown = checkCooldown(scaledObject, input.status.lastActiveTimeMs, nowMs);
    if (!cooldown.isElapsed) {
      reasons.push(`cooling down: ${cooldown.reason}`);
      return keepingLastActive(input, { rule: 'cooldown', conditions: READY_COOLDOWN, events: NO_EVENTS, reasons });
    }
    const to = idleReplicaCount ?? minReplicaCount;
    const event: KedaEvent = {
      type: 'Normal',
      reason: EVENT_REASON.kedaScaleTargetDeactivated,
      message: `Deactivated ${targetLabel(input)} from ${currentReplicas} to ${to}`,
    };
    reasons.push(
      `cooldown over (${cooldown.reason})`,
      `deactivate: ${currentReplicas} → ${to} (${idleReplicaCount !== undefined ? 'idleReplicaCount' : 'minReplicaCount'})`,
    );
    return keepingLastActive(input, {
      rule: 'deactivate',
      replicas: { from: currentReplicas, to, event },
      conditions: READY_NOT_ACTIVE,
      events: [event],
      reasons,
    });
  }
  if (idleReplicaCount === undefined && currentReplicas < minReplicaCount) {
    reasons.push(`below minReplicaCount: ${currentReplicas} → ${minReplicaCount}`);
    return keepingLastActive(input, {
      rule: 'raise-to-min',
      replicas: { from: currentReplicas, to: minReplicaCount },
      conditions: READY_NOT_ACTIVE,
      events: NO_EVENTS,
      reasons,
    });
  }
  reasons.push(`inactive at ${currentReplicas}: no change`);
  return keepingLastActive(input, { rule: 'no-change', conditions: READY_NOT_ACTIVE, events: NO_EVENTS, reasons });
}

function activationEvent(input: PollInput, to: number, forced: boolean): KedaEvent {
  const head = `Scaled ${targetLabel(input)} from ${input.currentReplicas} to ${to}`;
  return {
    type: 'Normal',
    reason: EVENT_REASON.kedaScaleTargetActivated,
    message: forced
      ? `${head}, caused by forced activation annotation`
      : `${head}, triggered by ${input.state.activeTriggers.join(';')}`,
  };
}

/** `apps/v1.Deployment default/remote`, as KEDA prints the target in its events. */
export function targetLabel(input: Pick<PollInput, 'scaledObject' | 'status'>): string {
  const { metadata, spec } = input.scaledObject;
  const kind = input.status.scaleTargetKind ?? `${spec.scaleTargetRef.apiVersion}.${spec.scaleTargetRef.kind}`;
  return `${kind} ${metadata.namespace}/${spec.scaleTargetRef.name}`;
}

/** A decision that leaves lastActiveTime as it was (absent while it is nil). */
function keepingLastActive(input: PollInput, decision: Omit<PollDecision, 'lastActiveTimeMs'>): PollDecision {
  const previous = input.status.lastActiveTimeMs;
  if (previous === undefined) return decision;
  // Assigned rather than spread: this runs on most polls, and a spread copies the whole decision.
  (decision as { lastActiveTimeMs?: number }).lastActiveTimeMs = previous;
  return decision;
}
