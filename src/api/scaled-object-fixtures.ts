import type { Issue } from '../lib/issues.js';
import { formatIssue } from '../lib/issues.js';

/** The seed article's ScaledObject (examples/seed/scaledobject.yaml), as a plain object. */
export function seedScaledObject(): Record<string, unknown> {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'my-web-app-scaledobject' },
    spec: {
      scaleTargetRef: { name: 'remote' },
      minReplicaCount: 0,
      maxReplicaCount: 4,
      pollingInterval: 5,
      cooldownPeriod: 5,
      advanced: { restoreToOriginalReplicaCount: true },
      triggers: [
        {
          type: 'kubernetes-workload',
          metadata: { podSelector: 'app=my-web-app, environment notin (cloud)', value: '3', activationValue: '2' },
        },
      ],
    },
  };
}

/** A ScaledObject with only what KEDA requires, plus `spec` overrides. */
export function minimalScaledObject(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'so', ...metadata },
    spec: {
      scaleTargetRef: { name: 'remote' },
      triggers: [workloadTrigger()],
      ...spec,
    },
  };
}

export function workloadTrigger(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'kubernetes-workload', metadata: { podSelector: 'app=web', value: '3' }, ...extra };
}

export function cpuTrigger(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'cpu', metricType: 'Utilization', metadata: { value: '50' }, ...extra };
}

/** Issues as the CLI prints them after the location: `path: message`. */
export function issueLines(issues: readonly Issue[]): string[] {
  return issues.map(formatIssue);
}
