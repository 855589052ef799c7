// Scale over HTTP: N ScaledObjects created at once, each with its own replicas-0 Deployment and a
// kubernetes-workload trigger that already matches running pods (so each must activate to 1).
// Measures (a) creation → every target at 1, (b) the controller's API requests per minute in steady
// state vs a list-per-scaler-per-poll design, (c) memory: the controller runs in its own worker
// thread (controller-worker.ts), so its heap is measured apart from the API server and store (whose
// heap is printed too), and the whole process's RSS delta. Usage: node --expose-gc
// dist/bench/http-scale.js [N ...] (default 100 1000 10000); BENCH_WINDOW_S sets the steady window
// (keep it a multiple of the 30 s polling interval: all N poll in step, so a shorter window may
// see no poll at all), BENCH_SCALE_TIMEOUT_S the wait for (a). CPU seconds are printed beside
// wall-clock times: on a shared machine they are the figure that does not depend on the neighbours.
//
// The baseline is what the same controller would send if every scaler read through the API
// instead of shared watch caches, as KEDA and the HPA do for this trigger without caches:
//   - each KEDA poll: the kubernetes-workload scaler lists the namespace's pods, and KEDA reads
//     the target's /scale for its current replicas (2 requests);
//   - each HPA sync (15 s): the HPA reads /scale, and KEDA's metrics adapter runs the scaler
//     again, which lists the pods again (2 requests);
//   - plus every write both designs make alike (status patches, scale writes, Events), counted
//     from this run rather than assumed.
// So baseline/min = N × (2 × polls/min + 2 × HPA syncs/min) + the writes measured here; the
// reads of this design (lists, gets, /scale reads, watches opened) are set against the first term.
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { DEFAULT_ENVIRONMENTS } from '../src/cluster/environment-model.js';
import type { KubeObject } from '../src/kube/client.js';
import { DEPLOYMENTS, PODS, SCALED_OBJECTS } from '../src/kube/resources.js';
import { withFastStartup } from '../src/shell/fast-environments.js';
import { ControllerWorker } from './controller-worker-protocol.js';
import { sleep, startHttpStack, table, waitFor } from './http-stack.js';

const NAMESPACE = 'default';
const POLLING_INTERVAL_S = 30;
/** kube-controller-manager's default `--horizontal-pod-autoscaler-sync-period`, the controller's too. */
const HPA_SYNC_PERIOD_S = 15;
const READ_VERBS = new Set(['list', 'watch', 'get', 'getScale']);
const BASE_PODS = 3;
const WINDOW_S = Number(process.env['BENCH_WINDOW_S'] ?? '60');
const SCALE_TIMEOUT_MS = Number(process.env['BENCH_SCALE_TIMEOUT_S'] ?? '300') * 1000;

function deployment(name: string, replicas: number, app: string): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'example/app:1' }] },
      },
    },
  };
}

function scaledObject(index: number): KubeObject {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: `so-${index}`, namespace: NAMESPACE },
    spec: {
      scaleTargetRef: { name: `target-${index}` },
      minReplicaCount: 0,
      maxReplicaCount: 10,
      pollingInterval: POLLING_INTERVAL_S,
      cooldownPeriod: 300,
      // 3 matching pods, target value 3: active (> 0) and the HPA asks for ceil(3 / 3) = 1 replica.
      triggers: [{ type: 'kubernetes-workload', metadata: { podSelector: 'app=base', value: '3' } }],
    },
  } as KubeObject;
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
}

interface Result {
  readonly n: number;
  readonly scaledMs: number | undefined;
  readonly scaledCount: number;
  readonly creationRequests: number;
  readonly perMinute: number;
  readonly windowS: number;
  readonly breakdown: string;
  readonly listsPerMinute: number;
  readonly readsPerMinute: number;
  /** CPU seconds (user + system, the whole process: API server, store and controller). */
  readonly creationCpuS: number;
  readonly steadyCpuSPerMinute: number;
  readonly writesPerMinute: number;
  /** The main thread's heap: the API server and the store (each thread has its own heap). */
  readonly heapDeltaMb: number;
  /** The whole process: both threads. */
  readonly rssDeltaMb: number;
  /** The controller's own thread (isolate), after a full GC. */
  readonly controllerHeapMb: number;
  readonly controllerHeapDeltaMb: number;
}

async function run(n: number): Promise<Result> {
  const stack = await startHttpStack({
    environments: withFastStartup(DEFAULT_ENVIRONMENTS),
    historyLimit: Math.max(10_000, n * 20),
  });
  const { store } = stack.cluster;
  store.create(DEPLOYMENTS, deployment('base', BASE_PODS, 'base'));
  const runningBase = () =>
    store
      .list<Pod>(PODS, { namespace: NAMESPACE, labelSelector: 'app=base' })
      .items.filter((p) => p.status?.phase === 'Running').length;
  await waitFor('the base pods running', () => runningBase() === BASE_PODS, 30_000, 50);
  // The base pods stay; the cluster's controllers stop so the targets' pods (up to N) are never
  // created and the process measures the controller and the API server, not N simulated pods.
  stack.cluster.stop();
  for (let i = 0; i < n; i++) store.create(DEPLOYMENTS, deployment(`target-${i}`, 0, `target-${i}`));

  const scaledTo = new Map<string, number>();
  let lastScaledAt = 0;
  const watch = store.watch<Deployment>(DEPLOYMENTS, { namespace: NAMESPACE }, (event) => {
    const name = event.object.metadata?.name ?? '';
    if (!name.startsWith('target-')) return;
    const replicas = event.object.spec?.replicas ?? 0;
    if (replicas === 1 && scaledTo.get(name) !== 1) lastScaledAt = performance.now();
    scaledTo.set(name, replicas);
  });
  const atOne = () => [...scaledTo.values()].filter((r) => r === 1).length;

  const controller = new ControllerWorker({ serverUrl: stack.api.url, seed: 1 });
  await controller.start();
  await sleep(500);
  gc();
  const before = process.memoryUsage();
  const controllerHeapBefore = await controller.heapUsedBytes();
  const requestsBefore = (await controller.requests()).total;

  const createdAt = performance.now();
  const cpuAtCreation = process.cpuUsage();
  for (let i = 0; i < n; i++) store.create(SCALED_OBJECTS, scaledObject(i));
  let scaledMs: number | undefined;
  try {
    await waitFor(`all ${n} targets at 1 replica`, () => atOne() === n, SCALE_TIMEOUT_MS, 50);
    scaledMs = lastScaledAt - createdAt;
  } catch {
    scaledMs = undefined;
  }
  const scaledCount = atOne();
  const creationCpu = process.cpuUsage(cpuAtCreation);
  const creationRequests = (await controller.requests()).total - requestsBefore;
  process.stdout.write(
    `N=${n}: ${scaledCount}/${n} targets at 1 replica ${scaledMs === undefined ? `(timed out after ${SCALE_TIMEOUT_MS / 1000} s)` : `after ${(scaledMs / 1000).toFixed(2)} s`}, ${creationRequests} requests meanwhile\n`,
  );

  // Steady state: a large N finishes scaling with requests still queued behind the task limiter,
  // so wait one polling interval for that backlog to drain before counting.
  await sleep(POLLING_INTERVAL_S * 1000);
  const windowStart = await controller.requests();
  const windowStartedAt = performance.now();
  const cpuAtWindow = process.cpuUsage();
  await sleep(WINDOW_S * 1000);
  const windowCpu = process.cpuUsage(cpuAtWindow);
  const windowEnd = await controller.requests();
  const windowS = (performance.now() - windowStartedAt) / 1000;
  const perMinute = ((windowEnd.total - windowStart.total) * 60) / windowS;
  const breakdown = [...windowEnd.counts.entries()]
    .map(([key, count]) => [key, count - (windowStart.counts.get(key) ?? 0)] as const)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([key, count]) => `${key} ${((count * 60) / windowS).toFixed(0)}/min`)
    .join(', ');
  const countWhere = (keep: (verb: string) => boolean) =>
    [...windowEnd.counts.entries()]
      .filter(([key]) => keep(key.slice(0, key.indexOf(' '))))
      .reduce((sum, [key, count]) => sum + count - (windowStart.counts.get(key) ?? 0), 0);
  const lists = countWhere((verb) => verb === 'list');
  const reads = countWhere((verb) => READ_VERBS.has(verb));
  const writes = countWhere((verb) => !READ_VERBS.has(verb));
  gc();
  const after = process.memoryUsage();
  const controllerHeapAfter = await controller.heapUsedBytes();
  watch.stop();
  await controller.stop();
  await stack.stop();
  gc();
  return {
    n,
    scaledMs,
    scaledCount,
    creationRequests,
    perMinute,
    windowS,
    breakdown,
    listsPerMinute: (lists * 60) / windowS,
    readsPerMinute: (reads * 60) / windowS,
    creationCpuS: cpuSeconds(creationCpu),
    steadyCpuSPerMinute: (cpuSeconds(windowCpu) * 60) / windowS,
    writesPerMinute: (writes * 60) / windowS,
    heapDeltaMb: (after.heapUsed - before.heapUsed) / 2 ** 20,
    controllerHeapMb: controllerHeapAfter / 2 ** 20,
    controllerHeapDeltaMb: (controllerHeapAfter - controllerHeapBefore) / 2 ** 20,
    rssDeltaMb: (after.rss - before.rss) / 2 ** 20,
  };
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number);
  const ns = sizes.length > 0 ? sizes : [100, 1_000, 10_000];
  const results: Result[] = [];
  for (const n of ns) {
    results.push(await run(n));
    printTable(results);
  }
}

function printTable(results: readonly Result[]): void {
  const pollsPerMinute = 60 / POLLING_INTERVAL_S;
  const syncsPerMinute = 60 / HPA_SYNC_PERIOD_S;
  const rows = results.map((r) => {
    // See the header: 2 reads per poll and 2 per HPA sync per ScaledObject, plus the same writes.
    const naiveReads = r.n * (2 * pollsPerMinute + 2 * syncsPerMinute);
    const naive = naiveReads + r.writesPerMinute;
    return [
      String(r.n),
      r.scaledMs === undefined
        ? `>${SCALE_TIMEOUT_MS / 1000} s (${r.scaledCount} done)`
        : `${(r.scaledMs / 1000).toFixed(2)} s`,
      `${r.creationCpuS.toFixed(1)} s`,
      String(r.creationRequests),
      `${r.perMinute.toFixed(0)}`,
      `${r.readsPerMinute.toFixed(0)} vs ${naiveReads}`,
      `${r.writesPerMinute.toFixed(0)}`,
      `${naive.toFixed(0)}`,
      `${(naive / Math.max(r.perMinute, 1e-9)).toFixed(1)}x`,
      `${r.listsPerMinute.toFixed(0)} vs ${r.n * (pollsPerMinute + syncsPerMinute)}`,
      `${r.steadyCpuSPerMinute.toFixed(1)} s`,
      `${r.controllerHeapMb.toFixed(1)}`,
      `${r.controllerHeapDeltaMb.toFixed(1)}`,
      `${((r.controllerHeapDeltaMb * 1024) / r.n).toFixed(1)}`,
      `${r.heapDeltaMb.toFixed(1)}`,
      `${r.rssDeltaMb.toFixed(1)}`,
    ];
  });
  process.stdout.write(
    `\nScaledObjects over HTTP, pollingInterval ${POLLING_INTERVAL_S} s, HPA sync ${HPA_SYNC_PERIOD_S} s (steady window ${results.map((r) => r.windowS.toFixed(0)).join('/')} s, per-minute figures extrapolated from it)\n`,
  );
  process.stdout.write(
    table(
      [
        'N',
        'create→all scaled',
        'CPU (a)',
        'requests (a)',
        'req/min steady',
        'reads/min (vs list-per-poll)',
        'writes/min',
        'list-per-poll req/min',
        'ratio',
        'lists/min (vs list-per-poll)',
        'CPU/min steady',
        'controller heap MB',
        'controller heap Δ MB',
        'controller KB/SO',
        'API server heap Δ MB',
        'process RSS Δ MB',
      ],
      rows,
    ) + '\n',
  );
  for (const r of results) process.stdout.write(`N=${r.n} steady requests: ${r.breakdown || 'none'}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:scale failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
