import type { Node, NodeCondition } from 'kubernetes-types/core/v1.js';
import { formatTime } from '../lib/clock.js';
import { NODES } from '../kube/resources.js';
import type { Environment } from './environment-model.js';
import { ENVIRONMENT_LABEL, REGION_LABEL, RESIDENCY_LABEL } from './environment-model.js';
import type { ObjectStore } from './store.js';

export function nodeNames(environment: Environment): string[] {
  return Array.from({ length: environment.nodes.count }, (_, i) => `${environment.name}-${i}`);
}

/**
 * The nodes of an environment. Non-primary nodes carry a NoSchedule taint on the environment key,
 * so only pods whose RuntimeClass tolerates it (and selects the environment) land there.
 */
export function buildNodes(environment: Environment, nowMs: number): Node[] {
  return nodeNames(environment).map((name) => ({
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        [ENVIRONMENT_LABEL]: environment.name,
        ...(environment.region === undefined ? {} : { [REGION_LABEL]: environment.region }),
        ...(environment.residency === undefined ? {} : { [RESIDENCY_LABEL]: environment.residency }),
        ...environment.labels,
      },
    },
    spec: environment.primary
      ? {}
      : { taints: [{ key: ENVIRONMENT_LABEL, value: environment.name, effect: 'NoSchedule' }] },
    status: {
      capacity: { ...environment.nodes.allocatable },
      allocatable: { ...environment.nodes.allocatable },
      conditions: [readyCondition(true, nowMs)],
      nodeInfo: {
        architecture: 'amd64',
        bootID: '',
        containerRuntimeVersion: environment.runtimeClass === undefined ? 'containerd://1.7' : 'kata://3.x',
        kernelVersion: '',
        kubeProxyVersion: '',
        kubeletVersion: 'v1.30.0-spillway',
        machineID: '',
        operatingSystem: 'linux',
        osImage: 'spillway embedded',
        systemUUID: '',
      },
    },
  }));
}

export function readyCondition(ready: boolean, nowMs: number): NodeCondition {
  const time = formatTime(nowMs);
  return ready
    ? {
        type: 'Ready',
        status: 'True',
        reason: 'KubeletReady',
        message: 'kubelet is posting ready status',
        lastHeartbeatTime: time,
        lastTransitionTime: time,
      }
    : {
        type: 'Ready',
        status: 'False',
        reason: 'EnvironmentFailed',
        message: 'the environment is unreachable',
        lastHeartbeatTime: time,
        lastTransitionTime: time,
      };
}

export function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function createNodes(store: ObjectStore, environments: readonly Environment[]): void {
  for (const environment of environments) {
    for (const node of buildNodes(environment, store.clock.now())) {
      const created = store.create<Node>(NODES, node);
      store.updateStatus<Node>(NODES, { ...created, status: node.status ?? {} });
    }
  }
}

/** Flips every node of the environment Ready or NotReady (what failEnvironment/restoreEnvironment do). */
export function setEnvironmentReady(store: ObjectStore, environment: Environment, ready: boolean): void {
  for (const name of nodeNames(environment)) {
    const node = store.find<Node>(NODES, { name });
    if (node === undefined || isNodeReady(node) === ready) continue;
    const others = (node.status?.conditions ?? []).filter((c) => c.type !== 'Ready');
    store.updateStatus<Node>(NODES, {
      ...node,
      status: { ...node.status, conditions: [...others, readyCondition(ready, store.clock.now())] },
    });
  }
}
