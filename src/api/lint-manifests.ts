import type { Issue } from '../lib/issues.js';
import type { LabelSelector, Requirement } from '../lib/label-selector.js';
import { matchesLabels, parseSelector } from '../lib/label-selector.js';
import type { ScaledObject } from './scaled-object.js';

/** A Deployment or StatefulSet's pod template, as far as the lint needs it. */
export interface WorkloadTemplate {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly templateLabels: Readonly<Record<string, string>>;
}

const SCALABLE_KINDS: readonly string[] = ['Deployment', 'StatefulSet'];

/** Pod templates of the Deployments and StatefulSets among plain manifest objects (default namespace `default`). */
export function collectWorkloadTemplates(objects: readonly unknown[]): WorkloadTemplate[] {
  return objects.flatMap((object): WorkloadTemplate[] => {
    const kind = pick(object, 'kind');
    const name = pick(object, 'metadata', 'name');
    if (typeof kind !== 'string' || !SCALABLE_KINDS.includes(kind) || typeof name !== 'string') return [];
    const namespace = pick(object, 'metadata', 'namespace');
    const labels = pick(object, 'spec', 'template', 'metadata', 'labels');
    return [
      {
        kind,
        name,
        namespace: typeof namespace === 'string' && namespace !== '' ? namespace : 'default',
        templateLabels: stringRecord(labels),
      },
    ];
  });
}

/**
 * Warns when a kubernetes-workload trigger counts the pods of its own scale target: each replica
 * it adds raises the count that asked for it, so the target never scales back in. With the seed's
 * `environment notin (cloud)` this happens as soon as the remote template lacks `environment: cloud`.
 */
export function checkSelfCountingSelectors(
  scaledObject: ScaledObject,
  workloads: readonly WorkloadTemplate[],
): Issue[] {
  const { scaleTargetRef } = scaledObject.spec;
  const target = workloads.find(
    (w) =>
      w.kind === scaleTargetRef.kind &&
      w.name === scaleTargetRef.name &&
      w.namespace === scaledObject.metadata.namespace &&
      scaleTargetRef.apiVersion === 'apps/v1',
  );
  if (target === undefined) return [];
  return scaledObject.spec.triggers.flatMap((trigger, index): Issue[] => {
    const text = trigger.metadata['podSelector'];
    if (trigger.type !== 'kubernetes-workload' || text === undefined) return [];
    const selector = parseSelector(text);
    if (!selector.ok || !matchesLabels(selector.value, target.templateLabels)) return [];
    return [
      {
        code: 'self_counting_selector',
        severity: 'warning',
        path: ['spec', 'triggers', index, 'metadata', 'podSelector'],
        message:
          `podSelector "${text}" also matches the pod template of the scale target ${target.kind} "${target.name}" ` +
          `(labels: ${formatLabels(target.templateLabels)}), so its pods would count themselves and keep it scaled out; ` +
          suggestFix(selector.value, target.templateLabels),
        expected: `a selector that excludes the pods of ${target.kind} "${target.name}"`,
        received: JSON.stringify(text),
      },
    ];
  });
}

/** The first requirement the template could be made to fail by adding or changing one label. */
function suggestFix(selector: LabelSelector, labels: Readonly<Record<string, string>>): string {
  const excluding = selector.requirements.find(
    (r): r is Requirement & { operator: 'NotIn' | 'DoesNotExist' } =>
      r.operator === 'NotIn' || r.operator === 'DoesNotExist',
  );
  if (excluding === undefined) {
    return 'add a label to the target\'s pod template and exclude it in podSelector (e.g. "environment: cloud" and "environment notin (cloud)")';
  }
  const value = excluding.operator === 'NotIn' ? (excluding.values[0] ?? 'cloud') : 'true';
  const change = Object.hasOwn(labels, excluding.key) ? 'set the label' : 'add the label';
  return `${change} "${excluding.key}: ${value}" to the target's pod template (spec.template.metadata.labels)`;
}

function formatLabels(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length > 0 ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'none';
}

function pick(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function stringRecord(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).flatMap(([k, v]): [string, string][] => (typeof v === 'string' ? [[k, v]] : [])),
  );
}
