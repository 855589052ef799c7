import type { JsonObject, JsonValue } from '../cluster/json.js';
import { deepCopy, isJsonObject } from '../cluster/json.js';
import { KubeError } from '../kube/errors.js';

/**
 * Lists the Go types tag `patchStrategy:"merge"`, by field name, with their `patchMergeKey`. Every
 * other list is replaced, as in a merge patch. `ports` is the one name whose key depends on where it
 * sits: a Service's `spec.ports` merge by `port`, a container's by `containerPort`.
 */
const MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  conditions: 'type',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

/** Primitive lists tagged merge: the patch's values are added, not substituted. */
const MERGED_PRIMITIVE_LISTS = new Set(['metadata.finalizers']);

const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

function mergeKeyFor(path: string, field: string): string | undefined {
  if (field === 'ports') return path === 'spec' ? 'port' : 'containerPort';
  return MERGE_KEYS[field];
}

function invalidPatch(message: string): KubeError {
  return new KubeError(400, 'BadRequest', `invalid strategic merge patch: ${message}`);
}

function isDirectiveKey(key: string): boolean {
  return key === '$patch' || key === '$retainKeys' || key.startsWith(SET_ORDER) || key.startsWith(DELETE_FROM);
}

/** The patch's content without directives, for values that are set rather than merged. */
function stripDirectives(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined && item !== null && !isDirectiveKey(key)) out[key] = stripDirectives(item);
  }
  return out;
}

/**
 * Applies a strategic merge patch, the form kubectl's client-side apply sends for built-in kinds:
 * a JSON merge patch except that known lists merge element-wise by key, plus the `$patch`,
 * `$retainKeys`, `$setElementOrder/` and `$deleteFromPrimitiveList/` directives.
 */
export function applyStrategicMergePatch(target: JsonObject, patch: unknown): JsonObject {
  if (!isJsonObject(patch)) throw invalidPatch('the patch must be a JSON object');
  const merged = mergeMap(deepCopy(target), patch, '');
  return merged ?? {};
}

/** Returns undefined when the patch deletes the whole map (`$patch: delete`). */
function mergeMap(original: JsonObject, patch: JsonObject, path: string): JsonObject | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return stripDirectives(patch) as JsonObject;
  if (directive !== undefined && directive !== 'merge') throw invalidPatch(`unknown $patch "${String(directive)}"`);
  const result = original;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || isDirectiveKey(key)) continue;
    const childPath = path === '' ? key : `${path}.${key}`;
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = mergeListField(result[key], value, path, key);
    else if (isJsonObject(value)) {
      const merged = mergeMap(isJsonObject(result[key]) ? result[key] : {}, value, childPath);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else result[key] = value;
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM) && Array.isArray(value)) {
      const field = key.slice(DELETE_FROM.length);
      const list = result[field];
      if (Array.isArray(list)) result[field] = list.filter((item) => !value.includes(item));
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(SET_ORDER) && Array.isArray(value)) {
      const field = key.slice(SET_ORDER.length);
      const list = result[field];
      if (Array.isArray(list)) result[field] = reorder(list, value, mergeKeyFor(path, field));
    }
  }
  const retain = patch.$retainKeys;
  if (retain !== undefined) {
    if (!Array.isArray(retain)) throw invalidPatch('$retainKeys must be a list');
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

function mergeListField(original: JsonValue | undefined, patch: JsonValue[], path: string, field: string): JsonValue {
  const childPath = path === '' ? field : `${path}.${field}`;
  const current = Array.isArray(original) ? original : [];
  if (MERGED_PRIMITIVE_LISTS.has(childPath)) {
    return [...current, ...patch.filter((item) => !current.includes(item))];
  }
  const key = mergeKeyFor(path, field);
  if (key === undefined) return stripDirectives(patch);
  if (patch.some((item) => isJsonObject(item) && item.$patch === 'replace')) {
    return patch.filter((item) => !(isJsonObject(item) && item.$patch === 'replace')).map(stripDirectives);
  }
  const result = [...current];
  for (const item of patch) {
    if (!isJsonObject(item)) {
      result.push(item);
      continue;
    }
    const index = result.findIndex((existing) => isJsonObject(existing) && existing[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    const existing = index >= 0 ? result[index] : undefined;
    const merged = mergeMap(isJsonObject(existing) ? existing : {}, item, childPath);
    if (merged === undefined) {
      if (index >= 0) result.splice(index, 1);
    } else if (index >= 0) result[index] = merged;
    else result.push(merged);
  }
  return result;
}

/** `$setElementOrder`: listed elements first, in the given order; elements it does not name keep their order after them. */
function reorder(list: JsonValue[], order: JsonValue[], key: string | undefined): JsonValue[] {
  const identity = (item: JsonValue): JsonValue | undefined =>
    key === undefined ? item : isJsonObject(item) ? item[key] : undefined;
  const wanted = order.map(identity);
  const rank = (item: JsonValue): number => {
    const at = wanted.indexOf(identity(item));
    return at < 0 ? wanted.length : at;
  };
  return list
    .map((item, index) => ({ item, index }))
    .sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index)
    .map(({ item }) => item);
}
