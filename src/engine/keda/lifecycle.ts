import type { ScaledObject } from '../../api/scaled-object.js';
import { CONDITION_MESSAGE, CONDITION_REASON, CONDITION_TYPE, EVENT_MESSAGE, EVENT_REASON } from '../reasons.js';
import type { Condition, KedaEvent } from './types.js';

/** Spec §4.6 and §4.9: what KEDA's reconciler (not the poll loop) decides about a ScaledObject. */

export const PAUSED_CONDITION: Condition = {
  type: CONDITION_TYPE.paused,
  status: 'True',
  reason: CONDITION_REASON.scaledObjectPaused,
  message: CONDITION_MESSAGE.scaledObjectPaused,
};

export const UNPAUSED_CONDITION: Condition = {
  type: CONDITION_TYPE.paused,
  status: 'False',
  reason: CONDITION_REASON.scaledObjectUnpaused,
  message: CONDITION_MESSAGE.scaledObjectUnpaused,
};

/** `paused` or `paused-replicas`: the loop stops and the HPA goes away. */
export function isFullyPaused(scaledObject: ScaledObject): boolean {
  return scaledObject.annotations.paused || scaledObject.annotations.pausedReplicas !== undefined;
}

/** Any pause, including the one-directional ones that keep the loop running. */
export function isPausedInAnyWay(scaledObject: ScaledObject): boolean {
  const { pausedScaleIn, pausedScaleOut } = scaledObject.annotations;
  return isFullyPaused(scaledObject) || pausedScaleIn || pausedScaleOut;
}

export interface OriginalReplicaCount {
  readonly originalReplicaCount: number;
  /** True when this call captured it, so the caller must write status. */
  readonly isCaptured: boolean;
}

/** Captured once, on the first reconcile where it is nil, and never updated after. */
export function captureOriginalReplicaCount(
  previous: number | undefined,
  currentReplicas: number,
): OriginalReplicaCount {
  if (previous !== undefined) return { originalReplicaCount: previous, isCaptured: false };
  return { originalReplicaCount: currentReplicas, isCaptured: true };
}

export interface DeletionInput {
  readonly scaledObject: ScaledObject;
  readonly originalReplicaCount?: number;
  readonly currentReplicas: number;
  /** KEDA skips the restore when it never resolved the target (`scaleTargetGVKR` nil). */
  readonly isScaleTargetKnown: boolean;
}

export interface DeletionDecision {
  readonly replicas?: { readonly from: number; readonly to: number };
  readonly events: readonly KedaEvent[];
  readonly reasons: readonly string[];
}

/** The finalizer's decision: restore the original count only when asked to; always the Deleted event. */
export function decideDeletion(input: DeletionInput): DeletionDecision {
  const events: KedaEvent[] = [
    { type: 'Normal', reason: EVENT_REASON.scaledObjectDeleted, message: EVENT_MESSAGE.scaledObjectDeleted },
  ];
  if (!input.scaledObject.spec.advanced.restoreToOriginalReplicaCount) {
    return { events, reasons: ['restoreToOriginalReplicaCount false: target keeps its current replicas'] };
  }
  if (!input.isScaleTargetKnown || input.originalReplicaCount === undefined) {
    return {
      events,
      reasons: ['restoreToOriginalReplicaCount true but the scale target or its original count is unknown: skipped'],
    };
  }
  return {
    replicas: { from: input.currentReplicas, to: input.originalReplicaCount },
    events,
    reasons: [`restoreToOriginalReplicaCount: ${input.currentReplicas} → original ${input.originalReplicaCount}`],
  };
}

export interface PauseInput {
  readonly scaledObject: ScaledObject;
  readonly currentReplicas: number;
  readonly pausedReplicaCount?: number;
  readonly pausedCondition?: Condition;
}

export interface PauseDecision {
  /** Whether the KEDA poll loop and the HPA run (false for `paused` and `paused-replicas`). */
  readonly isScalingRunning: boolean;
  /** The new `status.pausedReplicaCount`; undefined means cleared. */
  readonly pausedReplicaCount?: number;
  readonly replicas?: { readonly from: number; readonly to: number };
  /** Undefined when the Paused condition stays as it is. */
  readonly condition?: Condition;
  readonly events: readonly KedaEvent[];
  readonly reasons: readonly string[];
}

/** KEDA's `handlePause`, as a transition from the persisted Paused condition. */
export function decidePause(input: PauseInput): PauseDecision {
  const { scaledObject, currentReplicas } = input;
  const wasPaused = input.pausedCondition?.status === 'True';
  const pausedEvent: KedaEvent[] = wasPaused
    ? []
    : [{ type: 'Normal', reason: EVENT_REASON.scaledObjectPaused, message: CONDITION_MESSAGE.scaledObjectPaused }];
  const target = scaledObject.annotations.pausedReplicas;

  if (target !== undefined) {
    const replicas = currentReplicas === target ? {} : { replicas: { from: currentReplicas, to: target } };
    return {
      isScalingRunning: false,
      pausedReplicaCount: target,
      ...replicas,
      condition: PAUSED_CONDITION,
      events: pausedEvent,
      reasons: [`paused-replicas ${target}: loop and HPA stopped, target held at ${target}`],
    };
  }
  if (scaledObject.annotations.paused) {
    return {
      isScalingRunning: false,
      condition: PAUSED_CONDITION,
      events: pausedEvent,
      reasons: [`paused: loop and HPA stopped, replicas frozen at ${currentReplicas}`],
    };
  }
  const { pausedScaleIn, pausedScaleOut } = scaledObject.annotations;
  if (pausedScaleIn || pausedScaleOut) {
    const which = [pausedScaleIn ? 'paused-scale-in' : '', pausedScaleOut ? 'paused-scale-out' : '']
      .filter(Boolean)
      .join(' and ');
    return {
      isScalingRunning: true,
      condition: PAUSED_CONDITION,
      events: pausedEvent,
      reasons: [`${which}: loop runs, HPA policy Disabled in that direction`],
    };
  }
  if (wasPaused) {
    return {
      isScalingRunning: true,
      condition: UNPAUSED_CONDITION,
      events: [
        { type: 'Normal', reason: EVENT_REASON.scaledObjectUnpaused, message: CONDITION_MESSAGE.scaledObjectUnpaused },
      ],
      reasons: ['pause annotation removed: loop and HPA restart, pausedReplicaCount cleared'],
    };
  }
  return { isScalingRunning: true, events: [], reasons: [] };
}
