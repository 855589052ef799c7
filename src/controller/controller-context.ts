import type { Clock } from '../lib/clock.js';
import type { Random } from '../lib/random.js';
import type { KubeClient } from '../kube/client.js';
import type { EventRecorder } from '../kube/events.js';
import type { InformerFactory } from '../kube/informer-factory.js';
import type { ResourceType } from '../kube/resources.js';
import type { MetricSources } from '../triggers/trigger.js';
import type { TargetScaleReader } from './target-scale-reader.js';
import type { TaskLimiter } from './task-limiter.js';

/** Where decisions, errors and measurements go besides Kubernetes: logs, metrics, the decision log. */
export interface ControllerObserver {
  decision?(record: DecisionRecord): void;
  measurement?(record: MeasurementRecord): void;
  error?(record: { readonly scaledObject: string; readonly phase: string; readonly message: string }): void;
  /** After each reconcile: whether the ScaledObject's Paused condition is True (`keda_scaled_object_paused`). */
  paused?(record: { readonly scaledObject: string; readonly paused: boolean }): void;
  /** The ScaledObject is gone (deleted, or no longer ours): its per-object metric series go too. */
  removed?(record: { readonly scaledObject: string }): void;
}

export interface DecisionRecord {
  readonly atMs: number;
  /** `namespace/name` of the ScaledObject. */
  readonly scaledObject: string;
  readonly loop: 'keda' | 'hpa' | 'lifecycle';
  readonly rule: string;
  readonly target: string;
  readonly fromReplicas: number;
  readonly toReplicas: number;
  readonly reasons: readonly string[];
}

export interface MeasurementRecord {
  readonly scaledObject: string;
  readonly triggerIndex: number;
  readonly triggerType: string;
  readonly metricName: string;
  readonly value?: number;
  readonly isActive: boolean;
  readonly error?: string;
}

/** Everything a ScaledObject worker needs, passed down from the composition root (manager.ts). */
export interface ControllerContext {
  readonly client: KubeClient;
  readonly clock: Clock;
  readonly random: Random;
  readonly informers: InformerFactory;
  /** Scale targets, read from shared caches where the kind allows; writes go through `/scale`. */
  readonly targets: TargetScaleReader;
  /** Shared by every worker: how many of their tasks (reconcile, poll, HPA sync) run at once. */
  readonly tasks: TaskLimiter;
  readonly events: EventRecorder;
  readonly fetch: MetricSources['fetch'];
  readonly observer: ControllerObserver;
  /** The HPA's sync period (kube-controller-manager `--horizontal-pod-autoscaler-sync-period`), 15 s by default. */
  readonly hpaSyncPeriodMs: number;
  /** keda.sh ScaledObjects in KEDA-compat mode, spillway.io's otherwise. */
  readonly scaledObjectType: ResourceType;
}
