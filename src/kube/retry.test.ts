import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import { Random } from '../lib/random.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { computeBackoffMs } from './backoff.js';
import { isConflict, KubeError } from './errors.js';
import { FakeKubeClient } from './fake-client.js';
import { CONFIG_MAPS, DEPLOYMENTS } from './resources.js';
import { updateWithRetry, withRetry } from './retry.js';

const serverError = () => new KubeError(500, 'InternalError', 'boom');

describe('computeBackoffMs', () => {
  it('doubles from the initial delay up to the cap', () => {
    const options = { initialMs: 200, maxMs: 3000, jitter: 0 };
    const delays = [0, 1, 2, 3, 4, 5].map((attempt) => computeBackoffMs(attempt, options, new Random(1)));
    assert.deepEqual(delays, [200, 400, 800, 1600, 3000, 3000]);
  });

  it('keeps full jitter within [0, ceiling) and actually spreads', () => {
    const random = new Random(42);
    const samples = Array.from({ length: 1000 }, () =>
      computeBackoffMs(3, { initialMs: 100, maxMs: 10_000, jitter: 1 }, random),
    );
    assert.ok(samples.every((d) => d >= 0 && d < 800));
    assert.ok(Math.min(...samples) < 100 && Math.max(...samples) > 700);
  });
});

describe('withRetry', () => {
  function harness() {
    const clock = new VirtualClock();
    const delays: number[] = [];
    const options = { clock, random: new Random(3), onRetry: (i: { delayMs: number }) => delays.push(i.delayMs) };
    return { clock, delays, options };
  }

  it('retries 429/5xx/connection errors with growing delays, then succeeds', async () => {
    const { clock, delays, options } = harness();
    const failures: unknown[] = [serverError(), new KubeError(0, 'ConnectionError', 'ECONNRESET'), serverError()];
    let calls = 0;
    const result = withRetry(async () => {
      calls++;
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return 'done';
    }, options);
    await clock.advance(60_000);
    assert.equal(await result, 'done');
    assert.equal(calls, 4);
    assert.deepEqual(
      delays.map((d, i) => d >= 0 && d < 200 * 2 ** i),
      [true, true, true],
    );
  });

  it("honours the server's Retry-After", async () => {
    const { clock, delays, options } = harness();
    let calls = 0;
    const throttled = new KubeError(429, 'TooManyRequests', 'slow down', { details: { retryAfterSeconds: 7 } });
    const result = withRetry(async () => {
      if (calls++ === 0) throw throttled;
      return calls;
    }, options);
    await clock.advance(6999);
    assert.equal(calls, 1);
    await clock.advance(1);
    assert.equal(await result, 2);
    assert.deepEqual(delays, [7000]);
  });

  it('fails at once on errors not worth retrying', async () => {
    for (const error of [
      new KubeError(404, 'NotFound', 'gone'),
      new KubeError(409, 'Conflict', 'stale'),
      new KubeError(422, 'Invalid', 'bad'),
    ]) {
      const { delays, options } = harness();
      let calls = 0;
      await assert.rejects(
        withRetry(async () => {
          calls++;
          throw error;
        }, options),
        (e: unknown) => e === error,
      );
      assert.equal(calls, 1);
      assert.deepEqual(delays, []);
    }
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { clock, options } = harness();
    let calls = 0;
    const result = withRetry(
      async () => {
        calls++;
        throw serverError();
      },
      { ...options, maxAttempts: 3 },
    );
    const settled = result.then(
      () => 'resolved',
      (e: unknown) => (e as KubeError).status,
    );
    await clock.advance(60_000);
    assert.equal(await settled, 500);
    assert.equal(calls, 3);
  });
});

describe('updateWithRetry', () => {
  it('re-reads and re-applies the mutation on 409 Conflict', async () => {
    const fake = new FakeKubeClient();
    await fake.create<ConfigMap>(CONFIG_MAPS, { metadata: { namespace: 'ns', name: 'c' }, data: { n: '0' } });
    const ref = { namespace: 'ns', name: 'c' };
    let interfered = false;
    const result = await updateWithRetry<ConfigMap>(fake, CONFIG_MAPS, ref, (current) => {
      if (!interfered) {
        interfered = true;
        // Another writer gets in between our read and our write.
        void fake.mergePatch(CONFIG_MAPS, ref, { data: { other: 'x' } });
      }
      return { ...current, data: { ...current.data, n: String(Number(current.data?.['n'] ?? 0) + 1) } };
    });
    assert.deepEqual(result.data, { n: '1', other: 'x' });
    assert.deepEqual(
      fake.calls.map((c) => c.method),
      ['create', 'get', 'mergePatch', 'update', 'get', 'update'],
    );
  });

  it('writes nothing when the mutation returns undefined, and gives up after maxAttempts', async () => {
    const fake = new FakeKubeClient();
    await fake.create<ConfigMap>(CONFIG_MAPS, { metadata: { namespace: 'ns', name: 'c' } });
    const ref = { namespace: 'ns', name: 'c' };
    await updateWithRetry<ConfigMap>(fake, CONFIG_MAPS, ref, () => undefined);
    assert.equal(fake.callsTo('update').length, 0);
    const conflict = new KubeError(409, 'Conflict', 'stale');
    fake.failNext('update', conflict, conflict, conflict);
    await assert.rejects(
      updateWithRetry<ConfigMap>(fake, CONFIG_MAPS, ref, (c) => c, { maxAttempts: 3 }),
      (e: unknown) => isConflict(e),
    );
    assert.equal(fake.callsTo('update').length, 3);
  });

  it('writes through the status subresource when asked', async () => {
    const fake = new FakeKubeClient();
    await fake.create<Deployment>(DEPLOYMENTS, {
      metadata: { namespace: 'ns', name: 'd' },
      spec: { replicas: 1, selector: {}, template: {} },
    });
    const updated = await updateWithRetry<Deployment>(
      fake,
      DEPLOYMENTS,
      { namespace: 'ns', name: 'd' },
      (d) => ({ ...d, status: { observedGeneration: 1 } }),
      { subresource: 'status' },
    );
    assert.equal(updated.status?.observedGeneration, 1);
    assert.deepEqual(
      fake.calls.map((c) => c.method),
      ['create', 'get', 'updateStatus'],
    );
  });
});
