import type { DecisionRecord } from '../controller/controller-context.js';

/** `t` everywhere is seconds of virtual time since the scenario started. */
export interface ChangeRecord {
  readonly t: number;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
  /** `spec.replicas` after the change; null when the object leaves it unset. */
  readonly replicas: number | null;
}

export interface PodRecord {
  readonly t: number;
  readonly namespace: string;
  readonly name: string;
  /** null until the scheduler binds the pod to an environment's node. */
  readonly environment: string | null;
  /** The pod's phase, or `Terminating` (deletion requested) and `Deleted` (gone), as kubectl shows them. */
  readonly phase: string;
  readonly ready: boolean;
  /** Why a Pending pod is not placed (`Unschedulable`). */
  readonly reason?: string;
}

export interface EventRecord {
  readonly t: number;
  readonly type: string;
  readonly reason: string;
  /** `Kind/namespace/name` of the involved object. */
  readonly object: string;
  readonly message: string;
}

/**
 * One controller decision, or a run of consecutive identical ones of the same ScaledObject and loop
 * (same rule, target, replica counts and reasons): a day of polls that change nothing is a few
 * entries, not one per poll. A decision that writes replicas is always its own entry.
 */
export type DecisionEntry = Omit<DecisionRecord, 'atMs'> & {
  /** When the (first) decision was made. */
  readonly t: number;
  /** How many consecutive identical decisions this entry stands for: 1 for a single one. */
  readonly count: number;
  /** When the last of them was made (each at one of the loop's ticks); `t` when `count` is 1. */
  readonly lastT: number;
};

export interface CostRecord {
  readonly environment: string;
  readonly pricePerPodHour: number;
  readonly podSeconds: number;
  readonly cost: number;
}

/** A scenario action that could not be carried out (the run goes on, as a real cluster would). */
export interface ActionError {
  readonly t: number;
  readonly action: number;
  readonly message: string;
}

export interface SimulationReport {
  readonly seed: number;
  readonly durationSeconds: number;
  readonly changes: readonly ChangeRecord[];
  readonly pods: readonly PodRecord[];
  readonly events: readonly EventRecord[];
  readonly decisions: readonly DecisionEntry[];
  readonly cost: readonly CostRecord[];
  readonly totalCost: number;
  readonly actionErrors: readonly ActionError[];
  /** Controller errors (status writes, finalizers), if any. */
  readonly controllerErrors: readonly {
    readonly t: number;
    readonly scaledObject: string;
    readonly phase: string;
    readonly message: string;
  }[];
}
