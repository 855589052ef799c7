import { KubeError } from '../kube/errors.js';

/** Every answer is JSON; errors are metav1.Status bodies with the HTTP status mirrored in `code`. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export function statusBody(error: KubeError): Record<string, unknown> {
  const details = error.details === undefined ? undefined : { ...error.details };
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: error.message,
    reason: error.reason,
    ...(details === undefined ? {} : { details }),
    code: error.status,
  };
}

export function errorResponse(error: KubeError): Response {
  return jsonResponse(statusBody(error), error.status);
}

/** A thrown KubeError keeps its status; anything else is a bug and becomes a 500 without internals. */
export function toKubeError(error: unknown): KubeError {
  if (error instanceof KubeError) return error;
  return new KubeError(500, 'InternalError', 'an error on the server has prevented the request from succeeding', {
    cause: error,
  });
}

export function successStatus(details: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details };
}

export const notFoundPath = (): KubeError =>
  new KubeError(404, 'NotFound', 'the server could not find the requested resource');

export const badRequest = (message: string): KubeError => new KubeError(400, 'BadRequest', message);

export const methodNotAllowed = (method: string): KubeError =>
  new KubeError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${method})`);

export const unsupportedMediaType = (accepted: readonly string[]): KubeError =>
  new KubeError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );

export const unauthorized = (): KubeError => new KubeError(401, 'Unauthorized', 'Unauthorized');
