import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Issue } from '../lib/issues.js';
import type { LabelSelector } from '../lib/label-selector.js';
import { formatSelectorError, matchesLabels, parseSelector } from '../lib/label-selector.js';
import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';
import type { Metadata } from './metadata.js';
import { invalidParam, missingParam, parseJsonFloat, readBool, readFloat, readParam } from './metadata.js';
import {
  metricNameWithIndex,
  normalizeMetricName,
  resolveExternalTargetType,
  toExportedValue,
} from './metric-values.js';
import type {
  MeasureResult,
  MetricSources,
  TriggerConfig,
  TriggerConfigBase,
  TriggerContext,
  TriggerDefinition,
} from './trigger.js';

/** `kubernetes-workload`: counts the pods a selector matches (keda: kubernetes_workload_scaler.go; spec §1). */
export type KubernetesWorkloadConfig = TriggerConfigBase & {
  readonly type: 'kubernetes-workload';
  readonly podSelector: LabelSelector;
  /** The selector as written, for messages and `spillway validate`. */
  readonly podSelectorText: string;
  /** Always the ScaledObject's namespace: KEDA has no namespace parameter. */
  readonly namespace: string;
  readonly value: number;
  readonly activationValue: number;
  readonly groupByNode: boolean;
};

export function parseKubernetesWorkload(
  metadata: Metadata,
  context: TriggerContext,
): Result<KubernetesWorkloadConfig, Issue[]> {
  const issues: Issue[] = [];
  const podSelectorText = readParam(metadata, 'podSelector');
  let podSelector: LabelSelector = { requirements: [] };
  if (podSelectorText === undefined) {
    issues.push(missingParam('podSelector', 'a label selector such as "app=web"'));
  } else {
    const parsed = parseSelector(podSelectorText);
    if (parsed.ok) podSelector = parsed.value;
    else {
      issues.push({
        code: 'invalid_selector',
        path: ['podSelector'],
        message: formatSelectorError(podSelectorText, parsed.error),
        expected: 'a label selector such as "app=web,environment notin (cloud)"',
        received: podSelectorText,
      });
    }
  }

  const valueText = readParam(metadata, 'value');
  let value = 0;
  if (valueText === undefined) {
    // A formula-only source needs no target of its own (KEDA's Validate skips the check).
    if (!context.formulaSource) issues.push(missingParam('value', 'a number greater than 0'));
  } else {
    const parsed = parseJsonFloat(valueText);
    if (parsed === undefined || (parsed <= 0 && !context.formulaSource)) {
      issues.push(invalidParam('value', valueText, 'a number greater than 0'));
    } else value = parsed;
  }
  const activationValue = readFloat(metadata, 'activationValue', issues, { defaultValue: 0 });
  const groupByNode = readBool(metadata, 'groupByNode', issues, false);
  const targetType = resolveExternalTargetType(context, issues);
  if (issues.length > 0) return err(issues);

  return ok({
    type: 'kubernetes-workload',
    metricName: metricNameWithIndex(context.triggerIndex, normalizeMetricName(`workload-${context.namespace}`)),
    targetType,
    targetValue: value,
    activationThreshold: activationValue,
    podSelector,
    podSelectorText: podSelectorText ?? '',
    namespace: context.namespace,
    value,
    activationValue,
    groupByNode,
  });
}

export function measureKubernetesWorkload(config: KubernetesWorkloadConfig, sources: MetricSources): MeasureResult {
  const pods = sources.podsMatching(config.namespace, config.podSelector);
  const count = countOnce(config, pods);
  return ok({ value: toExportedValue(count), isActive: count > config.activationValue });
}

/**
 * The last count per pod selection: a selection is the same array for as long as the pod cache is
 * unchanged, and every poll and HPA sync asks again.
 */
const counts = new WeakMap<readonly Pod[], { readonly config: KubernetesWorkloadConfig; readonly count: number }>();

function countOnce(config: KubernetesWorkloadConfig, pods: readonly Pod[]): number {
  const last = counts.get(pods);
  if (last?.config === config) return last.count;
  const count = countWorkloadPods(config, pods, config.namespace);
  counts.set(pods, { config, count });
  return count;
}

export const kubernetesWorkloadTrigger: TriggerDefinition<KubernetesWorkloadConfig> = {
  type: 'kubernetes-workload',
  metricSource: 'external',
  parse: parseKubernetesWorkload,
  measure: measureKubernetesWorkload,
};

export function isKubernetesWorkloadConfig(config: TriggerConfig): config is KubernetesWorkloadConfig {
  return config.type === 'kubernetes-workload';
}

/**
 * KEDA's `getMetricValue`/`shouldCountPod`: pods of `namespace` matching the selector whose phase
 * is not Succeeded or Failed (so Pending, Running, Unknown and a missing phase count, terminating
 * ones too, with no readiness check). With `groupByNode`, the distinct non-empty node names instead.
 */
export function countWorkloadPods(
  config: Pick<KubernetesWorkloadConfig, 'podSelector' | 'groupByNode'>,
  pods: readonly Pod[],
  namespace: string,
): number {
  const counted = pods.filter(
    (pod) =>
      pod.metadata?.namespace === namespace &&
      matchesLabels(config.podSelector, pod.metadata.labels) &&
      isCountablePhase(pod.status?.phase),
  );
  if (!config.groupByNode) return counted.length;
  const nodes = new Set<string>();
  for (const pod of counted) {
    const node = pod.spec?.nodeName;
    if (node !== undefined && node !== '') nodes.add(node);
  }
  return nodes.size;
}

function isCountablePhase(phase: string | undefined): boolean {
  return phase !== 'Succeeded' && phase !== 'Failed';
}
