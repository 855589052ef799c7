// Shared by the HTTP benchmarks: the embedded cluster and its API server on loopback, with the
// controller reaching it over HTTP (HttpKubeClient) through a request-counting KubeClient.
import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import { startApiServer } from '../src/apiserver/node-server.js';
import type { RunningApiServer } from '../src/apiserver/node-server.js';
import { createCluster } from '../src/cluster/cluster.js';
import type { Cluster } from '../src/cluster/cluster.js';
import type { Environment } from '../src/cluster/environment-model.js';
import { Controller } from '../src/controller/manager.js';
import type { ControllerObserver } from '../src/controller/controller-context.js';
import type {
  DeleteOptions,
  KubeClient,
  KubeObject,
  ListOptions,
  ObjectList,
  ObjectRef,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../src/kube/client.js';
import type { KubeError } from '../src/kube/errors.js';
import { HttpKubeClient } from '../src/kube/http/http-kube-client.js';
import { kubeConfigForServer } from '../src/kube/http/kubeconfig.js';
import type { ResourceType } from '../src/kube/resources.js';
import { SystemClock } from '../src/lib/clock.js';
import { Random } from '../src/lib/random.js';

export type Verb =
  'list' | 'watch' | 'get' | 'create' | 'update' | 'updateStatus' | 'mergePatch' | 'delete' | 'getScale' | 'writeScale';

/** Counts every request the controller sends, by verb and resource (a watch counts once, when opened). */
export class CountingKubeClient implements KubeClient {
  readonly counts = new Map<string, number>();
  total = 0;

  constructor(private readonly inner: KubeClient) {}

  private count(verb: Verb, type: ResourceType): void {
    const key = `${verb} ${type.plural}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total += 1;
  }

  snapshot(): { total: number; counts: Map<string, number> } {
    return { total: this.total, counts: new Map(this.counts) };
  }

  list<T extends KubeObject>(type: ResourceType, options?: ListOptions): Promise<ObjectList<T>> {
    this.count('list', type);
    return this.inner.list<T>(type, options);
  }
  watch<T extends KubeObject>(
    type: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: (error?: KubeError) => void,
  ): WatchHandle {
    this.count('watch', type);
    return this.inner.watch<T>(type, options, onEvent, onClose);
  }
  get<T extends KubeObject>(type: ResourceType, ref: ObjectRef): Promise<T> {
    this.count('get', type);
    return this.inner.get<T>(type, ref);
  }
  create<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    this.count('create', type);
    return this.inner.create<T>(type, object);
  }
  update<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    this.count('update', type);
    return this.inner.update<T>(type, object);
  }
  updateStatus<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    this.count('updateStatus', type);
    return this.inner.updateStatus<T>(type, object);
  }
  mergePatch<T extends KubeObject>(
    type: ResourceType,
    ref: ObjectRef,
    patch: object,
    options?: { subresource?: 'status' },
  ): Promise<T> {
    this.count('mergePatch', type);
    return this.inner.mergePatch<T>(type, ref, patch, options);
  }
  delete(type: ResourceType, ref: ObjectRef, options?: DeleteOptions): Promise<void> {
    this.count('delete', type);
    return this.inner.delete(type, ref, options);
  }
  getScale(type: ResourceType, ref: ObjectRef): Promise<Scale> {
    this.count('getScale', type);
    return this.inner.getScale(type, ref);
  }
  writeScale(type: ResourceType, ref: ObjectRef, replicas: number): Promise<Scale> {
    this.count('writeScale', type);
    return this.inner.writeScale(type, ref, replicas);
  }
}

export interface HttpStack {
  readonly cluster: Cluster;
  readonly api: RunningApiServer;
  readonly client: CountingKubeClient;
  /** Starts the controller (over HTTP) and waits for its caches. */
  startController(observer?: ControllerObserver): Promise<Controller>;
  stop(): Promise<void>;
}

export async function startHttpStack(options: {
  readonly environments?: readonly Environment[];
  readonly historyLimit?: number;
  readonly seed?: number;
}): Promise<HttpStack> {
  const clock = new SystemClock();
  const seed = options.seed ?? 1;
  const cluster = createCluster({
    clock,
    random: new Random(seed),
    ...(options.environments === undefined ? {} : { environments: options.environments }),
    ...(options.historyLimit === undefined ? {} : { historyLimit: options.historyLimit }),
  });
  cluster.start();
  const api = await startApiServer({ store: cluster.store, clock, host: '127.0.0.1', port: 0 });
  const http = new HttpKubeClient(kubeConfigForServer(api.url), { clock, random: new Random(seed + 2) });
  const client = new CountingKubeClient(http);
  let controller: Controller | undefined;
  return {
    cluster,
    api,
    client,
    async startController(observer) {
      controller = new Controller({
        client,
        clock,
        random: new Random(seed + 1),
        instance: 'bench',
        ...(observer === undefined ? {} : { observer }),
      });
      controller.start();
      await controller.waitForSync();
      return controller;
    },
    async stop() {
      await controller?.stop();
      http.close();
      await api.close();
      cluster.stop();
    },
  };
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `check()` is true, polling every `everyMs`; rejects after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs: number, everyMs = 20): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
