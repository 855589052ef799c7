import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { eventually, kubectl, spawnSpillway, stopProcess, tempDirWithEnvironments } from './up-helpers.js';
import type { Spawned } from './up-helpers.js';

const STEP_MS = 120_000;

describe('spillway up', () => {
  const started: Spawned[] = [];
  after(async () => {
    await Promise.all(started.map((s) => stopProcess(s, 'SIGKILL')));
  });

  it('serves the seed to kubectl and scales remote 0→1→0 as on-prem goes 1→3→2', { timeout: 6 * STEP_MS }, async () => {
    const { dir, environments } = await tempDirWithEnvironments();
    const up = spawnSpillway(['up', '--port', '0', '--environments', environments, '--seed', '7'], dir);
    started.push(up);
    const [, kubeconfig = ''] = await up.waitFor(/^export KUBECONFIG=(.+)$/m, STEP_MS);
    // The banner's walkthrough lines may reach the pipe in a later chunk than the KUBECONFIG line.
    await up.waitFor(/kubectl scale --replicas=3 deployment\/on-prem/, STEP_MS);

    const remoteReplicas = () => kubectl(kubeconfig, ['get', 'deploy', 'remote', '-o', 'jsonpath={.spec.replicas}']);
    assert.equal((await remoteReplicas()).trim(), '0');
    assert.match(await kubectl(kubeconfig, ['scale', 'deployment/on-prem', '--replicas=3']), /scaled/);
    await eventually(remoteReplicas, '1', STEP_MS);
    await eventually(
      () => kubectl(kubeconfig, ['get', 'deploy', 'remote', '-o', 'jsonpath={.status.readyReplicas}']),
      '1',
      STEP_MS,
    );
    await kubectl(kubeconfig, ['scale', 'deployment/on-prem', '--replicas=2']);
    // The terminating on-prem pod still counts for its 30 s grace period, then the 5 s cooldown.
    await eventually(remoteReplicas, '0', STEP_MS);

    assert.equal(await stopProcess(up, 'SIGINT'), 0);
    assert.match(up.output(), /spillway up: stopped/);
  });

  it('up --demo --fast runs the walkthrough by itself and exits 0', { timeout: 6 * STEP_MS }, async () => {
    const { dir } = await tempDirWithEnvironments();
    const demo = spawnSpillway(['up', '--demo', '--fast', '--port', '0'], dir);
    started.push(demo);
    const code = await demo.exited();
    assert.equal(code, 0, demo.output());
    const out = demo.output();
    assert.match(out, /ok {2}remote scales 0→1/);
    assert.match(out, /ok {2}a remote pod is Ready/);
    assert.match(out, /ok {2}remote scales back to 0/);
    assert.match(out, /event {2}Normal {2}KEDAScaleTargetActivated/);
    assert.match(out, /demo: every expected transition happened/);
  });

  it('up --demo exits 1 when a transition does not happen in time', { timeout: 3 * STEP_MS }, async () => {
    const { dir, environments } = await tempDirWithEnvironments();
    // Without the controller nothing scales remote, so the walkthrough must time out and fail.
    const demo = spawnSpillway(
      ['up', '--demo', '--no-controller', '--port', '0', '--environments', environments, '--demo-timeout', '3s'],
      dir,
    );
    started.push(demo);
    assert.equal(await demo.exited(), 1);
    assert.match(demo.output(), /demo: failed at "remote scales 0→1"/);
  });
});
