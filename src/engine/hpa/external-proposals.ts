import type { Result } from '../../lib/result.js';
import { err, ok } from '../../lib/result.js';
import { ceilToReplicas, fromMilli } from './milli.js';
import { countReadyPods } from './pods.js';
import { formatTolerances, isWithinTolerance } from './tolerance.js';
import type { Tolerances } from './tolerance.js';
import type { HpaPod, ProposalRule } from './types.js';

/** One metric's replica proposal before combining; `value` is what the HPA reports in status.currentMetrics. */
export interface RawProposal {
  readonly replicas: number;
  readonly value: number;
  readonly rule: ProposalRule;
  readonly explanation: string;
}

export interface ExternalPerPodInput {
  readonly statusReplicas: number;
  readonly usageMilli: number;
  readonly targetMilli: number;
  readonly tolerances: Tolerances;
}

/**
 * `GetExternalPerPodMetricReplicas` (KEDA's default AverageValue). It compares against status.replicas, not
 * spec, and returns that status count when within tolerance; with no pods the ratio is +Inf (or NaN for 0/0)
 * and the plain quotient wins.
 */
export function proposeExternalPerPod(input: ExternalPerPodInput): RawProposal {
  const { statusReplicas, usageMilli, targetMilli, tolerances } = input;
  const usageRatio = usageMilli / (targetMilli * statusReplicas);
  const value = statusReplicas === 0 ? 0 : Math.ceil(usageMilli / statusReplicas) / 1000;
  const ratioText = `${fromMilli(usageMilli)} / (${fromMilli(targetMilli)} × ${statusReplicas} status replicas) = ${formatRatio(usageRatio)}`;
  if (isWithinTolerance(tolerances, usageRatio)) {
    return {
      replicas: statusReplicas,
      value,
      rule: 'WithinTolerance',
      explanation: `${ratioText} within tolerance ${formatTolerances(tolerances)} → ${statusReplicas}`,
    };
  }
  const replicas = ceilToReplicas(usageMilli / targetMilli);
  return {
    replicas,
    value,
    rule: 'UsageOverAverageTarget',
    explanation: `${ratioText} outside tolerance ${formatTolerances(tolerances)} → ceil(${fromMilli(usageMilli)} / ${fromMilli(targetMilli)}) = ${replicas}`,
  };
}

export interface ExternalValueInput {
  readonly specReplicas: number;
  readonly usageMilli: number;
  readonly targetMilli: number;
  readonly tolerances: Tolerances;
  readonly pods: readonly HpaPod[];
}

/**
 * `GetExternalMetricReplicas` → `getUsageRatioReplicaCount`. From zero there is no tolerance and no pod count,
 * so a ratio of 0 can propose 0. The pod list is consulted only outside tolerance, and an empty list (not zero
 * ready pods) is the error.
 */
export function proposeExternalValue(input: ExternalValueInput): Result<RawProposal, string> {
  const { specReplicas, usageMilli, targetMilli, tolerances } = input;
  const usageRatio = usageMilli / targetMilli;
  const value = fromMilli(usageMilli);
  const ratioText = `${fromMilli(usageMilli)} / ${fromMilli(targetMilli)} = ${formatRatio(usageRatio)}`;
  if (specReplicas === 0) {
    const replicas = ceilToReplicas(usageRatio);
    return ok({
      replicas,
      value,
      rule: 'RatioFromZero',
      explanation: `${ratioText}; from 0 replicas → ceil = ${replicas}`,
    });
  }
  if (isWithinTolerance(tolerances, usageRatio)) {
    return ok({
      replicas: specReplicas,
      value,
      rule: 'WithinTolerance',
      explanation: `${ratioText} within tolerance ${formatTolerances(tolerances)} → ${specReplicas}`,
    });
  }
  if (input.pods.length === 0) {
    return err('unable to calculate ready pods: no pods returned by selector while calculating replica count');
  }
  const readyPods = countReadyPods(input.pods);
  const replicas = ceilToReplicas(usageRatio * readyPods);
  return ok({
    replicas,
    value,
    rule: 'RatioTimesReadyPods',
    explanation: `${ratioText} outside tolerance ${formatTolerances(tolerances)} → ceil(${formatRatio(usageRatio)} × ${readyPods} ready pods) = ${replicas}`,
  });
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  return String(Math.round(ratio * 1000) / 1000);
}
