// Reaction time over HTTP: from the third primary pod existing (on-prem scaled 2 → 3) to the
// controller's scale write on the remote Deployment, with and without the
// `spillway.io/evaluate-on-change` annotation. Controller ↔ embedded API server over loopback HTTP.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { DEFAULT_ENVIRONMENTS } from '../src/cluster/environment-model.js';
import type { KubeObject } from '../src/kube/client.js';
import { DEPLOYMENTS, PODS, SCALED_OBJECTS } from '../src/kube/resources.js';
import { withFastStartup } from '../src/shell/fast-environments.js';
import { quantile, sleep, startHttpStack, table, waitFor } from './http-stack.js';

const NAMESPACE = 'default';
const POLLING_INTERVAL_S = 5;
const REPETITIONS = Number(process.env['BENCH_REPETITIONS'] ?? '5');
const ANNOTATION = 'spillway.io/evaluate-on-change';

function deployment(name: string, replicas: number, labels: Record<string, string>, runtimeClass?: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'my-web-app' } },
      template: {
        metadata: { labels },
        spec: {
          terminationGracePeriodSeconds: 1,
          ...(runtimeClass === undefined ? {} : { runtimeClassName: runtimeClass }),
          containers: [{ name: 'web', image: 'ghcr.io/mendhak/http-https-echo:34' }],
        },
      },
    },
  };
}

function scaledObject(): KubeObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'my-web-app-scaledobject', namespace: NAMESPACE },
    spec: {
      scaleTargetRef: { name: 'remote' },
      minReplicaCount: 0,
      maxReplicaCount: 4,
      pollingInterval: POLLING_INTERVAL_S,
      cooldownPeriod: 5,
      triggers: [
        {
          type: 'kubernetes-workload',
          metadata: { podSelector: 'app=my-web-app, environment notin (cloud)', value: '3', activationValue: '2' },
        },
      ],
    },
  } as KubeObject;
}

const isPrimary = (pod: Pod) =>
  pod.metadata?.labels?.['app'] === 'my-web-app' && pod.metadata.labels['environment'] !== 'cloud';

async function main(): Promise<void> {
  const stack = await startHttpStack({ environments: withFastStartup(DEFAULT_ENVIRONMENTS) });
  const { store } = stack.cluster;
  store.create(DEPLOYMENTS, deployment('on-prem', 2, { app: 'my-web-app' }));
  store.create(DEPLOYMENTS, deployment('remote', 0, { app: 'my-web-app', environment: 'cloud' }, 'kata-remote'));
  store.create(SCALED_OBJECTS, scaledObject());
  await stack.startController();

  // Live view of the primary pods and the remote's spec.replicas, from store watches.
  const livePrimary = new Map<string, Pod>();
  let remoteReplicas = 0;
  let onPrimaryAdded: ((atMs: number) => void) | undefined;
  let onRemoteScaled: ((atMs: number) => void) | undefined;
  const podWatch = store.watch<Pod>(PODS, { namespace: NAMESPACE }, (event) => {
    const pod = event.object;
    if (!isPrimary(pod)) return;
    const name = pod.metadata?.name ?? '';
    if (event.type === 'DELETED') livePrimary.delete(name);
    else {
      const isNew = !livePrimary.has(name);
      livePrimary.set(name, pod);
      if (isNew && event.type === 'ADDED') onPrimaryAdded?.(performance.now());
    }
  });
  const deployWatch = store.watch<Deployment>(DEPLOYMENTS, { namespace: NAMESPACE }, (event) => {
    if (event.object.metadata?.name !== 'remote') return;
    const replicas = event.object.spec?.replicas ?? 0;
    if (replicas !== remoteReplicas && replicas > 0) onRemoteScaled?.(performance.now());
    remoteReplicas = replicas;
  });

  const settled = () =>
    remoteReplicas === 0 &&
    [...livePrimary.values()].filter((p) => p.metadata?.deletionTimestamp === undefined).length === 2 &&
    livePrimary.size === 2;

  const results: Record<'polling' | 'reactive', number[]> = { polling: [], reactive: [] };
  for (const mode of ['polling', 'reactive'] as const) {
    store.mergePatch(
      SCALED_OBJECTS,
      { namespace: NAMESPACE, name: 'my-web-app-scaledobject' },
      { metadata: { annotations: { [ANNOTATION]: mode === 'reactive' ? 'true' : null } } },
    );
    for (let rep = 0; rep < REPETITIONS; rep++) {
      await waitFor('2 primary pods and remote at 0', settled, 60_000);
      // A random phase against the 5 s polling loop, as a real pod change would have.
      await sleep(Math.random() * POLLING_INTERVAL_S * 1000);
      let addedAt: number | undefined;
      let scaledAt: number | undefined;
      onPrimaryAdded = (at) => {
        if (addedAt === undefined && livePrimary.size >= 3) addedAt = at;
      };
      onRemoteScaled = (at) => {
        if (scaledAt === undefined) scaledAt = at;
      };
      store.writeScale(DEPLOYMENTS, { namespace: NAMESPACE, name: 'on-prem' }, 3);
      await waitFor('the remote scale write', () => scaledAt !== undefined, 30_000, 5);
      onPrimaryAdded = undefined;
      onRemoteScaled = undefined;
      if (addedAt === undefined || scaledAt === undefined) throw new Error('missing a timestamp');
      const ms = scaledAt - addedAt;
      results[mode].push(ms);
      process.stdout.write(`${mode} #${rep + 1}: ${ms.toFixed(1)} ms\n`);
      store.writeScale(DEPLOYMENTS, { namespace: NAMESPACE, name: 'on-prem' }, 2);
    }
  }
  podWatch.stop();
  deployWatch.stop();
  const requests = stack.client.snapshot();
  await stack.stop();

  const polling = results.polling;
  const reactive = results.reactive;
  const row = (name: string, values: number[]) => [
    name,
    String(values.length),
    quantile(values, 0.5).toFixed(1),
    quantile(values, 0.9).toFixed(1),
    Math.min(...values).toFixed(1),
    Math.max(...values).toFixed(1),
  ];
  process.stdout.write(
    `\nReaction time, third primary pod created → remote spec.replicas written (ms), pollingInterval ${POLLING_INTERVAL_S} s, over HTTP\n`,
  );
  process.stdout.write(
    table(
      ['mode', 'n', 'median', 'p90', 'min', 'max'],
      [row('polling only', polling), row('evaluate-on-change', reactive)],
    ) + '\n',
  );
  const ratio = (q: number) => (quantile(polling, q) / quantile(reactive, q)).toFixed(1);
  process.stdout.write(`ratio polling/reactive: median ${ratio(0.5)}x, p90 ${ratio(0.9)}x\n`);
  process.stdout.write(`controller requests during the run: ${requests.total}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:reaction failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
