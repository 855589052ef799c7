import { STATUS_CODES } from 'node:http';
import { KubeError } from '../errors.js';
import type { StatusCause, StatusDetails } from '../errors.js';
import { isPlainObject } from '../merge-patch.js';

/** The Status reason apimachinery uses for each code, when the body does not say. */
const REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  410: 'Expired',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/**
 * A non-2xx answer as a KubeError, from the Status body when there is one. `retryAfter` is the
 * Retry-After header (seconds or an HTTP date, resolved against `nowMs`).
 */
export function statusToKubeError(
  status: number,
  body: unknown,
  options: { retryAfter?: string | undefined; nowMs?: number } = {},
): KubeError {
  const parsed = parseStatusBody(body);
  const reason = parsed.reason ?? REASONS[status] ?? 'Unknown';
  const message = parsed.message ?? `${status} ${STATUS_CODES[status] ?? 'Unknown'}`;
  const headerSeconds = parseRetryAfter(options.retryAfter, options.nowMs);
  const retryAfterSeconds = parsed.details?.retryAfterSeconds ?? headerSeconds;
  const details: StatusDetails | undefined =
    retryAfterSeconds === undefined ? parsed.details : { ...parsed.details, retryAfterSeconds };
  return new KubeError(parsed.code ?? status, reason, message, details === undefined ? {} : { details });
}

/**
 * Anything a request can fail with, as a KubeError: KubeErrors pass through; client-node's
 * ApiException (`code` + `body`, a JSON string in 1.4.0) and Watch errors (`statusCode`) keep
 * their status; connection failures become status 0 so they count as retryable.
 */
export function toKubeError(error: unknown): KubeError {
  if (error instanceof KubeError) return error;
  if (isPlainObject(error) || error instanceof Error) {
    const record = error as unknown as Record<string, unknown>;
    const status = typeof record['code'] === 'number' ? record['code'] : record['statusCode'];
    if (typeof status === 'number' && status >= 400) {
      const headers = isPlainObject(record['headers']) ? record['headers'] : {};
      const retryAfter = headers['retry-after'] ?? headers['Retry-After'];
      const converted = statusToKubeError(status, record['body'], {
        retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
      });
      return new KubeError(converted.status, converted.reason, converted.message, {
        cause: error,
        ...(converted.details === undefined ? {} : { details: converted.details }),
      });
    }
    const code = typeof record['code'] === 'string' ? record['code'] : undefined;
    const message = error instanceof Error ? error.message : 'request failed';
    return new KubeError(
      0,
      code === 'ETIMEDOUT' ? 'Timeout' : 'ConnectionError',
      code ? `${code}: ${message}` : message,
      {
        cause: error,
      },
    );
  }
  return new KubeError(0, 'ConnectionError', String(error), { cause: error });
}

interface ParsedStatus {
  code?: number;
  reason?: string;
  message?: string;
  details?: StatusDetails;
}

function parseStatusBody(body: unknown): ParsedStatus {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() === '' ? {} : { message: body.trim().slice(0, 500) };
    }
  }
  if (!isPlainObject(value) || value['kind'] !== 'Status') return {};
  const out: ParsedStatus = {};
  if (typeof value['code'] === 'number' && value['code'] >= 400) out.code = value['code'];
  if (typeof value['reason'] === 'string' && value['reason'] !== '') out.reason = value['reason'];
  if (typeof value['message'] === 'string' && value['message'] !== '') out.message = value['message'];
  const details = parseDetails(value['details']);
  if (details !== undefined) out.details = details;
  return out;
}

function parseDetails(value: unknown): StatusDetails | undefined {
  if (!isPlainObject(value)) return undefined;
  const text = (key: string) => (typeof value[key] === 'string' ? { [key]: value[key] } : {});
  const causes = Array.isArray(value['causes'])
    ? value['causes'].filter(isPlainObject).map((c): StatusCause => ({
        reason: typeof c['reason'] === 'string' ? c['reason'] : '',
        message: typeof c['message'] === 'string' ? c['message'] : '',
        field: typeof c['field'] === 'string' ? c['field'] : '',
      }))
    : undefined;
  const retry = value['retryAfterSeconds'];
  return {
    ...text('name'),
    ...text('group'),
    ...text('kind'),
    ...(causes === undefined ? {} : { causes }),
    ...(typeof retry === 'number' && retry > 0 ? { retryAfterSeconds: retry } : {}),
  };
}

function parseRetryAfter(value: string | undefined, nowMs: number | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  if (Number.isNaN(at) || nowMs === undefined) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}
