import { proposeExternalPerPod, proposeExternalValue } from './external-proposals.js';
import type { RawProposal } from './external-proposals.js';
import { toMilli } from './milli.js';
import { proposeResource } from './resource-proposals.js';
import type { Tolerances } from './tolerance.js';
import type {
  ExternalMetricObservation,
  HpaEvent,
  HpaOptions,
  HpaPod,
  MetricObservation,
  MetricProposal,
  ResourceMetricObservation,
} from './types.js';
import type { Result } from '../../lib/result.js';
import { err, ok } from '../../lib/result.js';

export interface CombineInput {
  readonly metrics: readonly MetricObservation[];
  readonly specReplicas: number;
  readonly statusReplicas: number;
  readonly pods: readonly HpaPod[];
  readonly tolerances: Tolerances;
  readonly nowMs: number;
  readonly options: Pick<HpaOptions, 'cpuInitializationPeriodMs' | 'initialReadinessDelayMs'>;
  /** Only used in messages, as Kubernetes prints `<namespace>/<metric>/<selector>`. */
  readonly namespace?: string;
}

export type Combined =
  | {
      readonly ok: true;
      readonly replicas: number;
      /** The metric behind the maximum, as Kubernetes names it in `ValidMetricFound` and rescale reasons. */
      readonly metricDescription: string;
      /** Set when some metrics failed but the valid ones did not ask to scale down. */
      readonly partialError?: string;
    }
  | {
      readonly ok: false;
      readonly reason: string;
      readonly conditionMessage: string;
      readonly error: string;
    };

export interface CombineResult {
  readonly combined: Combined;
  readonly proposals: readonly MetricProposal[];
  /** The Warning Event Kubernetes emits for every metric that failed. */
  readonly events: readonly HpaEvent[];
}

/**
 * `computeReplicasForMetrics`: the maximum over the metrics that worked. All failing, or some failing while
 * the rest would scale below spec, is a total failure: no scale-down on partial data.
 */
export function computeReplicasForMetrics(input: CombineInput): CombineResult {
  const proposals = input.metrics.map((metric) => proposeMetric(metric, input));
  const events: HpaEvent[] = [];
  let replicas = 0;
  let metricDescription = '';
  let failures = 0;
  let firstFailure: { reason: string; message: string; wrapped: string } | undefined;
  for (const proposal of proposals) {
    if (!proposal.ok) {
      events.push({ type: 'Warning', reason: proposal.reason, message: proposal.message });
      failures += 1;
      firstFailure ??= { reason: proposal.reason, message: proposal.message, wrapped: proposal.wrapped };
      continue;
    }
    if (replicas === 0 || proposal.replicas > replicas) {
      replicas = proposal.replicas;
      metricDescription = proposal.description;
    }
  }
  const publicProposals = proposals.map(toPublicProposal);
  const error =
    firstFailure === undefined
      ? undefined
      : `invalid metrics (${failures} invalid out of ${input.metrics.length}), first error is: ${firstFailure.wrapped}`;
  if (firstFailure !== undefined && error !== undefined) {
    if (failures >= input.metrics.length || replicas < input.specReplicas) {
      const combined: Combined = {
        ok: false,
        reason: firstFailure.reason,
        conditionMessage: `the HPA was unable to compute the replica count: ${firstFailure.message}`,
        error,
      };
      return { combined, proposals: publicProposals, events };
    }
  }
  const combined: Combined = {
    ok: true,
    replicas,
    metricDescription,
    ...(error !== undefined ? { partialError: error } : {}),
  };
  return { combined, proposals: publicProposals, events };
}

type InternalProposal = MetricProposal & ({ readonly ok: true } | { readonly ok: false; readonly wrapped: string });

function toPublicProposal(proposal: InternalProposal): MetricProposal {
  if (proposal.ok) return proposal;
  return { ok: false, name: proposal.name, kind: proposal.kind, reason: proposal.reason, message: proposal.message };
}

function proposeMetric(metric: MetricObservation, input: CombineInput): InternalProposal {
  return metric.kind === 'external' ? proposeExternal(metric, input) : proposeResourceMetric(metric, input);
}

function proposeExternal(metric: ExternalMetricObservation, input: CombineInput): InternalProposal {
  const selector = formattedSelector(metric.selector);
  const description = externalDescription(metric.name, metric.selector, selector);
  const isAverage = metric.target.type === 'AverageValue';
  const result: Result<RawProposal, string> = (() => {
    if (!metric.measurement.ok) {
      const where = `${input.namespace ?? ''}/${metric.name}/${selector}`;
      return err(`unable to get external metric ${where}: ${metric.measurement.error}`);
    }
    const usageMilli = toMilli(metric.measurement.value);
    const targetMilli = toMilli(metric.target.value);
    if (isAverage) {
      return ok(
        proposeExternalPerPod({
          statusReplicas: input.statusReplicas,
          usageMilli,
          targetMilli,
          tolerances: input.tolerances,
        }),
      );
    }
    return proposeExternalValue({
      specReplicas: input.specReplicas,
      usageMilli,
      targetMilli,
      tolerances: input.tolerances,
      pods: input.pods,
    });
  })();
  if (result.ok) return { ok: true, name: metric.name, kind: 'external', description, ...result.value };
  const middle = isAverage
    ? `failed to get ${metric.name} external metric: ${result.error}`
    : `failed to get external metric ${metric.name}: ${result.error}`;
  return {
    ok: false,
    name: metric.name,
    kind: 'external',
    reason: 'FailedGetExternalMetric',
    message: result.error,
    wrapped: `failed to get ${metric.name} external metric value: ${middle}`,
  };
}

function proposeResourceMetric(metric: ResourceMetricObservation, input: CombineInput): InternalProposal {
  const isUtilization = metric.target.type === 'Utilization';
  const description = isUtilization
    ? `${metric.name} resource utilization (percentage of request)`
    : `${metric.name} resource`;
  const result =
    metric.error !== undefined
      ? err(
          `failed to get ${metric.name} ${isUtilization ? 'utilization' : 'usage'}: unable to get metrics for resource ${metric.name}: ${metric.error}`,
        )
      : proposeResource({
          specReplicas: input.specReplicas,
          resource: metric.name,
          target: metric.target,
          pods: input.pods,
          tolerances: input.tolerances,
          nowMs: input.nowMs,
          options: input.options,
        });
  if (result.ok) return { ok: true, name: metric.name, kind: 'resource', description, ...result.value };
  return {
    ok: false,
    name: metric.name,
    kind: 'resource',
    reason: 'FailedGetResourceMetric',
    message: result.error,
    wrapped: `failed to get ${metric.name} resource metric value: ${result.error}`,
  };
}

/*
 * Every HPA sync describes its metrics again, and the descriptions end up in condition messages
 * that are compared with the last sync's: callers that keep their selector objects get the same
 * strings back, built once, and equal messages are then recognised by identity.
 */
type Selector = Readonly<Record<string, string>>;
const formattedSelectors = new WeakMap<Selector, string>();
const descriptions = new WeakMap<Selector, Map<string, string>>();

function formattedSelector(selector: Selector | undefined): string {
  if (selector === undefined) return formatGoLabelSelector(undefined);
  let text = formattedSelectors.get(selector);
  if (text === undefined) {
    text = formatGoLabelSelector(selector);
    if (Object.isFrozen(selector)) formattedSelectors.set(selector, text);
  }
  return text;
}

function externalDescription(name: string, selector: Selector | undefined, formatted: string): string {
  const describe = () => `external metric ${name}(${formatted})`;
  if (selector === undefined || !Object.isFrozen(selector)) return describe();
  let byName = descriptions.get(selector);
  if (byName === undefined) descriptions.set(selector, (byName = new Map()));
  let description = byName.get(name);
  if (description === undefined) byName.set(name, (description = describe()));
  return description;
}

/** `%+v` of a `*metav1.LabelSelector` (its generated String()), as it appears in HPA messages. */
export function formatGoLabelSelector(matchLabels: Readonly<Record<string, string>> | undefined): string {
  if (matchLabels === undefined) return '<nil>';
  const entries = Object.keys(matchLabels)
    .sort()
    .map((key) => `${key}: ${matchLabels[key] ?? ''},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${entries}},MatchExpressions:[]LabelSelectorRequirement{},}`;
}
