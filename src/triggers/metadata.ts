import type { Issue } from '../lib/issues.js';

/**
 * Reading trigger metadata the way KEDA's typed config does (`scalersconfig/typed_config.go`):
 * values are trimmed, an empty value counts as absent, numbers and booleans follow Go's parsers.
 * Every helper pushes precise issues (key as path, received value, expected) and never throws.
 */
export type Metadata = Readonly<Record<string, string>>;

/** Keys whose values are secrets: their values never appear in issues. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'bearerToken',
  'password',
  'key',
  'customAuthValue',
  'apiKey',
  'clientSecret',
]);

export function readParam(metadata: Metadata, key: string): string | undefined {
  if (!Object.hasOwn(metadata, key)) return undefined;
  const raw: unknown = metadata[key];
  if (typeof raw !== 'string') return undefined;
  const value = raw.trim();
  return value === '' ? undefined : value;
}

export function missingParam(key: string, expected: string): Issue {
  return { code: 'required', path: [key], message: `required: expected ${expected}`, expected };
}

export function invalidParam(key: string, received: string, expected: string): Issue {
  if (SECRET_KEYS.has(key)) {
    return { code: 'invalid_value', path: [key], message: `expected ${expected} (value hidden)`, expected };
  }
  return {
    code: 'invalid_value',
    path: [key],
    message: `expected ${expected}, received ${JSON.stringify(received)}`,
    expected,
    received,
  };
}

const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

/** Go's json.Unmarshal into float64 (what KEDA uses for float parameters): JSON number grammar, finite. */
export function parseJsonFloat(text: string): number | undefined {
  if (!JSON_NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Go's json.Unmarshal into int64: a JSON integer (no fraction or exponent) within range. */
export function parseJsonInt(text: string): number | undefined {
  if (!/^-?(0|[1-9][0-9]*)$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool. */
export function parseGoBool(text: string): boolean | undefined {
  if (GO_TRUE.has(text)) return true;
  if (GO_FALSE.has(text)) return false;
  return undefined;
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, in milliseconds. */
export function parseGoDurationMs(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  const part = /^([0-9]*(?:\.[0-9]*)?)([a-zµμ]+)/;
  while (rest !== '') {
    const match = part.exec(rest);
    const digits = match?.[1] ?? '';
    const unit = DURATION_UNITS_MS[match?.[2] ?? ''];
    if (match === null || unit === undefined || digits === '' || digits === '.') return undefined;
    total += Number(digits) * unit;
    rest = rest.slice(match[0].length);
  }
  return sign * total;
}

export type DurationResult = { readonly ms: number } | { readonly problem: 'negative' | 'invalid' };

/** KEDA's time.Duration parameters: a Go duration, else an integer number of milliseconds; never negative. */
export function parseKedaDurationMs(text: string): DurationResult {
  const duration = parseGoDurationMs(text);
  if (duration !== undefined) return duration < 0 ? { problem: 'negative' } : { ms: duration };
  if (!/^[+-]?[0-9]+$/.test(text)) return { problem: 'invalid' };
  const ms = Number(text);
  if (!Number.isSafeInteger(ms)) return { problem: 'invalid' };
  return ms < 0 ? { problem: 'negative' } : { ms };
}

export function readFloat(
  metadata: Metadata,
  key: string,
  issues: Issue[],
  options: { readonly defaultValue: number },
): number;
export function readFloat(metadata: Metadata, key: string, issues: Issue[]): number | undefined;
export function readFloat(
  metadata: Metadata,
  key: string,
  issues: Issue[],
  options?: { readonly defaultValue: number },
): number | undefined {
  const text = readParam(metadata, key);
  if (text === undefined) return options?.defaultValue;
  const value = parseJsonFloat(text);
  if (value === undefined) {
    issues.push(invalidParam(key, text, 'a number such as "10" or "2.5"'));
    return options?.defaultValue;
  }
  return value;
}

export function readBool(metadata: Metadata, key: string, issues: Issue[], defaultValue: boolean): boolean {
  const text = readParam(metadata, key);
  if (text === undefined) return defaultValue;
  const value = parseGoBool(text);
  if (value === undefined) {
    issues.push(invalidParam(key, text, 'a boolean ("true" or "false")'));
    return defaultValue;
  }
  return value;
}

/**
 * `k1=v1,k2=v2` (KEDA's map parameters): elements are trimmed and each needs exactly one `=`.
 * Only the key part of a bad element is echoed, because header values often carry credentials.
 */
export function readKeyValueList(metadata: Metadata, key: string, issues: Issue[]): Readonly<Record<string, string>> {
  const text = readParam(metadata, key);
  const result: Record<string, string> = {};
  if (text === undefined) return result;
  const elements = text.split(',');
  elements.forEach((raw, index) => {
    const element = raw.trim();
    const parts = element.split('=');
    const name = (parts[0] ?? '').trim();
    if (parts.length !== 2 || name === '') {
      const shown = name === '' ? 'an empty key' : `key ${JSON.stringify(name)}`;
      const problem = parts.length < 2 ? 'has no "="' : parts.length > 2 ? 'has more than one "="' : 'has an empty key';
      issues.push({
        code: 'invalid_value',
        path: [key],
        message: `expected key=value pairs separated by commas; element ${index + 1} (${shown}) ${problem}`,
        expected: 'key1=value1,key2=value2',
      });
      return;
    }
    result[name] = (parts[1] ?? '').trim();
  });
  return result;
}
