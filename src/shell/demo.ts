import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Cluster } from '../cluster/cluster.js';
import { formatDuration } from '../lib/duration.js';
import { DEPLOYMENTS } from '../kube/resources.js';

export interface DemoOptions {
  readonly cluster: Cluster;
  readonly namespace: string;
  /** Each step of the walkthrough must finish within this long. */
  readonly stepTimeoutMs: number;
  readonly write: (line: string) => void;
}

export interface DemoResult {
  readonly ok: boolean;
  /** The step that timed out, when not ok. */
  readonly failedStep?: string;
}

const POLL_MS = 200;

/**
 * The seed walkthrough, done by itself: scale on-prem 1→3 and wait for remote 0→1 with a Ready
 * pod outside the primary environment; scale on-prem 3→2 and wait for remote back to 0. Writes go
 * through the store's scale path, as `kubectl scale` does over HTTP.
 */
export async function runSeedDemo(options: DemoOptions): Promise<DemoResult> {
  const { cluster, namespace, write } = options;
  const { store, clock } = cluster;
  const deployment = (name: string) => store.find<Deployment>(DEPLOYMENTS, { namespace, name });
  const replicasOf = (name: string) => deployment(name)?.spec?.replicas ?? 0;
  const remoteReady = () =>
    cluster.summary().environments.some((env) => !isPrimary(cluster, env.environment) && env.ready > 0);

  const step = async (title: string, check: () => boolean): Promise<boolean> => {
    write(`==> ${title}`);
    const started = clock.now();
    while (!check()) {
      if (clock.now() - started > options.stepTimeoutMs) {
        write(`!!  timed out after ${formatDuration(options.stepTimeoutMs)}: ${title}`);
        return false;
      }
      await clock.sleep(POLL_MS);
    }
    write(`ok  ${title} (${formatDuration(Math.round((clock.now() - started) / 1000) * 1000)})`);
    return true;
  };
  const scale = (name: string, replicas: number) => {
    write(`$ kubectl scale --replicas=${replicas} deployment/${name}`);
    store.mergePatch(DEPLOYMENTS, { namespace, name }, { spec: { replicas } });
  };

  if (deployment('on-prem') === undefined || deployment('remote') === undefined) {
    write('!!  the demo needs the seed Deployments on-prem and remote (examples/seed)');
    return { ok: false, failedStep: 'seed' };
  }
  const steps: [string, () => void, () => boolean][] = [
    ['on-prem has 1 ready pod', () => undefined, () => (deployment('on-prem')?.status?.readyReplicas ?? 0) >= 1],
    ['remote scales 0→1', () => scale('on-prem', 3), () => replicasOf('remote') === 1],
    ['a remote pod is Ready (cloud start-up latency)', () => undefined, remoteReady],
    ['remote scales back to 0 (after the cooldown)', () => scale('on-prem', 2), () => replicasOf('remote') === 0],
  ];
  for (const [title, act, check] of steps) {
    act();
    if (!(await step(title, check))) return { ok: false, failedStep: title };
  }
  return { ok: true };
}

function isPrimary(cluster: Cluster, environment: string): boolean {
  return cluster.environments.find((e) => e.name === environment)?.primary ?? false;
}
