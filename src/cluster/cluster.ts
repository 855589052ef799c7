import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../lib/clock.js';
import type { Random } from '../lib/random.js';
import { PODS } from '../kube/resources.js';
import { DeploymentController } from './deployment-controller.js';
import { EndpointController } from './endpoint-controller.js';
import type { Environment } from './environment-model.js';
import { DEFAULT_ENVIRONMENTS, ENVIRONMENT_LABEL } from './environment-model.js';
import { EventExpiry } from './event-expiry.js';
import { EventRecorder } from './event-recorder.js';
import type { EnvironmentBill } from './meter.js';
import { Meter } from './meter.js';
import { createNodes, setEnvironmentReady } from './nodes.js';
import { isPodReady } from './pod-helpers.js';
import { PodLifecycle } from './pod-lifecycle.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { createRuntimeClasses, installRuntimeClassAdmission } from './runtime-classes.js';
import { Scheduler } from './scheduler.js';
import { ObjectStore } from './store.js';

export interface ClusterOptions {
  readonly clock: Clock;
  readonly random: Random;
  /** Default: DEFAULT_ENVIRONMENTS (on-prem, cloud via kata-remote, cloud-spot via kata-remote-spot). */
  readonly environments?: readonly Environment[];
  /** Watch history length (default 10,000 events). */
  readonly historyLimit?: number;
}

export interface EnvironmentSummary {
  readonly environment: string;
  readonly failed: boolean;
  /** Pod counts by phase (`Pending`, `Running`, `Terminating`, …), bound to this environment. */
  readonly pods: Readonly<Record<string, number>>;
  readonly ready: number;
}

export interface ClusterSummary {
  readonly environments: readonly EnvironmentSummary[];
  /** Pods no environment has taken yet (Pending, unschedulable or waiting). */
  readonly unscheduled: number;
  readonly bills: readonly EnvironmentBill[];
}

export interface Cluster {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly environments: readonly Environment[];
  readonly meter: Meter;
  start(): void;
  stop(): void;
  /** The environment's nodes go NotReady: its pods are lost and nothing is placed there until restored. */
  failEnvironment(name: string): void;
  restoreEnvironment(name: string): void;
  summary(): ClusterSummary;
}

/**
 * The embedded multi-environment cluster: the store plus the controllers a real control plane and
 * kubelets would run, all reacting to store watches and timing through the Clock. Nodes and
 * RuntimeClasses exist as soon as it is created; controllers run between start() and stop().
 */
export function createCluster(options: ClusterOptions): Cluster {
  const { clock, random } = options;
  const environments = options.environments ?? DEFAULT_ENVIRONMENTS;
  const store = new ObjectStore({
    clock,
    random,
    ...(options.historyLimit === undefined ? {} : { historyLimit: options.historyLimit }),
  });
  installRuntimeClassAdmission(store);
  createNodes(store, environments);
  createRuntimeClasses(store, environments);
  // The control plane only reads what the store hands it, so it gets the frozen objects, not copies.
  const internal = store.withoutCopies();
  const recorder = (component: string) => new EventRecorder(internal, component);
  const lifecycle = new PodLifecycle(internal, random, recorder('kubelet'), environments);
  const meter = new Meter(internal, environments);
  const controllers = [
    meter,
    new Scheduler(internal, recorder('default-scheduler')),
    lifecycle,
    new DeploymentController(internal, recorder('deployment-controller')),
    new ReplicaSetController(internal, recorder('replicaset-controller')),
    new EndpointController(internal),
    new EventExpiry(internal),
  ];
  const failed = new Set<string>();
  const environment = (name: string): Environment => {
    const found = environments.find((e) => e.name === name);
    if (found === undefined)
      throw new RangeError(`unknown environment "${name}" (known: ${environments.map((e) => e.name).join(', ')})`);
    return found;
  };
  return {
    store,
    clock,
    environments,
    meter,
    start: () => controllers.forEach((c) => c.start()),
    stop: () => [...controllers].reverse().forEach((c) => c.stop()),
    failEnvironment(name) {
      const env = environment(name);
      failed.add(name);
      setEnvironmentReady(store, env, false);
      lifecycle.loseEnvironmentPods(name);
    },
    restoreEnvironment(name) {
      failed.delete(name);
      setEnvironmentReady(store, environment(name), true);
    },
    summary: () => summarize(store, environments, failed, meter),
  };
}

function summarize(
  store: ObjectStore,
  environments: readonly Environment[],
  failed: ReadonlySet<string>,
  meter: Meter,
): ClusterSummary {
  const pods = store.scan<Pod>(PODS);
  const phaseOf = (pod: Pod) =>
    pod.metadata?.deletionTimestamp !== undefined ? 'Terminating' : (pod.status?.phase ?? 'Pending');
  return {
    environments: environments.map((env) => {
      const mine = pods.filter(
        (p) => (p.spec?.nodeName ?? '') !== '' && p.metadata?.labels?.[ENVIRONMENT_LABEL] === env.name,
      );
      const counts: Record<string, number> = {};
      for (const pod of mine) counts[phaseOf(pod)] = (counts[phaseOf(pod)] ?? 0) + 1;
      return {
        environment: env.name,
        failed: failed.has(env.name),
        pods: counts,
        ready: mine.filter(isPodReady).length,
      };
    }),
    unscheduled: pods.filter((p) => (p.spec?.nodeName ?? '') === '').length,
    bills: meter.bills(),
  };
}
