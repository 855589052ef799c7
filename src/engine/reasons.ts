/**
 * KEDA's condition types, condition reasons and event reasons (spec §4.12, §4.13), in one place so
 * that `kubectl describe so` and `kubectl get events` read exactly as they would under KEDA.
 * Sources: KEDA `apis/keda/v1alpha1/condition_types.go`, `pkg/eventreason/eventreason.go`.
 */

export const CONDITION_TYPE = {
  ready: 'Ready',
  active: 'Active',
  fallback: 'Fallback',
  paused: 'Paused',
  hpaActive: 'HPAActive',
} as const;
export type ConditionType = (typeof CONDITION_TYPE)[keyof typeof CONDITION_TYPE];

export const CONDITION_REASON = {
  // Ready
  scaledObjectReady: 'ScaledObjectReady',
  scaledObjectCheckFailed: 'ScaledObjectCheckFailed',
  triggerError: 'TriggerError',
  partialTriggerError: 'PartialTriggerError',
  errorGettingCurrentReplicas: 'ErrorGettingCurrentReplicas',
  // Active
  scalerActive: 'ScalerActive',
  scalerNotActive: 'ScalerNotActive',
  scalerCooldown: 'ScalerCooldown',
  unknownState: 'UnknownState',
  // Fallback
  fallbackExists: 'FallbackExists',
  noFallbackFound: 'NoFallbackFound',
  // Paused
  scaledObjectPaused: 'ScaledObjectPaused',
  scaledObjectUnpaused: 'ScaledObjectUnpaused',
} as const;
export type ConditionReason = (typeof CONDITION_REASON)[keyof typeof CONDITION_REASON];

/** KEDA's condition messages, verbatim: users grep for them. */
export const CONDITION_MESSAGE = {
  scaledObjectReady: 'ScaledObject is defined correctly and is ready for scaling',
  scaleTargetCheckFailed: "ScaledObject doesn't have correct scaleTargetRef specification",
  triggerError: 'Triggers defined in ScaledObject are not working correctly',
  partialTriggerError: 'Some triggers defined in ScaledObject are not working correctly',
  scalerActive: 'Scaling is performed because triggers are active',
  scalerActiveForced: 'Scaling is performed because activation is being forced by annotation',
  scalerNotActive: 'Scaling is not performed because triggers are not active',
  scalerCooldown: 'Scaler cooling down because triggers are not active',
  fallbackExists: 'At least one trigger is falling back on this scaled object',
  noFallbackFound: 'No fallbacks are active on this scaled object',
  scaledObjectPaused: 'ScaledObject is paused',
  scaledObjectUnpaused: 'pause annotation removed for ScaledObject',
} as const;

export const EVENT_REASON = {
  kedaScalersStarted: 'KEDAScalersStarted',
  kedaScalersStopped: 'KEDAScalersStopped',
  kedaScalerFailed: 'KEDAScalerFailed',
  kedaMetricSourceFailed: 'KEDAMetricSourceFailed',
  kedaScaleTargetActivated: 'KEDAScaleTargetActivated',
  kedaScaleTargetActivationFailed: 'KEDAScaleTargetActivationFailed',
  kedaScaleTargetDeactivated: 'KEDAScaleTargetDeactivated',
  kedaScaleTargetDeactivationFailed: 'KEDAScaleTargetDeactivationFailed',
  scaledObjectReady: 'ScaledObjectReady',
  scaledObjectCheckFailed: 'ScaledObjectCheckFailed',
  scaledObjectUpdateFailed: 'ScaledObjectUpdateFailed',
  scaledObjectPaused: 'ScaledObjectPaused',
  scaledObjectUnpaused: 'ScaledObjectUnpaused',
  scaledObjectFallbackActivated: 'ScaledObjectFallbackActivated',
  scaledObjectFallbackDeactivated: 'ScaledObjectFallbackDeactivated',
  scaledObjectDeleted: 'ScaledObjectDeleted',
} as const;
export type EventReason = (typeof EVENT_REASON)[keyof typeof EVENT_REASON];

/** KEDA's fixed event messages (`pkg/common/message`); formatted ones are built where they fire. */
export const EVENT_MESSAGE = {
  scalersStarted: 'Started scalers watch',
  scalersStopped: 'Stopped scalers watch',
  scaledObjectReady: 'ScaledObject is ready for scaling',
  scaledObjectDeleted: 'ScaledObject was deleted',
  fallbackActivated: 'ScaledObject fallback is active',
  fallbackDeactivated: 'ScaledObject fallback is no longer active',
} as const;
