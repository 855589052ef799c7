import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { KubeObject } from './client.js';
import { isPlainObject } from './merge-patch.js';
import type { ResourceType } from './resources.js';

export function typeKeyOf(type: ResourceType): string {
  return `${type.group}/${type.version}/${type.plural}`;
}

/** The autoscaling/v1 Scale view of a workload, as the `/scale` subresource renders it. */
export function scaleOf(object: KubeObject): Scale {
  const record = object as Record<string, unknown>;
  const spec = isPlainObject(record['spec']) ? record['spec'] : {};
  const status = isPlainObject(record['status']) ? record['status'] : {};
  const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
  const statusReplicas = typeof status['replicas'] === 'number' ? status['replicas'] : 0;
  const selector = formatMatchLabels(spec['selector']);
  const meta = object.metadata ?? {};
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      ...(meta.name === undefined ? {} : { name: meta.name }),
      ...(meta.namespace === undefined ? {} : { namespace: meta.namespace }),
      ...(meta.uid === undefined ? {} : { uid: meta.uid }),
      ...(meta.resourceVersion === undefined ? {} : { resourceVersion: meta.resourceVersion }),
      ...(meta.creationTimestamp === undefined ? {} : { creationTimestamp: meta.creationTimestamp }),
    },
    spec: { replicas },
    status: { replicas: statusReplicas, ...(selector === undefined ? {} : { selector }) },
  };
}

function formatMatchLabels(selector: unknown): string | undefined {
  if (!isPlainObject(selector) || !isPlainObject(selector['matchLabels'])) return undefined;
  return Object.entries(selector['matchLabels'])
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}
