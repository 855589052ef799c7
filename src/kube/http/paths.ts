import type { ObjectRef } from '../client.js';
import { KubeError } from '../errors.js';
import type { ResourceType } from '../resources.js';

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(type: ResourceType): string {
  return type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
}

/** The collection: namespaced when a namespace is given and the type is namespaced, else across all. */
export function collectionPath(type: ResourceType, namespace?: string): string {
  const base = groupVersionPath(type);
  if (!type.namespaced || namespace === undefined) return `${base}/${type.plural}`;
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${type.plural}`;
}

export function objectPath(type: ResourceType, ref: ObjectRef, subresource?: 'status' | 'scale'): string {
  if (type.namespaced && (ref.namespace === undefined || ref.namespace === '')) {
    throw new KubeError(400, 'BadRequest', `${type.plural} "${ref.name}" needs a namespace`);
  }
  const path = `${collectionPath(type, ref.namespace)}/${encodeURIComponent(ref.name)}`;
  return subresource === undefined ? path : `${path}/${subresource}`;
}

/** Query string from the defined values only. */
export function withQuery(path: string, query: Readonly<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}
