import assert from 'node:assert/strict';
import { after, afterEach, describe, it } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { Informer } from '../../src/kube/informer.js';
import { DEPLOYMENTS, PODS, SCALED_OBJECTS } from '../../src/kube/resources.js';
import type { KubeObject } from '../../src/kube/client.js';
import { SystemClock } from '../../src/lib/clock.js';
import { Random } from '../../src/lib/random.js';
import { NAMESPACE, sleep, startFaultStack, until } from './faults-stack.js';
import type { FaultStack } from './faults-stack.js';

// Nothing the controller does under faults may end as an unhandled rejection.
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);
process.on('unhandledRejection', onRejection);

const TEST_MS = 40_000;

describe('controller under API server faults (seed over HTTP through a fault proxy)', () => {
  const stacks: FaultStack[] = [];
  const start = async (seed: number) => {
    const stack = await startFaultStack(seed);
    stacks.push(stack);
    return stack;
  };
  afterEach(async () => {
    await Promise.all(stacks.splice(0).map((s) => s.stop()));
    assert.deepEqual(rejections, [], 'no unhandled rejection');
  });
  after(() => {
    process.off('unhandledRejection', onRejection);
  });

  it(
    'watches cut repeatedly while the primary scales: remote follows and caches recover',
    { timeout: TEST_MS },
    async () => {
      const stack = await start(11);
      const { proxy, cluster } = stack;
      const clock = new SystemClock();
      const pods = new Informer<Pod>(stack.http, PODS, { namespace: NAMESPACE, clock, random: new Random(5) });
      const deployments = new Informer<Deployment>(stack.http, DEPLOYMENTS, {
        namespace: NAMESPACE,
        clock,
        random: new Random(6),
      });
      pods.start();
      deployments.start();
      try {
        assert.ok(await pods.waitForSync());
        assert.ok(await deployments.waitForSync());
        let cutting = true;
        const cutter = (async () => {
          // At least a dozen rounds, whether or not the remote got there sooner.
          for (let round = 0; cutting || round < 12; round++) {
            // Every other round resumed watches are also told their version expired: relist.
            proxy.expireWatchResumes(round % 2 === 1);
            proxy.cutWatches(200);
            await sleep(400);
          }
        })();
        await stack.scalePrimary(3);
        await until('remote at 1 while watches are cut', () => stack.remoteReplicas() === 1);
        await stack.scalePrimary(6);
        await until('remote at 2 while watches are cut', () => stack.remoteReplicas() === 2);
        cutting = false;
        await cutter;
        proxy.heal();
        assert.ok(proxy.cutCount >= 4, `watches were cut (${proxy.cutCount})`);
        assert.ok(
          proxy.log.some((r) => r.watch && r.status === 410),
          'some resumes were answered 410 Expired',
        );

        // Recovered: the controller's and the test's informers all watch again, and the caches
        // hold exactly what the store holds.
        await until('every watch reopened', () => proxy.watchCount >= 4);
        const names = (objects: readonly KubeObject[]) => objects.map((o) => o.metadata?.name ?? '').sort();
        await until(
          'the pod cache matches the store',
          () =>
            JSON.stringify(names(pods.list(NAMESPACE))) ===
            JSON.stringify(names(cluster.store.list<Pod>(PODS, { namespace: NAMESPACE }).items)),
        );
        await until(
          'the deployment cache matches the store',
          () => deployments.get(NAMESPACE, 'remote')?.spec?.replicas === 2,
        );
        // …and the controller still sees changes: the remote follows the primary back to zero
        // (KEDA's deactivation; an HPA scale-down would wait out its 5 min stabilization).
        await stack.scalePrimary(1);
        await until('remote back at 0 after the watches healed', () => stack.remoteReplicas() === 0);
        assert.deepEqual(stack.remoteHistory, [0, 1, 2, 0]);
      } finally {
        pods.stop();
        deployments.stop();
      }
    },
  );

  it(
    '500s and 429s on every request while the primary scales: converges after, no extra writes',
    { timeout: TEST_MS },
    async () => {
      const stack = await start(12);
      const { proxy } = stack;
      await until('the worker polls', () => stack.decisions.some((d) => d.loop === 'keda'));
      // A watch still being opened would escape the cut below and keep its cache fed.
      await until('pods, ScaledObjects and the target are watched', () => proxy.watchCount >= 3);
      // Throttled informers (lists and watches of pods and ScaledObjects), failing everything else.
      proxy.fail({ status: 429, retryAfterSeconds: 1, path: /\/(pods|scaledobjects)$/, watches: true });
      proxy.fail({ status: 500, watches: true });
      proxy.cutWatches();
      await stack.scalePrimary(3);
      await sleep(4_000);
      assert.equal(stack.remoteReplicas(), 0, 'nothing can be written while every request fails');
      const injected = proxy.log.filter((r) => r.injected);
      const seen = injected.map((r) => `${r.status} ${r.method} ${r.path}${r.watch ? ' (watch)' : ''}`);
      assert.ok(injected.some((r) => r.status === 429) && injected.some((r) => r.status === 500), seen.join('\n'));
      // The worker reads its target's replicas from a Deployment cache: that cache was cut off too.
      const targetCache = injected.filter((r) => r.method === 'GET' && r.path.endsWith('/deployments'));
      assert.ok(targetCache.length > 0, "the scale target cache's lists and watches were among the failures");
      proxy.heal();

      await until('remote at 1 after the faults stopped', () => stack.remoteReplicas() === 1);
      await until('the ScaledObject reports Active', () => isActive(stack));
      await sleep(2_000); // a few more polls and HPA syncs: none may write again
      assert.deepEqual(stack.remoteHistory, [0, 1]);
      assert.equal(stack.remoteScaleWrites(), 1, 'one transition, one scale write');
      assert.equal(stack.controller.scaledObjects().length, 1, 'the worker is still running');
    },
  );

  it(
    'scale and status writes fail while reads succeed: the decision is retried, one write lands',
    { timeout: TEST_MS },
    async () => {
      const stack = await start(16);
      const { proxy } = stack;
      await until('the worker polls', () => stack.decisions.some((d) => d.loop === 'keda'));
      proxy.fail({ status: 500, methods: ['PATCH', 'PUT'], path: /\/(scale|status)$/, fraction: 0.7 });
      proxy.fail({ status: 429, retryAfterSeconds: 1, methods: ['PATCH', 'PUT'], path: /\/(scale|status)$/ });
      await stack.scalePrimary(3);
      await until('a scale write failed for good', () => stack.errors.some((e) => e.phase === 'scale'));
      await until('a status write failed', () =>
        proxy.log.some((r) => r.injected && r.path.endsWith('/my-web-app-scaledobject/status')),
      );
      assert.ok(proxy.log.some((r) => r.injected && r.path.endsWith('/deployments/remote/scale')));
      assert.equal(stack.remoteReplicas(), 0);
      proxy.heal();

      await until('remote at 1 after the faults stopped', () => stack.remoteReplicas() === 1);
      await until('the ScaledObject reports Active', () => isActive(stack));
      await sleep(2_000);
      assert.deepEqual(stack.remoteHistory, [0, 1]);
      assert.equal(stack.remoteScaleWrites(), 1, 'one transition, one scale write');
    },
  );

  it(
    'scale answers lost after the write landed: the retry rewrites the same value, nothing oscillates',
    { timeout: TEST_MS },
    async () => {
      const stack = await start(17);
      const { proxy } = stack;
      await until('the worker polls', () => stack.decisions.some((d) => d.loop === 'keda'));
      proxy.fail({ status: 504, methods: ['PATCH'], path: /\/scale$/, afterForward: true });
      await stack.scalePrimary(6);
      await until('remote at 2', () => stack.remoteReplicas() === 2);
      await sleep(2_000);
      proxy.heal();
      assert.ok(
        proxy.log.some((r) => r.injected && r.upstreamStatus === 200),
        'scale writes landed and were reported as failed',
      );
      assert.ok(
        stack.errors.some((e) => e.phase === 'scale'),
        'the controller was told its writes failed',
      );
      // A lost answer is retried with the same absolute value, so the replicas only ever go up.
      assert.deepEqual(stack.remoteHistory, [0, 1, 2]);
    },
  );

  it('a few hundred ms of latency on every call: converges', { timeout: TEST_MS }, async () => {
    const stack = await start(13);
    stack.proxy.delay(300);
    await stack.scalePrimary(3);
    await until('remote at 1 under latency', () => stack.remoteReplicas() === 1);
    await stack.scalePrimary(6);
    await until('remote at 2 under latency', () => stack.remoteReplicas() === 2);
    await until('the last scale write answered', () => stack.remoteScaleWrites() === 2);
    await sleep(1_500); // more polls and HPA syncs under latency: none may write again
    assert.deepEqual(stack.remoteHistory, [0, 1, 2]);
    assert.equal(stack.remoteScaleWrites(), 2, 'two transitions, two scale writes');
  });

  it('faults never scale the remote to zero or to a wrong value', { timeout: TEST_MS }, async () => {
    const stack = await start(14);
    const { proxy } = stack;
    await until('the worker polls', () => stack.decisions.some((d) => d.loop === 'keda'));
    await stack.scalePrimary(3);
    await until('remote at 1 before the faults', () => stack.remoteReplicas() === 1);
    const before = stack.remoteHistory.length;

    // Longer than the cooldown and several polls and HPA syncs: first some requests fail and
    // watches drop, then every request fails and no watch may open.
    proxy.fail({ status: 500, fraction: 0.5, watches: true });
    proxy.fail({ status: 429, retryAfterSeconds: 1, fraction: 0.3 });
    proxy.cutWatches();
    await sleep(2_500);
    proxy.heal();
    proxy.fail({ status: 500, watches: true });
    proxy.cutWatches(3_000);
    await sleep(3_000);
    assert.deepEqual(stack.remoteHistory.slice(before), [], 'no scale during the fault window');
    proxy.heal();
    await sleep(2_000);
    assert.equal(stack.remoteReplicas(), 1, 'still 1 once the faults stop');

    // Still alive and still able to scale to zero when the trigger asks for it.
    await stack.scalePrimary(1);
    await until('remote at 0 when the primary shrinks', () => stack.remoteReplicas() === 0);
    assert.deepEqual(stack.remoteHistory, [0, 1, 0]);
  });

  it(
    'a slow API server: polls and HPA syncs do not pile up behind it and burst when it recovers',
    {
      timeout: TEST_MS,
    },
    async () => {
      const stack = await start(18);
      const { proxy } = stack;
      await until('the worker polls', () => stack.decisions.some((d) => d.loop === 'keda'));
      proxy.delay(2_500); // each call slower than the 1 s polling interval and HPA period
      await stack.scalePrimary(3); // the remote's scale write then waits 2.5 s while ticks go on
      await sleep(8_000);
      proxy.heal();
      const before = stack.decisions.length;
      await sleep(4_000); // calls already in flight still take up to 2.5 s
      const polls = stack.decisions.slice(before).filter((d) => d.loop === 'keda').length;
      // At most the one waiting poll, plus the ticks of those 4 s.
      assert.ok(polls <= 6, `${polls} polls in the 4 s after the server recovered`);
      assert.ok(polls >= 1, 'the polls go on after the server recovered');
    },
  );

  it(
    'faults while a ScaledObject is first reconciled: the reconcile is retried and the worker starts',
    {
      timeout: TEST_MS,
    },
    async () => {
      const stack = await start(15);
      const { proxy } = stack;
      // The first reconcile is in flight right after the caches sync; make it fail for good.
      proxy.fail({ status: 500 });
      await until('the reconcile failed', () => stack.errors.some((e) => e.phase === 'reconcile'));
      proxy.heal();
      await stack.scalePrimary(3);
      await until('remote at 1 once the API server answers again', () => stack.remoteReplicas() === 1);
      assert.deepEqual(stack.remoteHistory, [0, 1]);
    },
  );
});

function isActive(stack: FaultStack): boolean {
  const so = stack.cluster.store.get<KubeObject & { status?: { conditions?: { type: string; status: string }[] } }>(
    SCALED_OBJECTS,
    { namespace: NAMESPACE, name: 'my-web-app-scaledobject' },
  );
  return so.status?.conditions?.some((c) => c.type === 'Active' && c.status === 'True') ?? false;
}
