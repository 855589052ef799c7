import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { Random } from '../lib/random.js';
import { DEPLOYMENTS, PODS } from '../kube/resources.js';
import type { Cluster } from './cluster.js';
import { createCluster } from './cluster.js';
import type { Environment } from './environment-model.js';
import { ENVIRONMENT_LABEL, PEER_PODS_VM } from './environment-model.js';

/** Fixed start-up latencies, so tests can name the exact second a pod turns Ready. */
export const TEST_ENVIRONMENTS: readonly Environment[] = [
  {
    name: 'on-prem',
    primary: true,
    labels: {},
    nodes: { count: 2, allocatable: { cpu: '2', memory: '4Gi', pods: '110' } },
    startup: { kind: 'fixed', ms: 2_000 },
    pricePerPodHour: 0,
    networkLatencyMs: 0,
  },
  {
    name: 'cloud',
    primary: false,
    labels: {},
    runtimeClass: { name: 'kata-remote', handler: 'kata-remote', overhead: { [PEER_PODS_VM]: '1', cpu: '250m' } },
    nodes: { count: 1, allocatable: { cpu: '64', memory: '256Gi', pods: '110', [PEER_PODS_VM]: '3' } },
    startup: { kind: 'fixed', ms: 45_000 },
    pricePerPodHour: 0.1,
    networkLatencyMs: 15,
  },
];

export function startCluster(options: { seed?: number; environments?: readonly Environment[] } = {}): {
  cluster: Cluster;
  clock: VirtualClock;
} {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1));
  const cluster = createCluster({
    clock,
    random: new Random(options.seed ?? 42),
    environments: options.environments ?? TEST_ENVIRONMENTS,
  });
  cluster.start();
  return { cluster, clock };
}

/** The seed article's Deployment shape: `app: my-web-app`, optionally through a RuntimeClass. */
export function seedDeployment(name: string, replicas: number, runtimeClassName?: string, cpu = '500m'): Deployment {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'my-web-app', tier: name } },
      template: {
        metadata: { labels: { app: 'my-web-app', tier: name } },
        spec: {
          ...(runtimeClassName === undefined ? {} : { runtimeClassName }),
          containers: [{ name: 'web', image: 'ghcr.io/mendhak/http-https-echo:34', resources: { requests: { cpu } } }],
        },
      },
    },
  };
}

export function podsOf(cluster: Cluster, tier: string): Pod[] {
  return cluster.store.list<Pod>(PODS, { namespace: 'default', labelSelector: `tier=${tier}` }).items;
}

export function environmentOf(pod: Pod): string | undefined {
  return pod.metadata?.labels?.[ENVIRONMENT_LABEL];
}

export function deploymentOf(cluster: Cluster, name: string): Deployment {
  return cluster.store.get<Deployment>(DEPLOYMENTS, { namespace: 'default', name });
}
