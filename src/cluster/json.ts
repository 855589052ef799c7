/** Plain JSON values: everything the store holds is one of these, so copies and patches are exact. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue | undefined;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What a JSON round trip gives (undefined and functions dropped from objects and null in arrays,
 * non-finite numbers null, toJSON honoured), sharing nothing, without the string in between.
 */
export function deepCopy<T>(value: T): T {
  return cloneJson(value, false, false) as T;
}

/**
 * Like deepCopy, but frozen subtrees are shared rather than copied: for building the next stored
 * object out of the current one, whose untouched parts cannot change anyway. Only the store
 * freezes objects, and always all the way down (deepFreeze), so a frozen object is taken as
 * frozen throughout.
 */
export function copySharingFrozen<T>(value: T): T {
  return cloneJson(value, true, false) as T;
}

/**
 * Like copySharingFrozen, but a part of `value` equal to the same part of the frozen `stored`
 * (the same keys in the same order, so it also serializes the same) is that stored part itself:
 * a controller rewriting a status mostly restates it, and what it restates need not be copied,
 * compared again or frozen again. A `value` equal to `stored` as a whole gives `stored`.
 */
export function copyReusing<T>(value: T, stored: unknown): T {
  return reuseStored(value, stored, false) as T;
}

function reuseStored(value: unknown, stored: unknown, inArray: boolean): JsonValue | undefined {
  if (value === stored) return stored as JsonValue; // -0 meets a stored 0 here, as a copy would give
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.isFrozen(value) ||
    typeof stored !== 'object' ||
    stored === null ||
    !Object.isFrozen(stored)
  ) {
    return cloneJson(value, true, inArray);
  }
  if (Array.isArray(value))
    return Array.isArray(stored) ? reuseArray(value, stored as JsonValue[]) : cloneJson(value, true, inArray);
  return isPlainObject(value) && !Array.isArray(stored)
    ? reuseObject(value, stored as JsonObject)
    : cloneJson(value, true, inArray);
}

function reuseArray(value: readonly unknown[], stored: readonly JsonValue[]): JsonValue[] {
  // Built only from the first element that differs: until then it would hold stored's own elements.
  let out: JsonValue[] | undefined = value.length === stored.length ? undefined : [];
  for (let i = 0; i < value.length; i++) {
    const element = reuseStored(value[i], stored[i], true) ?? null;
    if (out === undefined && element !== stored[i]) out = stored.slice(0, i);
    out?.push(element);
  }
  return out ?? (stored as JsonValue[]);
}

function reuseObject(value: JsonObject, stored: JsonObject): JsonObject {
  const storedKeys = Object.keys(stored);
  let out: JsonObject | undefined;
  let kept = 0;
  for (const key of Object.keys(value)) {
    const before = Object.hasOwn(stored, key) ? stored[key] : undefined;
    const copied = reuseStored(value[key], before, false);
    if (copied === undefined) continue;
    if (out === undefined && (storedKeys[kept] !== key || copied !== before)) out = firstKeys(stored, storedKeys, kept);
    if (out === undefined) kept++;
    else setKey(out, key, copied);
  }
  if (out === undefined && kept !== storedKeys.length) out = firstKeys(stored, storedKeys, kept);
  return out ?? stored;
}

function firstKeys(object: JsonObject, keys: readonly string[], count: number): JsonObject {
  const out: JsonObject = {};
  for (let i = 0; i < count; i++) {
    const key = keys[i] as string;
    setKey(out, key, object[key] as JsonValue);
  }
  return out;
}

/** A copy of a stored object whose top level and metadata can be changed; the rest stays shared. */
export function withFreshMetadata(object: JsonObject): JsonObject {
  const copy = { ...object };
  if (isJsonObject(object.metadata)) copy.metadata = { ...object.metadata };
  return copy;
}

function cloneJson(value: unknown, share: boolean, inArray: boolean): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null; // -0 is written as 0
    case 'object':
      if (value === null) return null;
      if (share && Object.isFrozen(value)) return value as JsonValue;
      return Array.isArray(value) ? cloneArray(value, share) : cloneObject(value, share);
    case 'bigint':
      return JSON.parse(JSON.stringify(value)) as never; // throws, as the round trip does
    default:
      return inArray ? null : undefined;
  }
}

function cloneArray(value: readonly unknown[], share: boolean): JsonValue[] {
  const out = new Array<JsonValue>(value.length);
  for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i], share, true) ?? null;
  return out;
}

/** A plain object literal (no class, no toJSON): copied key by key, as a JSON round trip would. */
export function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && !('toJSON' in value);
}

function cloneObject(value: object, share: boolean): JsonValue | undefined {
  // Dates, class instances and anything with toJSON take the exact round trip.
  if (!isPlainObject(value)) return JSON.parse(JSON.stringify(value)) as JsonValue;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const copied = cloneJson((value as Record<string, unknown>)[key], share, false);
    if (copied === undefined) continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true });
    else out[key] = copied;
  }
  return out;
}

/** Structural equality of JSON values; a key holding undefined counts as absent. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  return isJsonObject(a) && isJsonObject(b) && objectsEqual(a, b);
}

function objectsEqual(a: JsonObject, b: JsonObject, ignored?: ReadonlySet<string>): boolean {
  let defined = 0;
  for (const key of Object.keys(a)) {
    const value = a[key];
    if (value === undefined || ignored?.has(key) === true) continue;
    defined++;
    if (!deepEqual(value, b[key])) return false;
  }
  for (const key of Object.keys(b)) if (b[key] !== undefined && ignored?.has(key) !== true) defined--;
  return defined === 0;
}

/** RFC 7386 JSON merge patch: objects merge recursively, null deletes, everything else replaces. */
export function applyMergePatch(target: unknown, patch: unknown): JsonValue {
  if (!isJsonObject(patch)) return deepCopy(patch as JsonValue);
  const merged = mergeObject(target, patch);
  // The top level is always new: callers finish the object in place before it is stored.
  return merged === target ? { ...merged } : merged;
}

/**
 * Frozen parts of a stored target are shared, not copied: only the patched path is new, and a
 * frozen subtree the patch leaves as it was comes back itself (cheaper to freeze, compare and copy
 * than an equal new subtree).
 */
function mergeObject(target: unknown, patch: JsonObject): JsonObject {
  const base = isJsonObject(target) ? target : undefined;
  if (base !== undefined && Object.isFrozen(base)) {
    const merged = mergeIntoStored(base, patch);
    if (merged !== undefined) return merged;
  }
  const result: JsonObject = {};
  const stored = base !== undefined && Object.isFrozen(base);
  let unchanged = stored;
  if (base !== undefined) {
    for (const key of Object.keys(base)) {
      const before = base[key];
      const change = patch[key];
      let after: JsonValue | undefined;
      // A stored (frozen) object's values are frozen or plain JSON primitives: kept as they are.
      if (change === undefined || !Object.hasOwn(patch, key)) after = stored ? before : copySharingFrozen(before);
      else if (change === null) after = undefined;
      else if (isJsonObject(change)) after = mergeObject(before, change);
      else after = keepIfEqual(before, change);
      if (after !== before) unchanged = false;
      if (after !== undefined) setKey(result, key, after);
    }
  }
  for (const key of Object.keys(patch)) {
    const change = patch[key];
    if (change === null || change === undefined || (base !== undefined && Object.hasOwn(base, key))) continue;
    unchanged = false;
    setKey(result, key, isJsonObject(change) ? mergeObject(undefined, change) : deepCopy(change));
  }
  return unchanged ? (base as JsonObject) : result;
}

/**
 * The merge of a stored (frozen) object that visits only the patch's keys: a status patch names a
 * field or two of an object with many. The untouched keys keep their places, as in the full merge,
 * and new keys follow in the patch's order. Undefined when the patch removes a key: the full merge
 * then builds the object without it (deleting from a copy would leave it a slow dictionary).
 */
function mergeIntoStored(base: JsonObject, patch: JsonObject): JsonObject | undefined {
  let result: JsonObject | undefined;
  for (const key of Object.keys(patch)) {
    const change = patch[key];
    if (change === undefined) continue;
    const present = Object.hasOwn(base, key);
    if (change === null) {
      if (present) return undefined;
      continue;
    }
    const before = present ? base[key] : undefined;
    const after = isJsonObject(change) ? mergeObject(before, change) : keepIfEqual(before, change);
    if (present && after === before) continue;
    if (present && after === undefined) return undefined;
    result ??= { ...base };
    setKey(result, key, after as JsonValue);
  }
  return result ?? base;
}

function setKey(object: JsonObject, key: string, value: JsonValue): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true });
  else object[key] = value;
}

/**
 * The frozen `before` when the patch restates it (no copy of the patch's value needed then), so
 * stored objects keep sharing it; otherwise a copy of the patch's value.
 */
function keepIfEqual(before: JsonValue | undefined, replacement: JsonValue): JsonValue {
  return typeof before === 'object' && before !== null && Object.isFrozen(before) && deepEqual(before, replacement)
    ? before
    : deepCopy(replacement);
}

/** Reads a dotted path (`status.phase`); undefined when any step is missing. */
export function getPath(object: unknown, path: string): unknown {
  let current: unknown = object;
  for (const segment of segmentsOf(path)) {
    if (!isJsonObject(current)) return undefined;
    current = current[segment];
  }
  return current;
}

// Paths come from a handful of selectors and scale subresources, read on every event: split once.
const splitPaths = new Map<string, readonly string[]>();

function segmentsOf(path: string): readonly string[] {
  let segments = splitPaths.get(path);
  if (segments === undefined) {
    segments = path.split('.').filter((s) => s !== '');
    if (splitPaths.size < 1_000) splitPaths.set(path, segments);
  }
  return segments;
}

/** Writes a dotted path, creating objects on the way. */
export function setPath(object: JsonObject, path: string, value: JsonValue): void {
  const segments = segmentsOf(path);
  let current = object;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
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

const NOT_SPEC = new Set(['metadata', 'status']);

/**
 * Whether the objects agree apart from `metadata` and `status` (a difference bumps
 * `metadata.generation`), compared in place rather than on copies without those two keys.
 */
export function specPartsEqual(a: JsonObject, b: JsonObject): boolean {
  return objectsEqual(a, b, NOT_SPEC);
}

/** Freezes a stored object all the way down, so shared internal views cannot be changed by accident. */
export function deepFreeze<T>(value: T): T {
  // A frozen child is a subtree shared with an earlier stored object: already frozen throughout.
  if (needsFreezing(value)) freezeTree(value);
  return value;
}

function needsFreezing(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Object.isFrozen(value);
}

function freezeTree(value: object): void {
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const child of value as unknown[]) if (needsFreezing(child)) freezeTree(child);
  } else {
    for (const key in value) {
      const child = (value as Record<string, unknown>)[key];
      if (needsFreezing(child)) freezeTree(child);
    }
  }
}
