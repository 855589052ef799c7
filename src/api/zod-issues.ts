import type { z } from 'zod';
import type { Issue, IssueCode, PathSegment } from '../lib/issues.js';

/**
 * Maps zod's issues to ours: every issue names what was expected and what was received, in words a
 * user who wrote YAML understands (no "expected int32, received NaN"). Schemas should be parsed with
 * `{ reportInput: true }` so the received value is known.
 */
export function issuesFromZod(issues: readonly z.core.$ZodIssue[], prefix: readonly PathSegment[] = []): Issue[] {
  return issues.flatMap((issue) => mapIssue(issue, [...prefix, ...toPath(issue.path)]));
}

/** How a value reads in a message: strings quoted, containers by kind, absence as "nothing". */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** Parameters a schema's custom check passes to `ctx.addIssue({ code: 'custom', params })`. */
export interface CustomIssueParams {
  readonly code?: IssueCode;
  readonly expected?: string;
  readonly severity?: 'error' | 'warning';
}

function toPath(path: readonly PropertyKey[]): PathSegment[] {
  return path.filter((segment): segment is PathSegment => typeof segment !== 'symbol');
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  record: 'a map of strings',
};

function mapIssue(issue: z.core.$ZodIssue, path: PathSegment[]): Issue[] {
  const received = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type': {
      const expected = ownExpected(issue) ?? TYPE_WORDS[issue.expected] ?? issue.expected;
      if (issue.input === undefined) {
        return [{ code: 'required', path, message: `required: expected ${expected}`, expected, received }];
      }
      return [{ code: 'invalid_type', path, message: typeMessage(expected, issue.input), expected, received }];
    }
    case 'too_small': {
      const expected = ownExpected(issue) ?? boundText(issue.origin, issue.minimum, issue.inclusive === true, 'min');
      return [{ code: 'too_small', path, message: `expected ${expected}, received ${received}`, expected, received }];
    }
    case 'too_big': {
      const expected = ownExpected(issue) ?? boundText(issue.origin, issue.maximum, issue.inclusive === true, 'max');
      return [{ code: 'too_big', path, message: `expected ${expected}, received ${received}`, expected, received }];
    }
    case 'invalid_value': {
      const expected = `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
      return [
        { code: 'invalid_value', path, message: `expected ${expected}, received ${received}`, expected, received },
      ];
    }
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        code: 'unrecognized_key' as const,
        path: [...path, key],
        message: `unknown field "${key}"`,
        expected: 'a field of this object',
        received: JSON.stringify(key),
      }));
    case 'custom': {
      const params = (issue.params ?? {}) as CustomIssueParams;
      // A schema's `.refine(…, { error: 'expected …' })` states only the expectation.
      const own = params.code === undefined ? ownExpected(issue) : undefined;
      const expected = params.expected ?? own;
      return [
        {
          code: params.code ?? 'invalid_value',
          path,
          message: own !== undefined ? `${issue.message}, received ${received}` : issue.message,
          ...(expected !== undefined && { expected }),
          received,
          ...(params.severity !== undefined && { severity: params.severity }),
        },
      ];
    }
    default:
      // Formats, unions and the rest: the schema's own message already says what was expected.
      return [{ code: 'invalid_value', path, message: `${issue.message}, received ${received}`, received }];
  }
}

/**
 * Our schemas phrase their own messages as "expected …" (zod's start with "Invalid input:" or
 * "Too small:"), which lets a schema say "an integer" where zod only knows "number".
 */
function ownExpected(issue: z.core.$ZodIssue): string | undefined {
  return issue.message.startsWith('expected ') ? issue.message.slice('expected '.length) : undefined;
}

function typeMessage(expected: string, input: unknown): string {
  const received = describeValue(input);
  if (expected === 'an integer' && typeof input === 'string') {
    return `expected an integer, received the string ${received} (write the number without quotes)`;
  }
  if (expected === 'a string' && (typeof input === 'number' || typeof input === 'boolean')) {
    return `expected a string, received ${received} (quote it: "${String(input)}")`;
  }
  return `expected ${expected}, received ${received}`;
}

function boundText(origin: string, bound: number | bigint, inclusive: boolean, side: 'min' | 'max'): string {
  const n = String(bound);
  if (origin === 'array') return side === 'min' ? `at least ${n} item(s)` : `at most ${n} item(s)`;
  if (origin === 'string') {
    if (side === 'min' && n === '1') return 'a non-empty string';
    return side === 'min' ? `at least ${n} characters` : `at most ${n} characters`;
  }
  const what = origin === 'int' ? 'an integer' : 'a number';
  const op = side === 'min' ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
  return `${what} ${op} ${n}`;
}
