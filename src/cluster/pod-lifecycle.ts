import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.js';
import type { Cancel } from '../lib/clock.js';
import { formatTime, parseTime } from '../lib/clock.js';
import type { Random } from '../lib/random.js';
import { PODS } from '../kube/resources.js';
import type { Environment, StartupLatency } from './environment-model.js';
import { ENVIRONMENT_LABEL } from './environment-model.js';
import type { EventRecorder } from './event-recorder.js';
import type { ObjectStore } from './store.js';

interface PodTimers {
  startup?: Cancel;
  termination?: Cancel;
  spot?: Cancel;
}

export function sampleStartupMs(latency: StartupLatency, random: Random): number {
  return latency.kind === 'fixed' ? latency.ms : Math.max(0, random.logNormal(latency.medianMs, latency.sigma));
}

/**
 * The kubelet, per environment: a bound pod starts (ContainerCreating) and becomes Running and
 * Ready after the environment's sampled start-up latency; a deleted pod terminates for its grace
 * period and is then removed; spot environments interrupt pods at exponential intervals, with a
 * Warning Event first. All draws come from the seeded Random, in event order.
 */
export class PodLifecycle {
  private readonly handles: { stop(): void }[] = [];
  private readonly timers = new Map<string, PodTimers>();
  private readonly environments: ReadonlyMap<string, Environment>;

  constructor(
    private readonly store: ObjectStore,
    private readonly random: Random,
    private readonly recorder: EventRecorder,
    environments: readonly Environment[],
  ) {
    this.environments = new Map(environments.map((e) => [e.name, e]));
  }

  start(): void {
    this.handles.push(this.store.watch<Pod>(PODS, { copy: false }, (event) => this.observe(event.type, event.object)));
  }

  stop(): void {
    for (const handle of this.handles.splice(0)) handle.stop();
    for (const uid of [...this.timers.keys()]) this.clear(uid);
  }

  /** The environment failed: its pods are lost at once (their ReplicaSets replace them elsewhere or later). */
  loseEnvironmentPods(environment: string): void {
    const lost = this.store.scan<Pod>(PODS, { labelSelector: `${ENVIRONMENT_LABEL}=${environment}` });
    for (const pod of lost.filter((p) => (p.spec?.nodeName ?? '') !== '')) {
      this.recorder.record(pod, 'Warning', 'EnvironmentFailed', `Environment ${environment} is unreachable; pod lost`);
      this.forceDelete(pod);
    }
  }

  private observe(type: string, pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    if (type === 'DELETED') {
      this.clear(uid);
      return;
    }
    const timers = this.timers.get(uid) ?? {};
    this.timers.set(uid, timers);
    if (pod.metadata?.deletionTimestamp !== undefined) {
      if (timers.termination === undefined) {
        timers.startup?.();
        timers.spot?.();
        delete timers.startup;
        delete timers.spot;
        const dueMs = parseTime(pod.metadata.deletionTimestamp) ?? this.store.clock.now();
        timers.termination = this.store.clock.setTimer(dueMs - this.store.clock.now(), () => this.forceDelete(pod));
      }
      return;
    }
    const bound = (pod.spec?.nodeName ?? '') !== '';
    if (bound && pod.status?.phase === 'Pending' && timers.startup === undefined) this.beginStartup(pod, timers);
  }

  private beginStartup(pod: Pod, timers: PodTimers): void {
    const environment = this.environments.get(pod.metadata?.labels?.[ENVIRONMENT_LABEL] ?? '');
    const delayMs = environment === undefined ? 0 : sampleStartupMs(environment.startup, this.random);
    const ref = { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' };
    timers.startup = this.store.clock.setTimer(delayMs, () => this.becomeReady(ref));
    const rate = environment?.spotInterruptionsPerHour ?? 0;
    if (rate > 0) {
      const afterMs = this.random.exponential(3_600_000 / rate);
      timers.spot = this.store.clock.setTimer(afterMs, () => this.interrupt(ref, environment?.name ?? ''));
    }
    const now = formatTime(this.store.clock.now());
    this.writeStatus(ref, (status) => ({
      ...status,
      startTime: now,
      hostIP: nodeIp(pod.spec?.nodeName ?? ''),
      conditions: merge(status.conditions, [
        { type: 'Initialized', status: 'True', lastTransitionTime: now },
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: now },
        { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: now },
      ]),
      containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        ready: false,
        started: false,
        restartCount: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
      })),
    }));
  }

  private becomeReady(ref: { namespace: string; name: string }): void {
    const now = formatTime(this.store.clock.now());
    const octets = [Math.floor(this.random.next() * 256), 1 + Math.floor(this.random.next() * 254)];
    this.writeStatus(ref, (status, pod) => ({
      ...status,
      phase: 'Running',
      podIP: `10.244.${octets[0] ?? 0}.${octets[1] ?? 1}`,
      conditions: merge(status.conditions, [
        { type: 'Ready', status: 'True', lastTransitionTime: now },
        { type: 'ContainersReady', status: 'True', lastTransitionTime: now },
      ]),
      containerStatuses: (pod.spec?.containers ?? []).map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: { startedAt: now } },
      })),
    }));
  }

  private interrupt(ref: { namespace: string; name: string }, environment: string): void {
    const pod = this.store.peek<Pod>(PODS, ref);
    if (pod === undefined || pod.metadata?.deletionTimestamp !== undefined) return;
    this.recorder.record(
      pod,
      'Warning',
      'SpotInterruption',
      `Spot capacity in ${environment} was reclaimed; the pod's VM is being stopped`,
    );
    this.forceDelete(pod);
  }

  private forceDelete(pod: Pod): void {
    const ref = { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' };
    if (this.store.peek(PODS, ref) !== undefined) this.store.delete(PODS, ref, { gracePeriodSeconds: 0 });
  }

  private writeStatus(
    ref: { namespace: string; name: string },
    change: (status: PodStatus, pod: Pod) => PodStatus,
  ): void {
    const pod = this.store.peek<Pod>(PODS, ref);
    if (pod === undefined || pod.metadata?.deletionTimestamp !== undefined) return;
    this.store.updateStatus<Pod>(PODS, { ...pod, status: change(pod.status ?? {}, pod) });
  }

  private clear(uid: string): void {
    const timers = this.timers.get(uid);
    timers?.startup?.();
    timers?.termination?.();
    timers?.spot?.();
    this.timers.delete(uid);
  }
}

function merge(conditions: readonly PodCondition[] | undefined, updates: readonly PodCondition[]): PodCondition[] {
  const types = new Set(updates.map((u) => u.type));
  return [...(conditions ?? []).filter((c) => !types.has(c.type)), ...updates];
}

/** A stable per-node address, so `hostIP` is the same for every pod on a node. */
function nodeIp(nodeName: string): string {
  let hash = 0;
  for (let i = 0; i < nodeName.length; i++) hash = (hash * 31 + nodeName.charCodeAt(i)) >>> 0;
  return `192.168.${(hash >>> 8) % 256}.${1 + (hash % 254)}`;
}
