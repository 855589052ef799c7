import type { Issue } from '../lib/issues.js';
import type { MetricTargetType } from '../api/scaled-object.js';
import type { TriggerContext } from './trigger.js';
import { TRIGGER_LEVEL } from './trigger.js';

/** KEDA's `kedautil.NormalizeString`: `/ . : % ( )` become `-` so the name is a valid metric name. */
export function normalizeMetricName(name: string): string {
  return name.replace(/[/.:%()]/g, '-');
}

/** KEDA's `GenerateMetricNameWithIndex`: the one place trigger metric names get their `s{i}-` prefix. */
export function metricNameWithIndex(triggerIndex: number, name: string): string {
  return `s${triggerIndex}-${name}`;
}

/**
 * The value KEDA exports for a float (`GenerateMetricInMili` → `quantityFromFloat64`): NaN, ±Inf and
 * negatives become 0, and the rest is rounded to milli precision (`%.3f`).
 */
export function toExportedValue(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  // Counts (most measurements) are already exact at milli precision; formatting them would change nothing.
  if (Number.isInteger(value)) return value;
  return Number(value.toFixed(3));
}

/**
 * KEDA's `GetMetricTargetType` for external triggers: the trigger-level `metricType`, default
 * AverageValue; Utilization is only for cpu/memory. The issue's path starts at the trigger level.
 */
export function resolveExternalTargetType(
  context: TriggerContext,
  issues: Issue[],
): Exclude<MetricTargetType, 'Utilization'> {
  const metricType = context.metricType;
  if (metricType === undefined) return 'AverageValue';
  if (metricType === 'Utilization') {
    issues.push({
      code: 'invalid_value',
      path: [TRIGGER_LEVEL, 'metricType'],
      message:
        'expected AverageValue or Value (Utilization is only for cpu and memory triggers), received "Utilization"',
      expected: 'AverageValue or Value',
      received: 'Utilization',
    });
    return 'AverageValue';
  }
  return metricType;
}
