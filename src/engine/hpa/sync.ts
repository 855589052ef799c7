import { DEFAULT_HPA_OPTIONS } from './behavior.js';
import { storeScaleEvent } from './behavior-rate.js';
import { computeReplicasForMetrics } from './combine.js';
import { findCondition, setCondition } from './conditions.js';
import { normalizeDesiredReplicas } from './normalize.js';
import { tolerancesForHpa } from './tolerance.js';
import type {
  HpaCondition,
  HpaEvent,
  HpaMemory,
  HpaOptions,
  HpaPod,
  MetricObservation,
  MetricProposal,
  ResolvedBehavior,
} from './types.js';

export interface HpaSyncInput {
  /** `hpaMinReplicas(minReplicaCount)` for KEDA's HPA. */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** `resolveHpaBehavior(...)`; undefined selects the legacy path (§5.5). */
  readonly behavior?: ResolvedBehavior;
  /** In the HPA's metric order (KEDA sorts them by type). */
  readonly metrics: readonly MetricObservation[];
  /** `scale.spec.replicas`: "current" everywhere in §5. */
  readonly specReplicas: number;
  /** `scale.status.replicas`: External AverageValue divides by this one. */
  readonly statusReplicas: number;
  /** Pods matched by the scale target's selector; ready pods and resource usage come from here. */
  readonly pods: readonly HpaPod[];
  readonly memory: HpaMemory;
  readonly nowMs: number;
  readonly options?: Partial<HpaOptions>;
  /** The HPA's status.conditions before this sync, so positions and transition times carry over. */
  readonly previousConditions?: readonly HpaCondition[];
  /** Only for messages. */
  readonly namespace?: string;
}

export interface HpaSyncResult {
  /** The replica count to write (current when `shouldRescale` is false); status.desiredReplicas. */
  readonly desiredReplicas: number;
  readonly shouldRescale: boolean;
  /** Memory after this sync, assuming the controller's `/scale` write succeeds when `shouldRescale`. */
  readonly memory: HpaMemory;
  /** Memory to keep instead when the write failed: Kubernetes records a scale event only after success. */
  readonly memoryIfRescaleFails: HpaMemory;
  /** status.conditions, assuming a successful write (see `rescaleFailedConditions`). */
  readonly conditions: readonly HpaCondition[];
  readonly proposals: readonly MetricProposal[];
  /** The max over valid proposals, before stabilization and limits; undefined when metrics were not used. */
  readonly metricDesiredReplicas?: number;
  /** The ScalingLimited reason set in this sync (e.g. ScaleUpLimit, TooManyReplicas, DesiredWithinRange). */
  readonly limitReason?: string;
  /** The reason in `SuccessfulRescale`'s message ("New size: N; reason: …"). */
  readonly rescaleReason?: string;
  /** Events to emit; `SuccessfulRescale` only once the write has succeeded. */
  readonly events: readonly HpaEvent[];
  /** Why, for people: proposals, stabilization, limits and the decision. */
  readonly reasons: readonly string[];
}

const SUCCEEDED_GET_SCALE = {
  type: 'AbleToScale',
  status: 'True',
  reason: 'SucceededGetScale',
  message: "the HPA controller was able to get the target's current scale",
} as const;

export function emptyHpaMemory(): HpaMemory {
  return { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] };
}

/**
 * Which path `reconcileAutoscaler` takes before any metric is read: only `metrics` asks the
 * metrics adapter, so only then does KEDA measure the triggers for the HPA (and count failures).
 */
export type HpaPath = 'disabled' | 'above-max' | 'below-min' | 'metrics';

export function hpaPath(current: number, minReplicas: number, maxReplicas: number): HpaPath {
  if (current === 0 && minReplicas !== 0) return 'disabled';
  if (current > maxReplicas) return 'above-max';
  if (current < minReplicas) return 'below-min';
  return 'metrics';
}

/** One `reconcileAutoscaler` run of kube-controller-manager for KEDA's `keda-hpa-<so>` (§5.2). */
export function syncHpa(input: HpaSyncInput): HpaSyncResult {
  const options: HpaOptions =
    input.options === undefined ? DEFAULT_HPA_OPTIONS : { ...DEFAULT_HPA_OPTIONS, ...input.options };
  const { nowMs, minReplicas, maxReplicas, behavior } = input;
  const current = input.specReplicas;
  const previous = input.previousConditions ?? [];
  // Kubernetes sets AbleToScale/SucceededGetScale first, and every path that gets past the metrics
  // sets AbleToScale again, still True: the first write then only decides a new condition's place
  // (the transition time follows the previous status either way), so it is done where it shows.
  const gotScale = (list: readonly HpaCondition[]) => setCondition(list, SUCCEEDED_GET_SCALE, nowMs);
  let conditions = findCondition(previous, 'AbleToScale') === undefined ? gotScale(previous) : previous;
  // recordInitialRecommendation: seeded once, with current even at 0, and never cleared while the HPA exists.
  let memory: HpaMemory =
    input.memory.recommendations.length === 0
      ? { ...input.memory, recommendations: [{ replicas: current, timestampMs: nowMs }] }
      : input.memory;
  const reasons: string[] = [];
  const events: HpaEvent[] = [];
  const noRescale = (extra: Partial<HpaSyncResult>): HpaSyncResult => ({
    desiredReplicas: current,
    shouldRescale: false,
    memory,
    memoryIfRescaleFails: memory,
    conditions,
    proposals: [],
    events,
    reasons,
    ...extra,
  });

  const path = hpaPath(current, minReplicas, maxReplicas);
  if (path === 'disabled') {
    conditions = setCondition(
      gotScale(conditions),
      {
        type: 'ScalingActive',
        status: 'False',
        reason: 'ScalingDisabled',
        message: 'scaling is disabled since the replica count of the target is zero',
      },
      nowMs,
    );
    reasons.push('target has 0 replicas: HPA scaling is disabled until KEDA activates it');
    return noRescale({ conditions });
  }

  let desired: number;
  let rescaleReason: string;
  let proposals: readonly MetricProposal[] = [];
  let limitReason: string | undefined;
  let metricDesiredReplicas: number | undefined;
  if (path === 'above-max') {
    desired = maxReplicas;
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    reasons.push(
      `current ${current} is above maxReplicas ${maxReplicas}: set to ${maxReplicas} without metrics or rate limits`,
    );
  } else if (path === 'below-min') {
    desired = minReplicas;
    rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    reasons.push(
      `current ${current} is below minReplicas ${minReplicas}: set to ${minReplicas} without metrics or rate limits`,
    );
  } else {
    const computed = computeReplicasForMetrics({
      metrics: input.metrics,
      specReplicas: current,
      statusReplicas: input.statusReplicas,
      pods: input.pods,
      tolerances: tolerancesForHpa(behavior, options),
      nowMs,
      options,
      ...(input.namespace !== undefined ? { namespace: input.namespace } : {}),
    });
    proposals = computed.proposals;
    events.push(...computed.events);
    for (const proposal of proposals) {
      reasons.push(
        proposal.ok
          ? `${proposal.description}: ${proposal.explanation}`
          : `${proposal.name}: ${proposal.reason}: ${proposal.message}`,
      );
    }
    const combined = computed.combined;
    if (!combined.ok) {
      conditions = setCondition(
        gotScale(conditions),
        { type: 'ScalingActive', status: 'False', reason: combined.reason, message: combined.conditionMessage },
        nowMs,
      );
      events.push({ type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: combined.error });
      reasons.push(`no scaling: ${combined.error}`);
      return noRescale({ conditions, proposals });
    }
    conditions = setCondition(
      conditions,
      {
        type: 'ScalingActive',
        status: 'True',
        reason: 'ValidMetricFound',
        message: validMetricMessage(combined.metricDescription),
      },
      nowMs,
    );
    if (combined.partialError !== undefined)
      reasons.push(`scaling on the valid metrics only: ${combined.partialError}`);
    metricDesiredReplicas = combined.replicas;
    rescaleReason =
      combined.replicas > current
        ? `${combined.metricDescription} above target`
        : combined.replicas < current
          ? 'All metrics below target'
          : '';
    reasons.push(`max over metrics: ${combined.replicas}`);
    const normalized = normalizeDesiredReplicas({
      ...(behavior !== undefined ? { behavior } : {}),
      currentReplicas: current,
      desiredReplicas: combined.replicas,
      minReplicas,
      maxReplicas,
      memory,
      conditions,
      downscaleStabilizationMs: options.downscaleStabilizationMs,
      nowMs,
    });
    desired = normalized.replicas;
    limitReason = normalized.limitReason;
    memory = normalized.memory;
    conditions = normalized.conditions;
    reasons.push(...normalized.reasons);
  }

  const common = {
    proposals,
    ...(metricDesiredReplicas !== undefined ? { metricDesiredReplicas } : {}),
    ...(limitReason !== undefined ? { limitReason } : {}),
  };
  if (desired === current) {
    reasons.push(`no rescale: stays at ${current}`);
    return noRescale(common);
  }
  const memoryIfRescaleFails = memory;
  if (behavior !== undefined) memory = recordScaleEvent(memory, behavior, current, desired, nowMs);
  conditions = setCondition(
    conditions,
    {
      type: 'AbleToScale',
      status: 'True',
      reason: 'SucceededRescale',
      message: `the HPA controller was able to update the target scale to ${desired}`,
    },
    nowMs,
  );
  events.push({
    type: 'Normal',
    reason: 'SuccessfulRescale',
    message: `New size: ${desired}; reason: ${rescaleReason}`,
  });
  reasons.push(`rescale ${current} → ${desired}: ${rescaleReason}`);
  return {
    ...common,
    desiredReplicas: desired,
    shouldRescale: true,
    memory,
    memoryIfRescaleFails,
    conditions,
    events,
    reasons,
    rescaleReason,
  };
}

/** By metric description: the message of most syncs is the last one's, and is then the same string. */
const validMetricMessages = new Map<string, string>();
const MAX_VALID_METRIC_MESSAGES = 10_000;

function validMetricMessage(metricDescription: string): string {
  let message = validMetricMessages.get(metricDescription);
  if (message === undefined) {
    message = `the HPA was able to successfully calculate a replica count from ${metricDescription}`;
    if (validMetricMessages.size >= MAX_VALID_METRIC_MESSAGES) validMetricMessages.clear();
    validMetricMessages.set(metricDescription, message);
  }
  return message;
}

function recordScaleEvent(
  memory: HpaMemory,
  behavior: ResolvedBehavior,
  current: number,
  desired: number,
  nowMs: number,
): HpaMemory {
  if (desired > current) {
    const scaleUpEvents = storeScaleEvent({
      events: memory.scaleUpEvents,
      rules: behavior.scaleUp,
      replicaChange: desired - current,
      nowMs,
    });
    return { ...memory, scaleUpEvents };
  }
  const scaleDownEvents = storeScaleEvent({
    events: memory.scaleDownEvents,
    rules: behavior.scaleDown,
    replicaChange: current - desired,
    nowMs,
  });
  return { ...memory, scaleDownEvents };
}
