import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KubeError } from '../errors.js';
import { statusToKubeError, toKubeError } from './errors.js';
import { collectionPath, objectPath, withQuery } from './paths.js';
import { DEPLOYMENTS, NODES, PODS } from '../resources.js';

describe('statusToKubeError', () => {
  it('takes code, reason, message and field causes from a Status body', () => {
    const body = JSON.stringify({
      kind: 'Status',
      code: 422,
      reason: 'Invalid',
      message: 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1',
      details: {
        name: 'web',
        group: 'apps',
        kind: 'deployments',
        causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -1', field: 'spec.replicas' }],
      },
    });
    const error = statusToKubeError(422, body);
    assert.deepEqual(
      [error.status, error.reason, error.message],
      [422, 'Invalid', 'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1'],
    );
    assert.deepEqual(error.details?.causes, [
      { reason: 'FieldValueInvalid', message: 'Invalid value: -1', field: 'spec.replicas' },
    ]);
  });

  it('falls back to the reason for the code when the body is not a Status', () => {
    const error = statusToKubeError(503, '<html>bad gateway</html>');
    assert.deepEqual(
      [error.status, error.reason, error.message],
      [503, 'ServiceUnavailable', '<html>bad gateway</html>'],
    );
    assert.equal(statusToKubeError(404, '').message, '404 Not Found');
  });

  it('reads Retry-After as seconds or as an HTTP date, the body hint first', () => {
    const now = Date.UTC(2026, 0, 1);
    assert.equal(statusToKubeError(429, '', { retryAfter: '5' }).details?.retryAfterSeconds, 5);
    const date = new Date(now + 12_000).toUTCString();
    assert.equal(statusToKubeError(429, '', { retryAfter: date, nowMs: now }).details?.retryAfterSeconds, 12);
    const body = JSON.stringify({
      kind: 'Status',
      code: 429,
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 2 },
    });
    assert.equal(statusToKubeError(429, body, { retryAfter: '9' }).details?.retryAfterSeconds, 2);
  });
});

describe('toKubeError', () => {
  it('keeps KubeErrors, maps watch errors by statusCode and network errors to status 0', () => {
    const original = new KubeError(409, 'Conflict', 'stale');
    assert.equal(toKubeError(original), original);
    const watchError = Object.assign(new Error('Gone'), { statusCode: 410 });
    assert.deepEqual([toKubeError(watchError).status, toKubeError(watchError).reason], [410, 'Expired']);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const mapped = toKubeError(refused);
    assert.deepEqual([mapped.status, mapped.reason], [0, 'ConnectionError']);
    assert.equal(mapped.cause, refused);
  });
});

describe('paths', () => {
  it('builds core, group, namespaced, all-namespace and cluster-scoped paths', () => {
    assert.equal(collectionPath(PODS, 'ns'), '/api/v1/namespaces/ns/pods');
    assert.equal(collectionPath(PODS), '/api/v1/pods');
    assert.equal(collectionPath(NODES, 'ignored'), '/api/v1/nodes');
    assert.equal(
      objectPath(DEPLOYMENTS, { namespace: 'ns', name: 'web' }, 'scale'),
      '/apis/apps/v1/namespaces/ns/deployments/web/scale',
    );
    assert.throws(
      () => objectPath(PODS, { name: 'p' }),
      (e: unknown) => e instanceof KubeError && e.status === 400,
    );
    assert.equal(
      withQuery('/x', { labelSelector: 'app in (a,b)', fieldSelector: undefined }),
      '/x?labelSelector=app+in+%28a%2Cb%29',
    );
  });
});
