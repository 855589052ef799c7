import type { Result } from '../../lib/result.js';
import { err, ok } from '../../lib/result.js';
import { formatRatio } from './external-proposals.js';
import type { RawProposal } from './external-proposals.js';
import { ceilToReplicas, fromMilli, toMilli } from './milli.js';
import { groupPods } from './pods.js';
import type { PodGroups } from './pods.js';
import { formatTolerances, isWithinTolerance } from './tolerance.js';
import type { Tolerances } from './tolerance.js';
import type { HpaOptions, HpaPod } from './types.js';

export interface ResourceProposalInput {
  readonly specReplicas: number;
  readonly resource: string;
  readonly target: { readonly type: 'Utilization' | 'AverageValue'; readonly value: number };
  readonly pods: readonly HpaPod[];
  readonly tolerances: Tolerances;
  readonly nowMs: number;
  readonly options: Pick<HpaOptions, 'cpuInitializationPeriodMs' | 'initialReadinessDelayMs'>;
}

interface Usage {
  readonly ratio: number;
  /** Utilization percent, or the per-pod average in milli-units. */
  readonly reported: number;
}

/**
 * `GetResourceReplicas` (Utilization) and `GetRawResourceReplicas` → `calcPlainMetricReplicas` (AverageValue),
 * with the not-ready and missing pod correction of §5.7. Errors carry Kubernetes' wording, wrapped as
 * `computeStatusForResourceMetricGeneric` wraps them.
 */
export function proposeResource(input: ResourceProposalInput): Result<RawProposal, string> {
  const isUtilization = input.target.type === 'Utilization';
  const result = proposeFromPods(input, isUtilization);
  if (result.ok) return result;
  return err(`failed to get ${input.resource} ${isUtilization ? 'utilization' : 'usage'}: ${result.error}`);
}

function proposeFromPods(input: ResourceProposalInput, isUtilization: boolean): Result<RawProposal, string> {
  if (input.pods.length === 0) return err('no pods returned by selector while calculating replica count');
  const groups = groupPods({
    pods: input.pods,
    resource: input.resource,
    nowMs: input.nowMs,
    options: input.options,
    toMilli,
  });
  if (groups.readyUsageMilli.size === 0)
    return err('did not receive metrics for targeted pods (pods might be unready)');
  return isUtilization ? proposeUtilization(input, groups) : proposeAverageValue(input, groups);
}

function proposeUtilization(input: ResourceProposalInput, groups: PodGroups): Result<RawProposal, string> {
  const requests = new Map<string, number>();
  for (const pod of input.pods) {
    const request = pod.request?.[input.resource];
    // calculateRequests walks every listed pod, ignored or not, and fails on the first without a request.
    if (request === undefined) return err(`missing request for ${input.resource} in Pod ${pod.name}`);
    requests.set(pod.name, toMilli(request));
  }
  const targetUtilization = input.target.value;
  const utilizationOf = (usage: ReadonlyMap<string, number>): Result<Usage, string> => {
    let usageTotal = 0;
    let requestTotal = 0;
    for (const [name, value] of usage) {
      const request = requests.get(name);
      if (request === undefined) continue;
      usageTotal += value;
      requestTotal += request;
    }
    if (requestTotal === 0) return err('no metrics returned matched known pods');
    // Integer division: the HPA compares whole percents.
    const utilization = Math.trunc((usageTotal * 100) / requestTotal);
    return ok({ ratio: utilization / targetUtilization, reported: utilization });
  };
  // On a scale-down a missing pod counts as using its request, or the target when that is above 100 %.
  const missingOnScaleDown = (name: string): number =>
    Math.trunc(((requests.get(name) ?? 0) * Math.max(100, targetUtilization)) / 100);
  return correctedProposal(
    input,
    groups,
    utilizationOf,
    missingOnScaleDown,
    (usage) => `utilization ${usage.reported}%`,
  );
}

function proposeAverageValue(input: ResourceProposalInput, groups: PodGroups): Result<RawProposal, string> {
  const targetMilli = toMilli(input.target.value);
  const averageOf = (usage: ReadonlyMap<string, number>): Result<Usage, string> => {
    let total = 0;
    for (const value of usage.values()) total += value;
    const average = Math.trunc(total / usage.size);
    return ok({ ratio: average / targetMilli, reported: average });
  };
  return correctedProposal(
    input,
    groups,
    averageOf,
    () => targetMilli,
    (usage) => `average ${fromMilli(usage.reported)}`,
  );
}

function correctedProposal(
  input: ResourceProposalInput,
  groups: PodGroups,
  usageOf: (usage: ReadonlyMap<string, number>) => Result<Usage, string>,
  missingOnScaleDown: (name: string) => number,
  describe: (usage: Usage) => string,
): Result<RawProposal, string> {
  const first = usageOf(groups.readyUsageMilli);
  if (!first.ok) return first;
  const { ratio } = first.value;
  const value = input.target.type === 'Utilization' ? first.value.reported : fromMilli(first.value.reported);
  const current = input.specReplicas;
  const tolerance = formatTolerances(input.tolerances);
  const head = `${describe(first.value)} / target ${input.target.value} = ${formatRatio(ratio)}`;
  const scaleUpWithUnready = groups.unready.length > 0 && ratio > 1;
  if (!scaleUpWithUnready && groups.missing.length === 0) {
    if (isWithinTolerance(input.tolerances, ratio)) {
      return ok({
        replicas: current,
        value,
        rule: 'WithinTolerance',
        explanation: `${head} within tolerance ${tolerance} → ${current}`,
      });
    }
    const replicas = ceilToReplicas(ratio * groups.readyPodCount);
    const explanation = `${head} → ceil(${formatRatio(ratio)} × ${groups.readyPodCount} ready pods) = ${replicas}`;
    return ok({ replicas, value, rule: 'RatioTimesReadyPods', explanation });
  }
  const corrected = new Map(groups.readyUsageMilli);
  // A ratio of exactly 1 leaves missing pods out of the recount, as the source does.
  if (ratio < 1) for (const name of groups.missing) corrected.set(name, missingOnScaleDown(name));
  else if (ratio > 1) for (const name of groups.missing) corrected.set(name, 0);
  if (scaleUpWithUnready) for (const name of groups.unready) corrected.set(name, 0);
  const second = usageOf(corrected);
  if (!second.ok) return second;
  const newRatio = second.value.ratio;
  const correction = `${head}; ${groups.unready.length} unready and ${groups.missing.length} missing pods corrected → ${formatRatio(newRatio)}`;
  if (isWithinTolerance(input.tolerances, newRatio)) {
    return ok({
      replicas: current,
      value,
      rule: 'CorrectedWithinTolerance',
      explanation: `${correction} within tolerance ${tolerance} → ${current}`,
    });
  }
  const newReplicas = ceilToReplicas(newRatio * corrected.size);
  const flipped =
    (ratio < 1 && newRatio > 1) ||
    (ratio > 1 && newRatio < 1) ||
    (newRatio < 1 && newReplicas > current) ||
    (newRatio > 1 && newReplicas < current);
  if (flipped) {
    return ok({
      replicas: current,
      value,
      rule: 'CorrectedDirectionFlip',
      explanation: `${correction} would flip the scale direction → ${current}`,
    });
  }
  const explanation = `${correction} → ceil(${formatRatio(newRatio)} × ${corrected.size} pods) = ${newReplicas}`;
  return ok({ replicas: newReplicas, value, rule: 'CorrectedRatioTimesPods', explanation });
}
