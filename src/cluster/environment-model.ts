/** How long a pod takes from placement to Ready in an environment. */
export type StartupLatency =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'logNormal'; readonly medianMs: number; readonly sigma: number };

/** The RuntimeClass through which pods reach a remote environment (peer-pods' `kata-remote`). */
export interface EnvironmentRuntimeClass {
  readonly name: string;
  readonly handler: string;
  /** Added to every pod's `spec.overhead`; for peer-pods this includes `kata.peerpods.io/vm: 1`. */
  readonly overhead: Readonly<Record<string, string>>;
}

export interface EnvironmentNodes {
  readonly count: number;
  /** Allocatable per node, as Kubernetes quantities (`cpu: "4"`, `memory: 16Gi`, `kata.peerpods.io/vm: "10"`). */
  readonly allocatable: Readonly<Record<string, string>>;
}

/**
 * One place pods can run. The primary one takes pods without a RuntimeClass; every other one is
 * reached through its RuntimeClass, whose node selector and toleration steer pods to its nodes.
 */
export interface Environment {
  readonly name: string;
  readonly primary: boolean;
  readonly region?: string;
  readonly residency?: string;
  /** Extra labels put on the environment's nodes. */
  readonly labels: Readonly<Record<string, string>>;
  readonly runtimeClass?: EnvironmentRuntimeClass;
  readonly nodes: EnvironmentNodes;
  readonly startup: StartupLatency;
  readonly pricePerPodHour: number;
  /** Mean spot interruptions per pod-hour; absent or 0 for on-demand capacity. */
  readonly spotInterruptionsPerHour?: number;
  /** One-way network latency to the primary environment, for the traffic model. */
  readonly networkLatencyMs: number;
}

/** Node label naming the environment; also the key RuntimeClasses select and taint on. */
export const ENVIRONMENT_LABEL = 'spillway.io/environment';
export const REGION_LABEL = 'topology.kubernetes.io/region';
export const RESIDENCY_LABEL = 'spillway.io/residency';
/** peer-pods' extended resource: one per pod VM, limited per node. */
export const PEER_PODS_VM = 'kata.peerpods.io/vm';

/** The seed article's world: three on-prem nodes, cloud VMs through kata-remote, and a spot tier. */
export const DEFAULT_ENVIRONMENTS: readonly Environment[] = [
  {
    name: 'on-prem',
    primary: true,
    region: 'dc-1',
    residency: 'eu',
    labels: {},
    nodes: { count: 3, allocatable: { cpu: '4', memory: '16Gi', pods: '110' } },
    startup: { kind: 'logNormal', medianMs: 2_000, sigma: 0.3 },
    pricePerPodHour: 0,
    networkLatencyMs: 0,
  },
  {
    name: 'cloud',
    primary: false,
    region: 'eu-west-1',
    residency: 'eu',
    labels: {},
    runtimeClass: { name: 'kata-remote', handler: 'kata-remote', overhead: { [PEER_PODS_VM]: '1' } },
    nodes: { count: 1, allocatable: { cpu: '64', memory: '256Gi', pods: '110', [PEER_PODS_VM]: '10' } },
    startup: { kind: 'logNormal', medianMs: 45_000, sigma: 0.35 },
    pricePerPodHour: 0.1,
    networkLatencyMs: 15,
  },
  {
    name: 'cloud-spot',
    primary: false,
    region: 'eu-west-1',
    residency: 'eu',
    labels: {},
    runtimeClass: { name: 'kata-remote-spot', handler: 'kata-remote', overhead: { [PEER_PODS_VM]: '1' } },
    nodes: { count: 1, allocatable: { cpu: '64', memory: '256Gi', pods: '110', [PEER_PODS_VM]: '10' } },
    startup: { kind: 'logNormal', medianMs: 50_000, sigma: 0.4 },
    pricePerPodHour: 0.03,
    spotInterruptionsPerHour: 0.2,
    networkLatencyMs: 15,
  },
];
