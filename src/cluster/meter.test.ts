import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEPLOYMENTS } from '../kube/resources.js';
import { seedDeployment, startCluster } from './cluster-test-kit.js';

describe('meter', () => {
  it('bills pod-seconds from placement (start-up included) until the pod is gone', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(DEPLOYMENTS, seedDeployment('remote', 2, 'kata-remote'));
    cluster.store.create(DEPLOYMENTS, seedDeployment('on-prem', 1));
    await clock.advance(3_600_000);
    let cloud = cluster.meter.bills().find((b) => b.environment === 'cloud');
    assert.equal(cloud?.podSeconds, 7_200);
    assert.ok(Math.abs((cloud?.cost ?? 0) - 0.2) < 1e-9);
    assert.equal(cloud?.billedPods, 2);
    assert.ok(Math.abs((cloud?.costPerHour ?? 0) - 0.2) < 1e-9);
    assert.equal(cluster.meter.bills().find((b) => b.environment === 'on-prem')?.cost, 0);

    cluster.store.writeScale(DEPLOYMENTS, { namespace: 'default', name: 'remote' }, 0);
    await clock.advance(3_600_000);
    cloud = cluster.meter.bills().find((b) => b.environment === 'cloud');
    // 30 s of termination grace each, then nothing.
    assert.equal(cloud?.podSeconds, 7_200 + 60);
    assert.equal(cloud?.billedPods, 0);
    assert.equal(cloud?.costPerHour, 0);
    assert.ok(Math.abs(cluster.meter.totalCost() - (7_260 / 3600) * 0.1) < 1e-9);
  });

  it('does not bill pods that never got placed', async () => {
    const { cluster, clock } = startCluster();
    cluster.store.create(DEPLOYMENTS, seedDeployment('remote', 5, 'kata-remote'));
    await clock.advance(3_600_000);
    assert.equal(cluster.meter.bills().find((b) => b.environment === 'cloud')?.podSeconds, 3 * 3_600);
  });
});
