import type { JsonObject, JsonValue } from '../cluster/json.js';
import { deepCopy, deepEqual, isJsonObject } from '../cluster/json.js';
import { KubeError } from '../kube/errors.js';

/** A patch that parses but cannot apply (missing path, failed `test`): the apiserver answers 422. */
function unprocessable(message: string): KubeError {
  return new KubeError(422, 'Invalid', message);
}

function badPatch(message: string): KubeError {
  return new KubeError(400, 'BadRequest', message);
}

interface Operation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: JsonValue;
}

function parseOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw badPatch('a JSON patch must be an array of operations');
  return patch.map((raw, index) => {
    if (!isJsonObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw badPatch(`JSON patch operation ${index} needs string "op" and "path"`);
    }
    const op: Operation = { op: raw.op, path: raw.path };
    return {
      ...op,
      ...(typeof raw.from === 'string' ? { from: raw.from } : {}),
      ...('value' in raw && raw.value !== undefined ? { value: raw.value } : {}),
    };
  });
}

/** RFC 6901: `/a/b~1c` → ['a', 'b/c']. */
function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw badPatch(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = JsonObject | JsonValue[];

function parentOf(doc: JsonValue, tokens: readonly string[], path: string): { parent: Container; key: string } {
  let current: JsonValue = doc;
  for (const token of tokens.slice(0, -1)) {
    const next: JsonValue | undefined = Array.isArray(current)
      ? current[arrayIndex(current, token, path, false)]
      : isJsonObject(current)
        ? current[token]
        : undefined;
    if (next === undefined) throw unprocessable(`doc is missing path: "${path}"`);
    current = next;
  }
  if (!Array.isArray(current) && !isJsonObject(current)) throw unprocessable(`doc is missing path: "${path}"`);
  return { parent: current, key: tokens[tokens.length - 1] ?? '' };
}

function arrayIndex(array: readonly JsonValue[], token: string, path: string, forInsert: boolean): number {
  if (forInsert && token === '-') return array.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw unprocessable(`invalid array index "${token}" in "${path}"`);
  const index = Number(token);
  if (index > array.length || (!forInsert && index === array.length)) {
    throw unprocessable(`array index ${index} out of bounds in "${path}"`);
  }
  return index;
}

function read(doc: JsonValue, path: string): JsonValue {
  const tokens = pointer(path);
  if (tokens.length === 0) return doc;
  const { parent, key } = parentOf(doc, tokens, path);
  const value = Array.isArray(parent) ? parent[arrayIndex(parent, key, path, false)] : parent[key];
  if (value === undefined) throw unprocessable(`doc is missing path: "${path}"`);
  return value;
}

function remove(doc: JsonValue, path: string): JsonValue {
  const tokens = pointer(path);
  if (tokens.length === 0) throw unprocessable('cannot remove the whole document');
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const [removed] = parent.splice(arrayIndex(parent, key, path, false), 1);
    return removed ?? null;
  }
  const value = parent[key];
  if (value === undefined) throw unprocessable(`doc is missing path: "${path}"`);
  delete parent[key];
  return value;
}

function add(doc: JsonValue, path: string, value: JsonValue, replace: boolean): JsonValue {
  const tokens = pointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, key, path, !replace);
    parent.splice(index, replace ? 1 : 0, value);
  } else {
    if (replace && parent[key] === undefined) throw unprocessable(`doc is missing path: "${path}"`);
    parent[key] = value;
  }
  return doc;
}

/** Applies an RFC 6902 JSON patch to a copy of `target`. */
export function applyJsonPatch(target: JsonObject, patch: unknown): JsonValue {
  let doc: JsonValue = deepCopy(target);
  for (const operation of parseOperations(patch)) {
    const { op, path } = operation;
    const value = (): JsonValue => {
      if (operation.value === undefined) throw badPatch(`JSON patch "${op}" at "${path}" needs a value`);
      return deepCopy(operation.value);
    };
    const from = (): string => {
      if (operation.from === undefined) throw badPatch(`JSON patch "${op}" at "${path}" needs "from"`);
      return operation.from;
    };
    switch (op) {
      case 'add':
        doc = add(doc, path, value(), false);
        break;
      case 'replace':
        doc = add(doc, path, value(), true);
        break;
      case 'remove':
        remove(doc, path);
        break;
      case 'move': {
        const moved = remove(doc, from());
        doc = add(doc, path, moved, false);
        break;
      }
      case 'copy':
        doc = add(doc, path, deepCopy(read(doc, from())), false);
        break;
      case 'test':
        if (!deepEqual(read(doc, path), value())) throw unprocessable(`testing value ${path} failed`);
        break;
      default:
        throw badPatch(`unknown JSON patch operation "${op}"`);
    }
  }
  return doc;
}
