import type { Logger } from 'pino';
import { loadManifests } from '../api/load-manifests.js';
import { createCluster } from '../cluster/cluster.js';
import type { Cluster } from '../cluster/cluster.js';
import type { Environment } from '../cluster/environment-model.js';
import { startApiServer } from '../apiserver/node-server.js';
import type { RunningApiServer } from '../apiserver/node-server.js';
import type { ControllerObserver } from '../controller/controller-context.js';
import type { Clock } from '../lib/clock.js';
import { Random } from '../lib/random.js';
import { MemoryKubeClient } from '../kube/memory/memory-client.js';
import { SCALED_OBJECTS } from '../kube/resources.js';
import type { AppliedObject } from './apply-manifests.js';
import { applyToStore } from './apply-manifests.js';
import { ControllerRunner } from './controller-runner.js';
import { withShortGrace } from './fast-environments.js';

export interface EmbeddedStackOptions {
  readonly clock: Clock;
  readonly seed: number;
  readonly logger: Logger;
  readonly environments: readonly Environment[];
  /** Files or folders applied at start (the seed: `examples/seed`, without its variants). */
  readonly manifests: readonly string[];
  readonly port: number;
  /** Run the controller in-process (KEDA-compat). Off to drive the cluster from `spillway run`. */
  readonly controller: boolean;
  readonly hpaSyncPeriodMs?: number;
  readonly shortGrace?: boolean;
  readonly observer?: ControllerObserver;
}

export interface EmbeddedStack {
  readonly cluster: Cluster;
  readonly apiServer: RunningApiServer;
  readonly applied: readonly AppliedObject[];
  readonly runner: ControllerRunner | undefined;
  stop(): Promise<void>;
}

/**
 * `spillway up`'s parts in real time: the embedded cluster, its API server on loopback and the
 * controller over the in-process client (the same KubeClient contract as HTTP, minus the
 * sockets). Each part has its own Random stream from the seed, so adding one does not
 * change what the others draw.
 */
export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  const { clock, logger } = options;
  const loaded = await loadManifests(options.manifests, { recursive: false });
  if (loaded.issues.length > 0) {
    const first = loaded.issues[0];
    throw new Error(
      `cannot read manifests: ${first === undefined ? '' : `${first.file}:${first.position.line}: ${first.issue.message}`}`,
    );
  }
  const cluster = createCluster({ clock, random: new Random(options.seed), environments: options.environments });
  const applied = applyToStore(cluster.store, loaded.documents, {
    ...(options.shortGrace === true ? { adjust: withShortGrace } : {}),
  });
  cluster.start();
  let apiServer: RunningApiServer;
  try {
    apiServer = await startApiServer({
      store: cluster.store,
      clock,
      host: '127.0.0.1',
      port: options.port,
      onInternalError: (error) => logger.error({ err: error }, 'API server internal error'),
    });
  } catch (error) {
    cluster.stop();
    throw error;
  }
  let runner: ControllerRunner | undefined;
  if (options.controller) {
    runner = new ControllerRunner({
      client: new MemoryKubeClient(cluster.store),
      clock,
      random: new Random(options.seed + 1),
      logger,
      scaledObjectType: SCALED_OBJECTS,
      instance: 'spillway-up',
      ...(options.hpaSyncPeriodMs === undefined ? {} : { hpaSyncPeriodMs: options.hpaSyncPeriodMs }),
      ...(options.observer === undefined ? {} : { observer: options.observer }),
    });
    runner.start();
  }
  return {
    cluster,
    apiServer,
    applied,
    runner,
    async stop() {
      await runner?.stop();
      await apiServer.close();
      cluster.stop();
    },
  };
}
