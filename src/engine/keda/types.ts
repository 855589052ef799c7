import type { ConditionReason, ConditionType, EventReason } from '../reasons.js';

/** Plain data shared by the KEDA engine's steps; the controller persists or emits it as is. */

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface Condition {
  readonly type: ConditionType;
  readonly status: ConditionStatus;
  readonly reason?: ConditionReason;
  readonly message?: string;
}

export interface KedaEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: EventReason;
  readonly message: string;
}

/** `status.health[<metric>]` as KEDA keeps it. */
export interface HealthStatus {
  readonly numberOfFailures: number;
  readonly status: 'Happy' | 'Failing';
}

export type HealthMap = Readonly<Record<string, HealthStatus>>;

/**
 * What one external trigger contributed to a poll, after fallback (fallback.ts) has had its say.
 * `fallback` means the error was suppressed and a fallback value is served: KEDA then counts the
 * trigger as active and error-free.
 */
export type TriggerOutcome =
  | {
      readonly kind: 'measured';
      readonly metricName: string;
      readonly triggerName?: string;
      readonly value: number;
      readonly isActive: boolean;
    }
  | {
      readonly kind: 'failed';
      readonly metricName: string;
      readonly triggerName?: string;
      readonly message: string;
    }
  | {
      readonly kind: 'fallback';
      readonly metricName: string;
      readonly triggerName?: string;
      /** The value served to the HPA in place of the failed measurement. */
      readonly value: number;
      /** The suppressed error. */
      readonly message: string;
    };

/** The ScaledObject-level verdict the poll decision takes as input (KEDA's getScaledObjectState). */
export interface ActivityState {
  readonly isActive: boolean;
  readonly isError: boolean;
  /** Metric names of the active triggers, in trigger order; used in the activation event. */
  readonly activeTriggers: readonly string[];
}
