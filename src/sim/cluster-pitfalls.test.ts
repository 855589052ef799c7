import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Environment } from '../cluster/environment-model.js';
import { DEFAULT_ENVIRONMENTS, PEER_PODS_VM } from '../cluster/environment-model.js';
import { replicasOf, seedScaledObject, simulate } from './test-kit.js';

function remoteDeployment(name: string, labels: Record<string, string>, replicas = 0): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: labels['app'] ?? name } },
      template: {
        metadata: { labels },
        spec: {
          runtimeClassName: 'kata-remote',
          containers: [{ name: 'c', image: 'ghcr.io/mendhak/http-https-echo:34' }],
        },
      },
    },
  };
}

test('self-counting selector: a remote template without the environment label matches `environment notin (cloud)` and feeds on itself up to max', async () => {
  const scenario = (remote: object) => ({
    duration: '15m',
    manifests: ['../seed/on-prem.yaml', remote, seedScaledObject({ maxReplicaCount: 10 }, { value: '1' })],
    actions: [
      { at: '30s', scale: { deployment: 'on-prem', replicas: 3 } },
      { at: '5m', scale: { deployment: 'on-prem', replicas: 1 } },
    ],
  });
  const correct = await simulate(scenario(remoteDeployment('remote', { app: 'my-web-app', environment: 'cloud' })));
  const pitfall = await simulate(scenario(remoteDeployment('remote', { app: 'my-web-app' })));
  const correctPeak = Math.max(...replicasOf(correct, 'remote').map(([, r]) => r ?? 0));
  assert.equal(correctPeak, 3, 'three primary pods at value 1 want three remote ones');
  assert.equal(replicasOf(correct, 'remote').at(-1)?.[1], 0, 'and none once the primary is back to one pod');
  const pitfallRemote = replicasOf(pitfall, 'remote');
  // The remote pods count themselves: 3 + n wanted n + 3, capped only by maxReplicaCount...
  assert.equal(Math.max(...pitfallRemote.map(([, r]) => r ?? 0)), 10);
  // ...and the workload never scales in: its own pods keep the trigger active.
  assert.equal(pitfallRemote.at(-1)?.[1], 10);
});

test('remote capacity exhaustion: pods past the VM limit stay Pending Unschedulable, nothing fails, and they start when room frees', async () => {
  const environments: Environment[] = DEFAULT_ENVIRONMENTS.map((env) =>
    env.name === 'cloud'
      ? { ...env, nodes: { count: 1, allocatable: { ...env.nodes.allocatable, [PEER_PODS_VM]: '3' } } }
      : env,
  );
  const report = await simulate(
    {
      duration: '10m',
      manifests: [
        '../seed/on-prem.yaml',
        '../seed/remote.yaml',
        remoteDeployment('batch', { app: 'batch' }, 2),
        seedScaledObject(),
      ],
      actions: [
        { at: '30s', scale: { deployment: 'on-prem', replicas: 12 } },
        { at: '5m', scale: { deployment: 'batch', replicas: 0 } },
      ],
    },
    { environments },
  );
  assert.deepEqual(
    replicasOf(report, 'remote').map(([, r]) => r),
    [0, 1, 4],
  );
  const remotePods = report.pods.filter((p) => p.name.startsWith('remote-'));
  const unschedulable = new Set(remotePods.filter((p) => p.reason === 'Unschedulable').map((p) => p.name));
  assert.equal(unschedulable.size, 3, 'two VMs are taken by batch, one is left for remote');
  // batch's two pods terminate for their 30 s grace period, then their VMs go to two waiting
  // remote pods; the fourth remote pod still finds no VM (limit 3) and keeps waiting.
  const placedLater = [...unschedulable].filter((name) =>
    remotePods.some((p) => p.name === name && p.environment === 'cloud'),
  );
  assert.equal(placedLater.length, 2);
  for (const name of placedLater) {
    const placed = remotePods.find((p) => p.name === name && p.environment === 'cloud');
    assert.ok(placed !== undefined && placed.t >= 330, `${name} placed at ${String(placed?.t)}`);
    assert.ok(remotePods.some((p) => p.name === name && p.ready));
  }
  const stillWaiting = [...unschedulable].find((name) => !placedLater.includes(name));
  assert.equal(remotePods.filter((p) => p.name === stillWaiting).at(-1)?.reason, 'Unschedulable');
  assert.deepEqual(report.controllerErrors, []);
  assert.deepEqual(report.actionErrors, []);
  assert.ok(report.events.some((e) => e.reason === 'FailedScheduling'));
});
