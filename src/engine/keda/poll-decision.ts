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

const READY: Condition = {
  type: CONDITION_TYPE.ready,
  status: 'True',
  reason: CONDITION_REASON.scaledObjectReady,
  message: CONDITION_MESSAGE.scaledObjectReady,
};

export function decidePoll(input: PollInput): PollDecision {
  const { scaledObject } = input;
  if (isFullyPaused(scaledObject)) return decidePaused(input);
  const forced = scaledObject.annotations.forceActivation;
  return input.state.isActive || forced ? decideActive(input, forced) : decideInactive(input);
}

function decidePaused(input: PollInput): PollDecision {
  const { scaledObject, currentReplicas } = input;
  const target = scaledObject.annotations.pausedReplicas;
  const kept = keepLastActive(input);
  if (target !== undefined && target !== currentReplicas) {
    return {
      rule: 'paused-replicas',
      replicas: { from: currentReplicas, to: target },
      ...kept,
      conditions: [READY, PAUSED_CONDITION],
      events: [],
      reasons: [`paused-replicas ${target}: target set from ${currentReplicas} to ${target}`],
    };
  }
  const why = target === undefined ? 'paused' : `paused-replicas ${target} (already there)`;
  return {
    rule: 'paused',
    ...kept,
    conditions: [READY, PAUSED_CONDITION],
    events: [],
    reasons: [`${why}: no scaling`],
  };
}

function decideActive(input: PollInput, forced: boolean): PollDecision {
  const { scaledObject, state, currentReplicas, nowMs } = input;
  const { minReplicaCount, idleReplicaCount } = scaledObject.spec;
  const active: Condition = {
    type: CONDITION_TYPE.active,
    status: 'True',
    reason: CONDITION_REASON.scalerActive,
    message: forced ? CONDITION_MESSAGE.scalerActiveForced : CONDITION_MESSAGE.scalerActive,
  };
  const why = [
    forced
      ? 'force-activation annotation set'
      : `active triggers: ${state.activeTriggers.join(', ') || '(none listed)'}`,
  ];
  const kept = keepLastActive(input);

  if (currentReplicas === 0 || (idleReplicaCount !== undefined && currentReplicas < minReplicaCount)) {
    if (scaledObject.annotations.pausedScaleOut) {
      return {
        rule: 'activate-blocked-by-paused-scale-out',
        ...kept,
        conditions: [READY, active],
        events: [],
        reasons: [...why, `paused-scale-out: stays at ${currentReplicas}`],
      };
    }
    const to = minReplicaCount > 0 ? minReplicaCount : 1;
    const event = activationEvent(input, to, forced);
    return {
      rule: 'activate',
      replicas: { from: currentReplicas, to, event },
      lastActiveTimeMs: nowMs,
      conditions: [READY, active],
      events: [event],
      reasons: [
        ...why,
        `activate: ${currentReplicas} → ${to} (${minReplicaCount > 0 ? 'minReplicaCount' : 'min 0, so 1'})`,
      ],
    };
  }
  if (state.isError) {
    return {
      rule: 'active-partial-error',
      ...kept,
      conditions: [
        {
          type: CONDITION_TYPE.ready,
          status: 'Unknown',
          reason: CONDITION_REASON.partialTriggerError,
          message: CONDITION_MESSAGE.partialTriggerError,
        },
        active,
      ],
      events: [],
      reasons: [...why, 'some triggers failed: lastActiveTime not refreshed, no scaling'],
    };
  }
  return {
    rule: 'active',
    lastActiveTimeMs: nowMs,
    conditions: [READY, active],
    events: [],
    reasons: [...why, `active at ${currentReplicas} replicas: lastActiveTime = ${nowMs}; the HPA scales within bounds`],
  };
}

function decideInactive(input: PollInput): PollDecision {
  const { scaledObject, state, currentReplicas, nowMs } = input;
  const { minReplicaCount, idleReplicaCount, fallback } = scaledObject.spec;
  const notActive = activeCondition('ScalerNotActive');
  const kept = keepLastActive(input);
  const base = { ...kept, events: [] };

  if (state.isError && fallback !== undefined && fallback.replicas !== 0) {
    return {
      rule: 'inactive-error-awaiting-fallback',
      ...base,
      conditions: [READY, notActive],
      reasons: [`trigger error with fallback.replicas ${fallback.replicas}: no scale-in, the HPA applies the fallback`],
    };
  }
  if (state.isError && fallback === undefined) {
    return {
      rule: 'inactive-error',
      ...base,
      conditions: [
        {
          type: CONDITION_TYPE.ready,
          status: 'False',
          reason: CONDITION_REASON.triggerError,
          message: CONDITION_MESSAGE.triggerError,
        },
        notActive,
      ],
      reasons: ['trigger error and no fallback: no scale-down'],
    };
  }
  const quirk = state.isError
    ? [
        'trigger error with a fallback of replicas 0: falls through to the scale-in rows (KEDA quirk, fallback.replicas 0)',
      ]
    : [];

  if (
    (idleReplicaCount !== undefined && currentReplicas > idleReplicaCount) ||
    (currentReplicas > 0 && minReplicaCount === 0)
  ) {
    if (scaledObject.annotations.pausedScaleIn) {
      return {
        rule: 'deactivate-blocked-by-paused-scale-in',
        ...base,
        conditions: [READY, notActive],
        reasons: [...quirk, `paused-scale-in: stays at ${currentReplicas}`],
      };
    }
    const cooldown = checkCooldown(scaledObject, input.status.lastActiveTimeMs, nowMs);
    if (!cooldown.isElapsed) {
      return {
        rule: 'cooldown',
        ...base,
        conditions: [READY, activeCondition('ScalerCooldown')],
        reasons: [...quirk, `cooling down: ${cooldown.reason}`],
      };
    }
    const to = idleReplicaCount ?? minReplicaCount;
    const event: KedaEvent = {
      type: 'Normal',
      reason: EVENT_REASON.kedaScaleTargetDeactivated,
      message: `Deactivated ${targetLabel(input)} from ${currentReplicas} to ${to}`,
    };
    return {
      rule: 'deactivate',
      replicas: { from: currentReplicas, to, event },
      ...kept,
      conditions: [READY, notActive],
      events: [event],
      reasons: [
        ...quirk,
        `cooldown over (${cooldown.reason})`,
        `deactivate: ${currentReplicas} → ${to} (${idleReplicaCount !== undefined ? 'idleReplicaCount' : 'minReplicaCount'})`,
      ],
    };
  }
  if (idleReplicaCount === undefined && currentReplicas < minReplicaCount) {
    return {
      rule: 'raise-to-min',
      replicas: { from: currentReplicas, to: minReplicaCount },
      ...base,
      conditions: [READY, notActive],
      reasons: [...quirk, `below minReplicaCount: ${currentReplicas} → ${minReplicaCount}`],
    };
  }
  return {
    rule: 'no-change',
    ...base,
    conditions: [READY, notActive],
    reasons: [...quirk, `inactive at ${currentReplicas}: no change`],
  };
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

function activeCondition(reason: 'ScalerNotActive' | 'ScalerCooldown'): Condition {
  return reason === 'ScalerNotActive'
    ? {
        type: CONDITION_TYPE.active,
        status: 'False',
        reason: CONDITION_REASON.scalerNotActive,
        message: CONDITION_MESSAGE.scalerNotActive,
      }
    : {
        type: CONDITION_TYPE.active,
        status: 'False',
        reason: CONDITION_REASON.scalerCooldown,
        message: CONDITION_MESSAGE.scalerCooldown,
      };
}

function keepLastActive(input: PollInput): { lastActiveTimeMs?: number } {
  const previous = input.status.lastActiveTimeMs;
  return previous === undefined ? {} : { lastActiveTimeMs: previous };
}
