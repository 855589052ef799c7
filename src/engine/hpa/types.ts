import type { Result } from '../../lib/result.js';

/**
 * Data model of the HPA emulation (spec/keda-hpa-semantics.md §5): the input of one sync, its result and the
 * memory kube-controller-manager keeps between syncs. Metric quantities are plain numbers in the quantity's
 * base unit (cores, bytes, or the external metric's unit); the engine converts them to milli-units as
 * `Quantity.MilliValue()` does, because the HPA's arithmetic is integer milli arithmetic.
 */

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** A pod matched by the scale target's selector, as the HPA's pod lister sees it. */
export interface HpaPod {
  readonly name: string;
  readonly phase: PodPhase;
  /** The Ready condition's status is True. */
  readonly ready: boolean;
  /** `metadata.deletionTimestamp` is set. */
  readonly deleted: boolean;
  /** `status.startTime`; undefined makes a pod unready for CPU, as in `groupPods`. */
  readonly startTimeMs?: number;
  /** The Ready condition's lastTransitionTime; undefined means the pod has no Ready condition at all. */
  readonly readyTransitionMs?: number;
  /** Usage from the resource metrics API by resource name ('cpu', 'memory'); a missing key is a missing metric. */
  readonly usage?: Readonly<Record<string, number>>;
  /** Sum of the container (and restartable init container) requests by resource name. */
  readonly request?: Readonly<Record<string, number>>;
  /** Timestamp and window of the pod's resource metric sample (metrics-server); only CPU readiness reads them. */
  readonly usageTimestampMs?: number;
  readonly usageWindowMs?: number;
}

export interface ExternalMetricObservation {
  readonly kind: 'external';
  /** The external metric name, e.g. `s0-workload-default`. */
  readonly name: string;
  /** The metric's label selector (KEDA sets `scaledobject.keda.sh/name`); used only in messages. */
  readonly selector?: Readonly<Record<string, string>>;
  readonly target: { readonly type: 'AverageValue' | 'Value'; readonly value: number };
  /** U, the sum of every value the metrics adapter returned, or the adapter's error. Never 0 for an error. */
  readonly measurement: Result<number, string>;
}

export interface ResourceMetricObservation {
  readonly kind: 'resource';
  /** The resource name: 'cpu', 'memory', … Usage and requests come from `HpaSyncInput.pods`. */
  readonly name: string;
  readonly target: { readonly type: 'Utilization' | 'AverageValue'; readonly value: number };
  /** Set when the resource metrics API call itself failed. */
  readonly error?: string;
}

export type MetricObservation = ExternalMetricObservation | ResourceMetricObservation;

export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface ResolvedScalingPolicy {
  readonly type: 'Pods' | 'Percent';
  readonly value: number;
  readonly periodMs: number;
}

/** One direction of `behavior` after the API server's defaulting (§5.6). */
export interface ResolvedScalingRules {
  /** Undefined only for scaleDown when the user left it unset: the controller's flag applies then. */
  readonly stabilizationWindowMs?: number;
  readonly selectPolicy: SelectPolicy;
  readonly policies: readonly ResolvedScalingPolicy[];
  readonly tolerance?: number;
}

export interface ResolvedBehavior {
  readonly scaleUp: ResolvedScalingRules;
  readonly scaleDown: ResolvedScalingRules;
}

export interface TimestampedRecommendation {
  readonly replicas: number;
  readonly timestampMs: number;
}

export interface ScaleEvent {
  readonly replicaChange: number;
  readonly timestampMs: number;
  /** Marked once the event is older than the longest policy period; its slot is reused by the next event. */
  readonly outdated: boolean;
}

/**
 * What kube-controller-manager keeps in memory per HPA. The caller stores it and passes it back; dropping it
 * emulates a controller-manager restart. An empty `recommendations` list means "never synced".
 */
export interface HpaMemory {
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
}

export interface HpaOptions {
  /** `--horizontal-pod-autoscaler-tolerance`. */
  readonly tolerance: number;
  /** `--horizontal-pod-autoscaler-downscale-stabilization`. */
  readonly downscaleStabilizationMs: number;
  /** The HPAConfigurableTolerance feature gate (beta, on, in 1.35). */
  readonly configurableTolerance: boolean;
  /** `--horizontal-pod-autoscaler-cpu-initialization-period`. */
  readonly cpuInitializationPeriodMs: number;
  /** `--horizontal-pod-autoscaler-initial-readiness-delay`. */
  readonly initialReadinessDelayMs: number;
}

export type ConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

export interface HpaCondition {
  readonly type: ConditionType;
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTimeMs?: number;
}

export interface HpaEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

export type ProposalRule =
  | 'WithinTolerance'
  | 'UsageOverAverageTarget'
  | 'RatioTimesReadyPods'
  | 'RatioFromZero'
  | 'CorrectedWithinTolerance'
  | 'CorrectedDirectionFlip'
  | 'CorrectedRatioTimesPods';

export interface MetricProposalSuccess {
  readonly ok: true;
  readonly name: string;
  readonly kind: MetricObservation['kind'];
  /** How Kubernetes names the metric in messages, e.g. `cpu resource utilization (percentage of request)`. */
  readonly description: string;
  /** The observed value as the HPA reports it (U, per-pod average, or utilization percent). */
  readonly value: number;
  readonly replicas: number;
  readonly rule: ProposalRule;
  readonly explanation: string;
}

export interface MetricProposalFailure {
  readonly ok: false;
  readonly name: string;
  readonly kind: MetricObservation['kind'];
  /** `FailedGetExternalMetric` or `FailedGetResourceMetric`. */
  readonly reason: string;
  readonly message: string;
}

export type MetricProposal = MetricProposalSuccess | MetricProposalFailure;
