import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { DEPLOYMENTS, ENDPOINT_SLICES, EVENTS, PODS, REPLICA_SETS, SERVICES } from '../kube/resources.js';
import { deploymentOf, environmentOf, podsOf, seedDeployment, startCluster } from './cluster-test-kit.js';
import { isPodReady } from './pod-helpers.js';

const ref = (name: string) => ({ namespace: 'default', name });

describe('embedded cluster: deployments', () => {
  it('creates pods named <replicaset>-<suffix> on the primary environment, Ready after its start-up latency', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(DEPLOYMENTS, seedDeployment('on-prem', 3));
    const pods = podsOf(cluster, 'on-prem');
    assert.equal(pods.length, 3);
    const rsName = pods[0]?.metadata?.ownerReferences?.[0]?.name ?? '';
    assert.match(rsName, /^on-prem-[a-z0-9]{10}$/);
    for (const pod of pods) {
      assert.match(pod.metadata?.name ?? '', new RegExp(`^${rsName}-[a-z0-9]{5}$`));
      assert.equal(environmentOf(pod), 'on-prem');
      assert.equal(pod.status?.phase, 'Pending');
    }
    await clock.advance(1_999);
    assert.equal(podsOf(cluster, 'on-prem').filter(isPodReady).length, 0);
    await clock.advance(1);
    assert.equal(podsOf(cluster, 'on-prem').filter(isPodReady).length, 3);
    const status = deploymentOf(cluster, 'on-prem').status;
    assert.deepEqual(
      [
        status?.replicas,
        status?.readyReplicas,
        status?.availableReplicas,
        status?.updatedReplicas,
        status?.observedGeneration,
      ],
      [3, 3, 3, 3, 1],
    );
  });

  it('scales through the scale subresource and deletes not-ready pods first on scale-down', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(DEPLOYMENTS, seedDeployment('on-prem', 2));
    await clock.advance(5_000);
    cluster.store.writeScale(DEPLOYMENTS, ref('on-prem'), 3);
    const fresh = podsOf(cluster, 'on-prem').find((p) => !isPodReady(p))?.metadata?.name;
    cluster.store.writeScale(DEPLOYMENTS, ref('on-prem'), 2);
    const left = podsOf(cluster, 'on-prem').filter((p) => p.metadata?.deletionTimestamp === undefined);
    assert.equal(left.length, 2);
    assert.ok(!left.some((p) => p.metadata?.name === fresh), 'the not-ready newest pod went first');
    cluster.store.writeScale(DEPLOYMENTS, ref('on-prem'), 1);
    assert.equal(
      podsOf(cluster, 'on-prem').filter((p) => p.metadata?.deletionTimestamp !== undefined).length,
      2,
      'both scale-downs still terminating',
    );
    await clock.advance(30_000);
    assert.equal(podsOf(cluster, 'on-prem').length, 1, 'terminating pod gone after the 30 s grace period');
    assert.equal(deploymentOf(cluster, 'on-prem').status?.replicas, 1);
  });

  it('rolls a template change out to a new ReplicaSet and scales the old one to zero', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(DEPLOYMENTS, seedDeployment('on-prem', 2));
    await clock.advance(3_000);
    cluster.store.mergePatch(DEPLOYMENTS, ref('on-prem'), {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'echo:35' }] } } },
    });
    await clock.advance(30_000);
    const sets = cluster.store.list<ReplicaSet>(REPLICA_SETS, { namespace: 'default' }).items;
    assert.deepEqual(
      sets.map((rs) => [rs.metadata?.annotations?.['deployment.kubernetes.io/revision'], rs.spec?.replicas]).sort(),
      [
        ['1', 0],
        ['2', 2],
      ],
    );
    const pods = podsOf(cluster, 'on-prem');
    assert.ok(pods.every((p) => p.spec?.containers[0]?.image === 'echo:35' && isPodReady(p)));
    const status = deploymentOf(cluster, 'on-prem').status;
    assert.deepEqual([status?.observedGeneration, status?.updatedReplicas, status?.readyReplicas], [2, 2, 2]);
  });

  it('replaces a lost pod', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(DEPLOYMENTS, seedDeployment('on-prem', 1));
    await clock.advance(3_000);
    const first = podsOf(cluster, 'on-prem')[0]?.metadata?.name ?? '';
    cluster.store.delete(PODS, ref(first), { gracePeriodSeconds: 0 });
    const now = podsOf(cluster, 'on-prem');
    assert.equal(now.length, 1);
    assert.notEqual(now[0]?.metadata?.name, first);
  });
});

describe('embedded cluster: environments and scheduling', () => {
  it('places kata-remote pods in the cloud with the RuntimeClass overhead, Ready after 45 s', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(DEPLOYMENTS, seedDeployment('remote', 1, 'kata-remote'));
    const [pod] = podsOf(cluster, 'remote');
    assert.equal(environmentOf(pod!), 'cloud');
    assert.equal(pod?.spec?.nodeName, 'cloud-0');
    assert.deepEqual(pod?.spec?.overhead, { 'kata.peerpods.io/vm': '1', cpu: '250m' });
    assert.equal(pod?.spec?.nodeSelector?.['spillway.io/environment'], 'cloud');
    await clock.advance(44_999);
    assert.equal(isPodReady(podsOf(cluster, 'remote')[0]!), false);
    await clock.advance(1);
    assert.equal(isPodReady(podsOf(cluster, 'remote')[0]!), true);
  });

  it('keeps pods Pending/Unschedulable past the VM limit and places them when room frees', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(DEPLOYMENTS, seedDeployment('remote', 4, 'kata-remote'));
    const pending = podsOf(cluster, 'remote').filter((p) => (p.spec?.nodeName ?? '') === '');
    assert.equal(pending.length, 1);
    const condition = pending[0]?.status?.conditions?.find((c) => c.type === 'PodScheduled');
    assert.equal(condition?.status, 'False');
    assert.equal(condition?.reason, 'Unschedulable');
    assert.match(condition?.message ?? '', /Insufficient kata\.peerpods\.io\/vm/);
    const events = cluster.store.list<Event>(EVENTS, {
      fieldSelector: `involvedObject.name=${pending[0]?.metadata?.name ?? ''}`,
    }).items;
    assert.deepEqual(
      events.map((e) => [e.type, e.reason]),
      [['Warning', 'FailedScheduling']],
    );
    await clock.advance(60_000);
    const victim = podsOf(cluster, 'remote').find((p) => p.spec?.nodeName === 'cloud-0')?.metadata?.name ?? '';
    cluster.store.delete(PODS, ref(victim));
    assert.equal(
      podsOf(cluster, 'remote').filter((p) => (p.spec?.nodeName ?? '') === '').length,
      2,
      'its replacement waits too: the terminating pod still holds its VM',
    );
    await clock.advance(30_000);
    const after = podsOf(cluster, 'remote');
    assert.equal(after.length, 4, 'the deleted pod was replaced');
    assert.equal(after.filter((p) => (p.spec?.nodeName ?? '') === '').length, 1, 'one placed, its replacement waits');
    assert.ok(after.some((p) => p.metadata?.name === pending[0]?.metadata?.name && p.spec?.nodeName === 'cloud-0'));
  });

  it('loses pods when an environment fails and schedules there again once restored', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(DEPLOYMENTS, seedDeployment('on-prem', 2));
    await clock.advance(3_000);
    cluster.failEnvironment('on-prem');
    const pods = podsOf(cluster, 'on-prem');
    assert.equal(pods.length, 2);
    assert.ok(pods.every((p) => (p.spec?.nodeName ?? '') === '' && p.status?.phase === 'Pending'));
    assert.equal(cluster.summary().environments.find((e) => e.environment === 'on-prem')?.failed, true);
    cluster.restoreEnvironment('on-prem');
    await clock.advance(2_000);
    assert.equal(podsOf(cluster, 'on-prem').filter(isPodReady).length, 2);
  });

  it('lists Ready pods of a Service in its EndpointSlice', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(SERVICES, {
      metadata: { name: 'my-service', namespace: 'default' },
      spec: { selector: { app: 'my-web-app' }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    cluster.store.create(DEPLOYMENTS, seedDeployment('on-prem', 2));
    cluster.store.create(DEPLOYMENTS, seedDeployment('remote', 1, 'kata-remote'));
    const readyEndpoints = () =>
      cluster.store
        .list<EndpointSlice>(ENDPOINT_SLICES, { labelSelector: 'kubernetes.io/service-name=my-service' })
        .items.flatMap((s) => s.endpoints.filter((e) => e.conditions?.ready === true));
    assert.equal(readyEndpoints().length, 0);
    await clock.advance(2_000);
    assert.equal(readyEndpoints().length, 2);
    await clock.advance(43_000);
    assert.deepEqual(
      readyEndpoints()
        .map((e) => e.zone)
        .sort(),
      ['cloud', 'on-prem', 'on-prem'],
    );
  });
});

describe('embedded cluster: summary', () => {
  it('counts pods per environment and phase', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(DEPLOYMENTS, seedDeployment('on-prem', 1));
    cluster.store.create(DEPLOYMENTS, seedDeployment('remote', 4, 'kata-remote'));
    await clock.advance(10_000);
    const summary = cluster.summary();
    assert.deepEqual(
      summary.environments.map((e) => [e.environment, e.pods, e.ready]),
      [
        ['on-prem', { Running: 1 }, 1],
        ['cloud', { Pending: 3 }, 0],
      ],
    );
    assert.equal(summary.unscheduled, 1);
  });

  it('rejects a pod whose RuntimeClass does not exist', () => {
    const { cluster } = startCluster();
    assert.throws(
      () =>
        cluster.store.create<Pod>(PODS, {
          metadata: { name: 'p', namespace: 'default' },
          spec: { runtimeClassName: 'nope', containers: [{ name: 'c' }] },
        }),
      /RuntimeClass "nope" not found/,
    );
  });
});
