import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import { formatSelector, fromStructuredSelector } from '../lib/label-selector.js';
import type { StructuredSelector } from '../lib/label-selector.js';
import type { JsonObject } from './json.js';
import { getPath, isJsonObject } from './json.js';
import type { ScalePaths } from './resource-registry.js';

function dotted(path: string): string {
  return path.startsWith('.') ? path.slice(1) : path;
}

/** The autoscaling/v1 Scale view of an object, as `GET …/scale` returns it. */
export function toScale(object: JsonObject, paths: ScalePaths): Scale {
  const meta = isJsonObject(object.metadata) ? object.metadata : {};
  const statusReplicas = getPath(object, dotted(paths.statusReplicasPath));
  const selector =
    paths.labelSelectorPath === undefined ? undefined : selectorText(getPath(object, dotted(paths.labelSelectorPath)));
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: {
      name: String(meta.name ?? ''),
      ...(typeof meta.namespace === 'string' ? { namespace: meta.namespace } : {}),
      uid: String(meta.uid ?? ''),
      resourceVersion: String(meta.resourceVersion ?? ''),
      creationTimestamp: String(meta.creationTimestamp ?? ''),
    },
    spec: { replicas: specReplicasOf(object, paths) },
    status: {
      replicas: typeof statusReplicas === 'number' ? statusReplicas : 0,
      ...(selector === undefined ? {} : { selector }),
    },
  };
}

// A stored selector is frozen and shared by every later version of its object, so its text form is
// worked out once rather than on every GET of the scale subresource.
const selectorTexts = new WeakMap<object, string | undefined>();

/** Built-in kinds keep a structured selector; CRDs point at a string. Scale always carries the text form. */
function selectorText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!isJsonObject(value)) return undefined;
  if (selectorTexts.has(value)) return selectorTexts.get(value);
  const parsed = fromStructuredSelector(value as StructuredSelector);
  const text = parsed.ok ? formatSelector(parsed.value) : undefined;
  if (Object.isFrozen(value)) selectorTexts.set(value, text);
  return text;
}

/** The Scale's `spec.replicas` alone (0 when unset), without building the whole Scale. */
export function specReplicasOf(object: JsonObject, paths: ScalePaths): number {
  const replicas = getPath(object, dotted(paths.specReplicasPath));
  return typeof replicas === 'number' ? replicas : 0;
}

export function specReplicasPath(paths: ScalePaths): string {
  return dotted(paths.specReplicasPath);
}
