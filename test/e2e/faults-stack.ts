// Test support for faults.test.ts: the seed on an embedded cluster and API server, with the
// controller in-process reaching the server over HTTP through a FaultProxy.
import { join } from 'node:path';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import { loadManifests } from '../../src/api/load-manifests.js';
import { startApiServer } from '../../src/apiserver/node-server.js';
import type { RunningApiServer } from '../../src/apiserver/node-server.js';
import { createCluster } from '../../src/cluster/cluster.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import { parseEnvironments } from '../../src/cluster/environments.js';
import type { DecisionRecord } from '../../src/controller/controller-context.js';
import { Controller } from '../../src/controller/manager.js';
import type { KubeObject } from '../../src/kube/client.js';
import { HttpKubeClient } from '../../src/kube/http/http-kube-client.js';
import { kubeConfigForServer } from '../../src/kube/http/kubeconfig.js';
import { MemoryKubeClient } from '../../src/kube/memory/memory-client.js';
import { DEPLOYMENTS } from '../../src/kube/resources.js';
import { SystemClock } from '../../src/lib/clock.js';
import { Random } from '../../src/lib/random.js';
import { applyToStore } from '../../src/shell/apply-manifests.js';
import { withShortGrace } from '../../src/shell/fast-environments.js';
import { FaultProxy } from './fault-proxy.js';
import { FAST_ENVIRONMENTS, ROOT } from './up-helpers.js';

export const NAMESPACE = 'default';
const SEED = join(ROOT, 'examples', 'seed');

export interface FaultStack {
  readonly cluster: Cluster;
  readonly api: RunningApiServer;
  readonly proxy: FaultProxy;
  /** The controller's client: HTTP through the proxy. */
  readonly http: HttpKubeClient;
  /** The test's own hands on the cluster, bypassing the proxy. */
  readonly direct: MemoryKubeClient;
  readonly controller: Controller;
  /** Every distinct `spec.replicas` the remote Deployment had, in order, from a store watch. */
  readonly remoteHistory: number[];
  readonly decisions: DecisionRecord[];
  readonly errors: { readonly phase: string; readonly message: string }[];
  scalePrimary(replicas: number): Promise<void>;
  remoteReplicas(): number;
  /** Writes of the remote's scale the API server accepted (2xx), whatever the client was told. */
  remoteScaleWrites(): number;
  stop(): Promise<void>;
}

/**
 * The seed (on-prem, remote and a kubernetes-workload ScaledObject) with a 1 s polling interval,
 * 1 s cooldown, 1 s HPA sync, short start-ups (the e2e environments file) and 1 s pod grace.
 */
export async function startFaultStack(seed: number): Promise<FaultStack> {
  const clock = new SystemClock();
  const environments = parseEnvironments(FAST_ENVIRONMENTS, 'environments.yaml');
  if (!environments.ok) throw new Error(`test environments do not parse: ${JSON.stringify(environments.error)}`);
  const loaded = await loadManifests([SEED], { recursive: false });
  if (loaded.issues.length > 0) throw new Error(`seed does not load: ${JSON.stringify(loaded.issues)}`);
  const cluster = createCluster({ clock, random: new Random(seed), environments: environments.value });
  applyToStore(cluster.store, loaded.documents, { adjust: (o) => quickScaledObject(withShortGrace(o)) });
  cluster.start();
  const api = await startApiServer({ store: cluster.store, clock, host: '127.0.0.1', port: 0 });
  const proxy = await FaultProxy.start(api.url, seed + 3);
  const http = new HttpKubeClient(kubeConfigForServer(proxy.url), { clock, random: new Random(seed + 2) });
  const direct = new MemoryKubeClient(cluster.store);

  const remoteHistory: number[] = [];
  const historyWatch = cluster.store.watch<Deployment>(
    DEPLOYMENTS,
    { namespace: NAMESPACE, fieldSelector: 'metadata.name=remote' },
    (event) => {
      const replicas = event.object.spec?.replicas ?? 0;
      if (remoteHistory.at(-1) !== replicas) remoteHistory.push(replicas);
    },
  );
  const decisions: DecisionRecord[] = [];
  const errors: { phase: string; message: string }[] = [];
  const controller = new Controller({
    client: http,
    clock,
    random: new Random(seed + 1),
    hpaSyncPeriodMs: 1000,
    instance: 'faults',
    observer: {
      decision: (record) => decisions.push(record),
      error: ({ phase, message }) => errors.push({ phase, message }),
    },
  });
  controller.start();
  if (!(await controller.waitForSync())) throw new Error('controller caches never synced');

  return {
    cluster,
    api,
    proxy,
    http,
    direct,
    controller,
    remoteHistory,
    decisions,
    errors,
    async scalePrimary(replicas) {
      await direct.writeScale(DEPLOYMENTS, { namespace: NAMESPACE, name: 'on-prem' }, replicas);
    },
    remoteReplicas: () =>
      cluster.store.get<Deployment>(DEPLOYMENTS, { namespace: NAMESPACE, name: 'remote' }).spec?.replicas ?? 0,
    remoteScaleWrites: () =>
      proxy.log.filter(
        (r) =>
          r.method === 'PATCH' &&
          r.path === `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/remote/scale` &&
          r.upstreamStatus >= 200 &&
          r.upstreamStatus < 300,
      ).length,
    async stop() {
      await controller.stop();
      historyWatch.stop();
      http.close();
      await proxy.close();
      await api.close();
      cluster.stop();
    },
  };
}

function quickScaledObject(object: KubeObject): KubeObject {
  if (object.kind !== 'ScaledObject') return object;
  const so = object as KubeObject & { spec: Record<string, unknown> };
  return { ...so, spec: { ...so.spec, pollingInterval: 1, cooldownPeriod: 1 } } as KubeObject;
}

/** Polls `check` every 50 ms until it holds; rejects after `timeoutMs` (a bound, not a speed claim). */
export async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => globalThis.setTimeout(resolve, ms));
}
