import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { eventually, kubectl, spawnSpillway, stopProcess, tempDirWithEnvironments } from './up-helpers.js';
import type { Spawned } from './up-helpers.js';

const STEP_MS = 120_000;
const LEASE = [
  '--leader-elect-lease-duration',
  '4s',
  '--leader-elect-renew-deadline',
  '3s',
  '--leader-elect-retry-period',
  '500ms',
];
const NO_SERVERS = ['--metrics-addr', '0', '--health-addr', '0'];

/** An embedded cluster without its own controller, for `spillway run` to drive over HTTP. */
async function startCluster(started: Spawned[]): Promise<{ dir: string; kubeconfig: string }> {
  const { dir, environments } = await tempDirWithEnvironments();
  const up = spawnSpillway(['up', '--no-controller', '--port', '0', '--environments', environments, '--fast'], dir);
  started.push(up);
  const [, kubeconfig = ''] = await up.waitFor(/^export KUBECONFIG=(.+)$/m, STEP_MS);
  return { dir, kubeconfig };
}

describe('spillway run', () => {
  const started: Spawned[] = [];
  after(async () => {
    await Promise.all(started.map((s) => stopProcess(s, 'SIGKILL')));
  });

  it(
    '--keda-compat scales the seed over HTTP, serves metrics and health, stops cleanly on SIGTERM',
    { timeout: 5 * STEP_MS },
    async () => {
      const { dir, kubeconfig } = await startCluster(started);
      const run = spawnSpillway(
        [
          'run',
          '--keda-compat',
          '--kubeconfig',
          kubeconfig,
          '--metrics-addr',
          '127.0.0.1:0',
          '--health-addr',
          '127.0.0.1:0',
        ],
        dir,
      );
      started.push(run);
      const [, metricsUrl = ''] = await run.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+\/metrics)"/, STEP_MS);
      const [, readyzUrl = ''] = await run.waitFor(/"readyz":"(http:\/\/127\.0\.0\.1:\d+\/readyz)"/, STEP_MS);
      await run.waitFor(/caches synced/, STEP_MS);
      assert.equal((await fetch(readyzUrl)).status, 200);

      const remote = () => kubectl(kubeconfig, ['get', 'deploy', 'remote', '-o', 'jsonpath={.spec.replicas}']);
      await kubectl(kubeconfig, ['scale', 'deployment/on-prem', '--replicas=3']);
      await eventually(remote, '1', STEP_MS);
      const metrics = await (await fetch(metricsUrl)).text();
      assert.match(
        metrics,
        /keda_scaler_active\{namespace="default",scaledObject="my-web-app-scaledobject",scaler="kubernetesWorkloadScaler",triggerIndex="0",metric="s0-workload-default",type="scaledobject"\} 1/,
      );
      assert.match(
        metrics,
        /spillway_scale_writes_total\{namespace="default",scaledObject="my-web-app-scaledobject",loop="keda"\} 1/,
      );
      await kubectl(kubeconfig, ['scale', 'deployment/on-prem', '--replicas=2']);
      await eventually(remote, '0', STEP_MS);

      assert.equal(await stopProcess(run, 'SIGTERM'), 0);
      assert.match(run.output(), /"msg":"stopped"/);
      assert.doesNotMatch(run.output(), /spillway-local/, 'the kubeconfig token never reaches the logs');
    },
  );

  it(
    '--leader-elect: one instance acts; after it is killed the other takes over within the lease duration',
    { timeout: 5 * STEP_MS },
    async () => {
      const { dir, kubeconfig } = await startCluster(started);
      const args = ['run', '--keda-compat', '--kubeconfig', kubeconfig, '--leader-elect', ...LEASE, ...NO_SERVERS];
      const first = spawnSpillway(args, dir);
      started.push(first);
      await first.waitFor(/"msg":"started leading"/, STEP_MS);
      const second = spawnSpillway(args, dir);
      started.push(second);
      await second.waitFor(/"msg":"another instance leads"/, STEP_MS);
      assert.doesNotMatch(second.output(), /started leading/);

      // SIGKILL: no release, so the standby must wait for the lease to expire.
      await stopProcess(first, 'SIGKILL');
      await second.waitFor(/"msg":"started leading"/, STEP_MS);
      assert.doesNotMatch(second.output(), /controller stopped/);

      const remote = () => kubectl(kubeconfig, ['get', 'deploy', 'remote', '-o', 'jsonpath={.spec.replicas}']);
      await kubectl(kubeconfig, ['scale', 'deployment/on-prem', '--replicas=3']);
      await eventually(remote, '1', STEP_MS);
      const holder = await kubectl(kubeconfig, [
        'get',
        'lease',
        'spillway-controller',
        '-o',
        'jsonpath={.spec.holderIdentity}',
      ]);
      assert.match(second.output(), new RegExp(`"identity":"${holder.trim()}"`));

      assert.equal(await stopProcess(second, 'SIGTERM'), 0);
      await eventually(
        () => kubectl(kubeconfig, ['get', 'lease', 'spillway-controller', '-o', 'jsonpath={.spec.holderIdentity}']),
        '',
        STEP_MS,
      );
    },
  );
});
