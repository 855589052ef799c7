import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { SystemClock } from '../lib/clock.js';
import { Random } from '../lib/random.js';
import { HttpKubeClient } from '../kube/http/http-kube-client.js';
import { loadKubeConfig } from '../kube/http/kubeconfig.js';
import { SCALED_OBJECTS, SPILLWAY_SCALED_OBJECTS } from '../kube/resources.js';
import type { ListenAddress } from './address.js';
import { ControllerRunner } from './controller-runner.js';
import type { LeaderElectionSettings } from './controller-runner.js';
import { combineObservers, createControllerMetrics } from './metrics.js';
import { logObserver } from './log-observer.js';
import type { RunningServer } from './servers.js';
import { startHealthServer, startMetricsServer } from './servers.js';

export interface RunLiveOptions {
  readonly logger: Logger;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly inCluster?: boolean;
  readonly namespace?: string;
  readonly kedaCompat: boolean;
  readonly hpaSyncPeriodMs?: number;
  readonly metricsAddress: ListenAddress | 'off';
  readonly healthAddress: ListenAddress | 'off';
  readonly serverTokenFile?: string;
  readonly leaderElection?: Omit<LeaderElectionSettings, 'identity'> & { readonly identity?: string };
}

export interface RunningLive {
  /** Stops the controller, releases the Lease, closes the servers. */
  stop(): Promise<void>;
}

/** `spillway run`: the controller against a cluster over HTTP, with metrics, health and leader election. */
export async function startLive(options: RunLiveOptions): Promise<RunningLive> {
  const { logger } = options;
  const clock = new SystemClock();
  // Live runs need no replay, so the seed comes from the OS rather than a flag.
  const seed = randomBytes(4).readUInt32LE(0);
  const kc = loadKubeConfig({
    ...(options.kubeconfig === undefined ? {} : { kubeconfig: options.kubeconfig }),
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.inCluster === true ? { inCluster: true } : {}),
  });
  const server = kc.getCurrentCluster()?.server ?? '(none)';
  const client = new HttpKubeClient(kc, { clock, random: new Random(seed) });
  const metrics = createControllerMetrics({ defaultMetrics: true });
  const token =
    options.serverTokenFile === undefined ? undefined : (await readFile(options.serverTokenFile, 'utf8')).trim();
  const instance = options.leaderElection?.identity ?? `${hostname()}_${randomBytes(4).toString('hex')}`;
  const runner = new ControllerRunner({
    client,
    clock,
    random: new Random(seed + 1),
    logger,
    scaledObjectType: options.kedaCompat ? SCALED_OBJECTS : SPILLWAY_SCALED_OBJECTS,
    instance,
    observer: combineObservers(metrics.observer, logObserver(logger)),
    onLeadershipChange: (isLeader) => metrics.setLeader(isLeader),
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    ...(options.hpaSyncPeriodMs === undefined ? {} : { hpaSyncPeriodMs: options.hpaSyncPeriodMs }),
    ...(options.leaderElection === undefined
      ? {}
      : { leaderElection: { ...options.leaderElection, identity: instance } }),
  });
  const servers: RunningServer[] = [];
  const closeServers = () => Promise.all(servers.map((s) => s.close()));
  try {
    if (options.metricsAddress !== 'off') {
      const s = await startMetricsServer({
        address: options.metricsAddress,
        registry: metrics.registry,
        ...tokenOf(token),
      });
      servers.push(s);
      logger.info({ url: `${s.url}/metrics` }, 'serving metrics');
    }
    if (options.healthAddress !== 'off') {
      const s = await startHealthServer({
        address: options.healthAddress,
        isReady: () => runner.isReady(),
        ...tokenOf(token),
      });
      servers.push(s);
      logger.info({ url: `${s.url}/healthz`, readyz: `${s.url}/readyz` }, 'serving health checks');
    }
  } catch (error) {
    await closeServers();
    throw error;
  }
  logger.info(
    {
      server,
      kedaCompat: options.kedaCompat,
      namespace: options.namespace ?? '(all)',
      leaderElect: options.leaderElection !== undefined,
      identity: instance,
    },
    'spillway run starting',
  );
  runner.start();
  return {
    async stop() {
      await runner.stop();
      await closeServers();
    },
  };
}

function tokenOf(token: string | undefined): { token?: string } {
  return token === undefined ? {} : { token };
}
