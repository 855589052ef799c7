/** Plain JSON values: everything the store holds is one of these, so copies and patches are exact. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON round trip: drops undefined and functions like the wire would, and shares nothing. */
export function deepCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const aKeys = Object.keys(a).filter((k) => a[k] !== undefined);
    const bKeys = Object.keys(b).filter((k) => b[k] !== undefined);
    return aKeys.length === bKeys.length && aKeys.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** RFC 7386 JSON merge patch: objects merge recursively, null deletes, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): JsonValue {
  if (!isJsonObject(patch)) return deepCopy(patch as JsonValue);
  const result: JsonObject = isJsonObject(target) ? deepCopy(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (value !== undefined) result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** Reads a dotted path (`status.phase`); undefined when any step is missing. */
export function getPath(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const segment of path.split('.').filter((s) => s !== '')) {
    if (!isJsonObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

/** Writes a dotted path, creating objects on the way. */
export function setPath(object: JsonObject, path: string, value: JsonValue): void {
  const segments = path.split('.').filter((s) => s !== '');
  let current = object;
  for (const segment of segments.slice(0, -1)) {
    const next = current[segment];
    if (isJsonObject(next)) current = next;
    else {
      const created: JsonObject = {};
      current[segment] = created;
      current = created;
    }
  }
  const last = segments[segments.length - 1];
  if (last !== undefined) current[last] = value;
}

/** The object without `metadata` and `status`: what a change to bumps `metadata.generation`. */
export function specPart(object: JsonObject): JsonObject {
  const { metadata: _metadata, status: _status, ...rest } = object;
  return rest;
}

/** Freezes a stored object all the way down, so shared internal views cannot be changed by accident. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
