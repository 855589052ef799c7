import { isJsonObject } from '../cluster/json.js';

type Step =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'all' }
  | { readonly kind: 'filter'; readonly field: string; readonly value: string };

const STEP = /^(?:\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[\*\]|\[\?\(@\.([A-Za-z0-9_.-]+)\s*==\s*(?:"([^"]*)"|'([^']*)')\)\])/;

/**
 * The JSONPath subset CRD printer columns use: `.a.b`, `[0]`, `[*]` and `[?(@.type=="Ready")]`.
 * Returns undefined for a path outside it, so a bad column prints empty instead of failing the list.
 */
export function parseJsonPath(path: string): Step[] | undefined {
  const steps: Step[] = [];
  let rest = path
    .trim()
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/^\$/, '');
  while (rest.length > 0) {
    const match = STEP.exec(rest);
    if (match === null) return undefined;
    const [whole, field, index, filterField, doubleQuoted, singleQuoted] = match;
    if (field !== undefined) steps.push({ kind: 'field', name: field });
    else if (index !== undefined) steps.push({ kind: 'index', index: Number(index) });
    else if (filterField !== undefined) {
      steps.push({ kind: 'filter', field: filterField, value: doubleQuoted ?? singleQuoted ?? '' });
    } else steps.push({ kind: 'all' });
    rest = rest.slice(whole.length);
  }
  return steps;
}

function fieldOf(value: unknown, dotted: string): unknown {
  let current = value;
  for (const name of dotted.split('.')) current = isJsonObject(current) ? current[name] : undefined;
  return current;
}

/** Every value the path selects, in document order. */
export function evaluateJsonPath(object: unknown, steps: readonly Step[]): unknown[] {
  let current: unknown[] = [object];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const value of current) {
      switch (step.kind) {
        case 'field':
          if (isJsonObject(value) && value[step.name] !== undefined) next.push(value[step.name]);
          break;
        case 'index':
          if (Array.isArray(value) && step.index < value.length) next.push(value[step.index]);
          break;
        case 'all':
          if (Array.isArray(value)) next.push(...(value as unknown[]));
          break;
        case 'filter':
          if (Array.isArray(value)) {
            next.push(...(value as unknown[]).filter((item) => String(fieldOf(item, step.field)) === step.value));
          }
          break;
      }
    }
    current = next;
  }
  return current;
}
