import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import { Random } from '../lib/random.js';
import { DEPLOYMENTS, EVENTS, PODS } from '../kube/resources.js';
import { TEST_ENVIRONMENTS, podsOf, seedDeployment, startCluster } from './cluster-test-kit.js';
import type { Environment } from './environment-model.js';
import { PEER_PODS_VM } from './environment-model.js';
import { sampleStartupMs } from './pod-lifecycle.js';
import { isPodReady } from './pod-helpers.js';

const SPOT: Environment = {
  name: 'cloud-spot',
  primary: false,
  labels: {},
  runtimeClass: { name: 'kata-remote-spot', handler: 'kata-remote', overhead: { [PEER_PODS_VM]: '1' } },
  nodes: { count: 1, allocatable: { cpu: '64', memory: '256Gi', pods: '110', [PEER_PODS_VM]: '10' } },
  startup: { kind: 'logNormal', medianMs: 50_000, sigma: 0.4 },
  pricePerPodHour: 0.03,
  spotInterruptionsPerHour: 6,
  networkLatencyMs: 15,
};

describe('pod lifecycle', () => {
  it('samples log-normal start-up latencies around the median', () => {
    const random = new Random(1);
    const draws = Array.from({ length: 2001 }, () =>
      sampleStartupMs({ kind: 'logNormal', medianMs: 45_000, sigma: 0.35 }, random),
    ).sort((a, b) => a - b);
    const median = draws[1000] ?? 0;
    assert.ok(median > 42_000 && median < 48_000, `median ${median}`);
    assert.ok((draws[0] ?? 0) < 30_000 && (draws[2000] ?? 0) > 70_000, 'spread');
  });

  it('interrupts spot pods with a Warning event first, and the ReplicaSet replaces them', async () => {
    const { cluster, clock } = startCluster({ environments: [...TEST_ENVIRONMENTS, SPOT] });
    cluster.store.create(DEPLOYMENTS, seedDeployment('spot', 3, 'kata-remote-spot'));
    await clock.advance(60 * 60_000);
    const interruptions = cluster.store.list<Event>(EVENTS, { fieldSelector: 'reason=SpotInterruption' }).items;
    assert.ok(
      interruptions.length >= 5,
      `expected several interruptions in an hour at 6/h × 3 pods, got ${interruptions.length}`,
    );
    assert.ok(interruptions.every((e) => e.type === 'Warning' && e.involvedObject.kind === 'Pod'));
    const interrupted = new Set(interruptions.map((e) => e.involvedObject.name));
    const live = podsOf(cluster, 'spot');
    assert.equal(live.length, 3, 'replaced');
    assert.ok(live.every((p) => !interrupted.has(p.metadata?.name)));
  });

  it('terminates a deleted pod for its terminationGracePeriodSeconds', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create<Pod>(PODS, {
      metadata: { name: 'p', namespace: 'default' },
      spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'c', image: 'x' }] },
    });
    await clock.advance(2_000);
    assert.equal(isPodReady(cluster.store.get<Pod>(PODS, { namespace: 'default', name: 'p' })), true);
    cluster.store.delete(PODS, { namespace: 'default', name: 'p' });
    await clock.advance(4_999);
    assert.ok(cluster.store.find(PODS, { namespace: 'default', name: 'p' }));
    await clock.advance(1);
    assert.equal(cluster.store.find(PODS, { namespace: 'default', name: 'p' }), undefined);
  });

  it('gives the same pod names, placements and timings for the same seed', async () => {
    const run = async (seed: number) => {
      const { cluster, clock } = startCluster({ seed, environments: [...TEST_ENVIRONMENTS, SPOT] });
      const log: string[] = [];
      cluster.store.watch<Pod>(PODS, {}, (e) => {
        log.push(
          `${clock.now()} ${e.type} ${e.object.metadata?.name ?? ''} ${e.object.spec?.nodeName ?? '-'} ${e.object.status?.phase ?? ''} ${String(isPodReady(e.object))}`,
        );
      });
      cluster.store.create(DEPLOYMENTS, seedDeployment('spot', 4, 'kata-remote-spot'));
      cluster.store.create(DEPLOYMENTS, seedDeployment('on-prem', 2));
      await clock.advance(20 * 60_000);
      return log;
    };
    const a = await run(9);
    assert.deepEqual(await run(9), a);
    assert.notDeepEqual(await run(10), a);
  });
});
