import type { MetricSpec } from 'kubernetes-types/autoscaling/v2.js';
import type { Issue } from '../lib/issues.js';
import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';
import type { Metadata } from './metadata.js';
import { invalidParam, missingParam, readParam } from './metadata.js';
import { parseQuantity } from './quantity.js';
import type { MeasureResult, TriggerConfig, TriggerConfigBase, TriggerContext, TriggerDefinition } from './trigger.js';
import { TRIGGER_LEVEL } from './trigger.js';

/**
 * The shared logic of `cpu` and `memory` (keda: cpu_memory_scaler.go; spec §3). They become HPA
 * Resource (or ContainerResource) metrics: the HPA reads pod usage itself and KEDA never measures.
 */
export type ResourceName = 'cpu' | 'memory';

export type ResourceTriggerConfig = TriggerConfigBase & {
  readonly type: ResourceName;
  readonly resourceName: ResourceName;
  readonly targetType: 'Utilization' | 'AverageValue';
  /** Utilization: percent of requests. AverageValue: cores for cpu, bytes for memory. */
  readonly targetValue: number;
  /** `value` as written; an AverageValue target keeps the user's quantity (e.g. `500m`). */
  readonly valueText: string;
  readonly containerName?: string;
};

export function parseResourceMetadata(
  resourceName: ResourceName,
  metadata: Metadata,
  context: TriggerContext,
): Result<ResourceTriggerConfig, Issue[]> {
  const issues: Issue[] = [];
  const metricType = context.metricType;
  if (metricType === undefined || metricType === 'Value') {
    // KEDA ignores the deprecated `type` metadata, so a missing trigger-level metricType is an error.
    issues.push({
      code: metricType === undefined ? 'required' : 'invalid_value',
      path: [TRIGGER_LEVEL, 'metricType'],
      message:
        metricType === undefined
          ? `required for ${resourceName} triggers: expected Utilization or AverageValue`
          : 'expected Utilization or AverageValue, received "Value"',
      expected: 'Utilization or AverageValue',
      ...(metricType === undefined ? {} : { received: metricType }),
    });
  }
  const targetType = metricType === 'AverageValue' ? 'AverageValue' : 'Utilization';
  const valueText = readParam(metadata, 'value');
  let targetValue = 0;
  if (valueText === undefined) {
    issues.push(
      missingParam('value', targetType === 'Utilization' ? 'a percentage such as "60"' : 'a quantity such as "500m"'),
    );
  } else if (targetType === 'Utilization') {
    // KEDA parses utilization with strconv.ParseInt(value, 10, 32).
    const percent = /^[+-]?[0-9]+$/.test(valueText) ? Number(valueText) : Number.NaN;
    if (!Number.isInteger(percent) || percent > 2 ** 31 - 1 || percent < -(2 ** 31)) {
      issues.push(invalidParam('value', valueText, 'an integer percentage such as "60"'));
    } else targetValue = percent;
  } else {
    const quantity = parseQuantity(valueText);
    if (quantity === undefined) {
      issues.push(invalidParam('value', valueText, 'a Kubernetes quantity such as "500m" or "1Gi"'));
    } else targetValue = quantity;
  }
  const containerName = readParam(metadata, 'containerName');
  if (issues.length > 0) return err(issues);
  return ok({
    type: resourceName,
    metricName: resourceName,
    resourceName,
    targetType,
    targetValue,
    activationThreshold: 0,
    valueText: valueText ?? '',
    ...(containerName === undefined ? {} : { containerName }),
  });
}

/** What the HPA needs: a Resource metric, or ContainerResource when `containerName` is set. */
export function toHpaResourceMetric(config: ResourceTriggerConfig): MetricSpec {
  const target =
    config.targetType === 'Utilization'
      ? { type: 'Utilization', averageUtilization: config.targetValue }
      : { type: 'AverageValue', averageValue: config.valueText };
  if (config.containerName !== undefined) {
    return {
      type: 'ContainerResource',
      containerResource: { name: config.resourceName, container: config.containerName, target },
    };
  }
  return { type: 'Resource', resource: { name: config.resourceName, target } };
}

export function isResourceTriggerConfig(config: TriggerConfig): config is ResourceTriggerConfig {
  return config.type === 'cpu' || config.type === 'memory';
}

/** A definition for one resource; `measure` explains why there is nothing to measure. */
export function defineResourceTrigger(resourceName: ResourceName): TriggerDefinition<ResourceTriggerConfig> {
  return {
    type: resourceName,
    metricSource: 'resource',
    parse: (metadata, context) => parseResourceMetadata(resourceName, metadata, context),
    measure: (config): MeasureResult =>
      err({
        metricName: config.metricName,
        message: `${resourceName} usage comes from pod metrics (metrics.k8s.io), which the HPA reads itself; KEDA never measures it`,
      }),
  };
}
