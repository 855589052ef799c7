import { formatTime } from '../lib/clock.js';
import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';
import type { PrometheusAuth } from './prometheus-auth.js';
import { authHeaders } from './prometheus-auth.js';

/** The parts of the Prometheus config a request needs (see prometheus.ts). */
export type PrometheusQuery = {
  readonly serverAddress: string;
  readonly query: string;
  readonly namespace?: string;
  readonly queryParameters: Readonly<Record<string, string>>;
  readonly customHeaders: Readonly<Record<string, string>>;
  readonly auth: PrometheusAuth;
};

export interface PrometheusRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
}

/**
 * KEDA's `ExecutePromQuery` URL and headers: `GET {serverAddress}/api/v1/query?query=…&time=…`,
 * then `&namespace=` (unescaped, as in KEDA) and the query parameters. KEDA appends those in Go's
 * random map order; here they are sorted so requests are reproducible.
 */
export function buildPrometheusRequest(config: PrometheusQuery, now: number): PrometheusRequest {
  let url = `${config.serverAddress}/api/v1/query?query=${goQueryEscape(config.query)}&time=${formatTime(now)}`;
  if (config.namespace !== undefined) url += `&namespace=${config.namespace}`;
  for (const key of Object.keys(config.queryParameters).sort()) {
    url += `&${goQueryEscape(key)}=${goQueryEscape(config.queryParameters[key] ?? '')}`;
  }
  return { url, headers: { ...config.customHeaders, ...authHeaders(config.auth) } };
}

/** Go's url.QueryEscape: space → `+`, everything but `A-Z a-z 0-9 - _ . ~` percent-encoded. */
export function goQueryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * KEDA's response rules (spec §2), in order: non-2xx is an error; the body is decoded like Go's
 * `encoding/json` into `{data:{result:[{value:[ts,"v"]}]}}` without checking `status` or
 * `resultType`; an empty result or value is 0 with `ignoreNullValues`, else an error; several
 * series or a one-entry value are errors; the value string parses as a Go float, and NaN or ±Inf
 * is 0 with `ignoreNullValues`, else an error. A JSON null value stays −1 (KEDA's initial value).
 */
export function parsePrometheusResponse(
  status: number,
  body: string,
  ignoreNullValues: boolean,
): Result<number, string> {
  if (status < 200 || status > 299) return err(`prometheus query api returned error. status: ${status}`);
  const decoded = decodeQueryResult(body);
  if (typeof decoded === 'string') return err(decoded);
  if (decoded.length === 0) {
    return ignoreNullValues ? ok(0) : err("prometheus metrics 'prometheus' target may be lost, the result is empty");
  }
  if (decoded.length > 1) return err('prometheus query returned multiple elements');
  const value = decoded[0] ?? [];
  if (value.length === 0) {
    return ignoreNullValues
      ? ok(0)
      : err("prometheus metrics 'prometheus' target may be lost, the value list is empty");
  }
  if (value.length < 2) return err("prometheus query didn't return enough values");
  const sample: unknown = value[1];
  if (sample === null) return ok(-1);
  if (typeof sample !== 'string') return err(`prometheus value is not a string: ${JSON.stringify(sample)}`);
  const parsed = parseGoFloat(sample);
  if (parsed === undefined) return err(`strconv.ParseFloat: parsing ${JSON.stringify(sample)}: invalid syntax`);
  if (!Number.isFinite(parsed)) {
    return ignoreNullValues ? ok(0) : err(`prometheus query returns ${formatSpecial(parsed)}`);
  }
  return ok(parsed);
}

/** The `value` arrays of `data.result`, or why Go's decoder would reject the body. */
function decodeQueryResult(body: string): (readonly unknown[])[] | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    return `invalid JSON in prometheus response: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
  if (json === null) return [];
  if (!isObject(json)) return 'prometheus response is not a JSON object';
  for (const name of ['status'] as const) {
    const field = goField(json, name);
    if (field !== undefined && field !== null && typeof field !== 'string') return `prometheus ${name} is not a string`;
  }
  const data = goField(json, 'data');
  if (data === undefined || data === null) return [];
  if (!isObject(data)) return 'prometheus data is not an object';
  const resultType = goField(data, 'resultType');
  if (resultType !== undefined && resultType !== null && typeof resultType !== 'string') {
    return 'prometheus resultType is not a string';
  }
  const result = goField(data, 'result');
  if (result === undefined || result === null) return [];
  if (!Array.isArray(result)) return 'prometheus result is not an array';
  const values: (readonly unknown[])[] = [];
  for (const element of result as unknown[]) {
    // A scalar result (`[ts, "v"]`) lands here: its entries are not objects, so Go fails to decode it.
    if (element === null) {
      values.push([]);
      continue;
    }
    if (!isObject(element)) return 'cannot decode prometheus result: expected a vector of series';
    const metric = goField(element, 'metric');
    if (metric !== undefined && metric !== null && !isObject(metric)) return 'prometheus metric is not an object';
    const value = goField(element, 'value');
    if (value === undefined || value === null) values.push([]);
    else if (!Array.isArray(value)) return 'prometheus value is not an array';
    else values.push(value as unknown[]);
  }
  return values;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go matches JSON keys to struct fields case-insensitively; the last matching key wins. */
function goField(object: Readonly<Record<string, unknown>>, name: string): unknown {
  let found: unknown = undefined;
  for (const [key, value] of Object.entries(object)) {
    if (key.toLowerCase() === name.toLowerCase()) found = value;
  }
  return found;
}

const GO_DECIMAL = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const GO_INF = /^[+-]?(inf|infinity)$/i;

/** Go's strconv.ParseFloat for decimal text: also `Inf`, `+Inf`, `-Inf`, `Infinity`, `NaN`; out of range fails. */
export function parseGoFloat(text: string): number | undefined {
  if (/^nan$/i.test(text)) return Number.NaN;
  if (GO_INF.test(text)) return text.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (!GO_DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function formatSpecial(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}
