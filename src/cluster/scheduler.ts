import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.js';
import { formatTime } from '../lib/clock.js';
import { NODES, PODS } from '../kube/resources.js';
import { ENVIRONMENT_LABEL } from './environment-model.js';
import type { EventRecorder } from './event-recorder.js';
import { isNodeReady } from './nodes.js';
import { isActivePod, podRequests, replaceCondition } from './pod-helpers.js';
import type { ResourceAmounts } from './quantity.js';
import { addInto, fits, parseResources } from './quantity.js';
import type { ObjectStore } from './store.js';
import { compareStrings } from '../lib/compare-strings.js';

/**
 * Binds pending pods to nodes: node selector, taints/tolerations, readiness, and requests +
 * overhead against allocatable (for peer-pods that is the `kata.peerpods.io/vm` count). A pod that
 * fits nowhere stays Pending with PodScheduled=False/Unschedulable and one FailedScheduling Event,
 * and every pending pod is retried, oldest first, whenever a pod goes away or a node changes.
 */
export class Scheduler {
  private readonly handles: { stop(): void }[] = [];
  private passQueued = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly recorder: EventRecorder,
  ) {}

  start(): void {
    this.handles.push(
      this.store.watch<Pod>(PODS, { copy: false }, (event) => {
        const bound = (event.object.spec?.nodeName ?? '') !== '';
        if ((event.type === 'ADDED' && !bound) || (event.type === 'DELETED' && bound)) this.schedulePending();
      }),
      this.store.watch<Node>(NODES, { copy: false }, () => this.schedulePending()),
    );
  }

  stop(): void {
    for (const handle of this.handles.splice(0)) handle.stop();
  }

  /** Queues one pass over every pending pod, oldest first, after the current burst of events. */
  schedulePending(): void {
    if (this.passQueued) return;
    this.passQueued = true;
    this.store.whenIdle(() => {
      this.passQueued = false;
      this.pass();
    });
  }

  private pass(): void {
    const pods = this.store.scan<Pod>(PODS);
    const pending = pods
      .filter(
        (p) =>
          (p.spec?.nodeName ?? '') === '' &&
          p.metadata?.deletionTimestamp === undefined &&
          p.status?.phase === 'Pending',
      )
      .sort(
        (a, b) =>
          compareStrings(a.metadata?.creationTimestamp ?? '', b.metadata?.creationTimestamp ?? '') ||
          Number(a.metadata?.resourceVersion) - Number(b.metadata?.resourceVersion),
      );
    if (pending.length === 0) return;
    const nodes = [...this.store.scan<Node>(NODES)].sort((a, b) =>
      compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''),
    );
    const used = new Map<string, Record<string, number>>();
    const take = (nodeName: string, pod: Pod) => {
      const amounts = used.get(nodeName);
      if (amounts === undefined) used.set(nodeName, { ...podRequests(pod) });
      else addInto(amounts, podRequests(pod));
    };
    for (const pod of pods) {
      const nodeName = pod.spec?.nodeName ?? '';
      // Terminating pods still hold their resources until they are gone.
      if (nodeName === '' || (!isActivePod(pod) && pod.metadata?.deletionTimestamp === undefined)) continue;
      take(nodeName, pod);
    }
    // Pods that ask for the same thing fail alike until a binding changes what is free: with
    // hundreds of pending pods, each is not weighed against every node again.
    const failures = new Map<string, string>();
    for (const pod of pending) {
      const asks = schedulingKey(pod);
      const known = failures.get(asks);
      if (known !== undefined) {
        this.markUnschedulable(pod, known);
        continue;
      }
      const placement = choose(pod, nodes, used);
      if (placement.node === undefined) {
        const message = unschedulableMessage(placement.reasons, nodes.length);
        failures.set(asks, message);
        this.markUnschedulable(pod, message);
      } else {
        take(placement.node.metadata?.name ?? '', pod);
        failures.clear();
        this.bind(pod, placement.node);
      }
    }
  }

  private bind(pod: Pod, node: Node): void {
    const ref = { namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '' };
    const environment = node.metadata?.labels?.[ENVIRONMENT_LABEL] ?? '';
    const bound = this.store.bindPod<Pod>(ref, {
      nodeName: node.metadata?.name ?? '',
      labels: { [ENVIRONMENT_LABEL]: environment },
    });
    this.recorder.record(
      bound,
      'Normal',
      'Scheduled',
      `Successfully assigned ${ref.namespace}/${ref.name} to ${node.metadata?.name ?? ''}`,
    );
  }

  private markUnschedulable(pod: Pod, message: string): void {
    const previous = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (previous?.status === 'False' && previous.message === message) return;
    const conditions = replaceCondition(pod.status?.conditions, {
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message,
      lastTransitionTime: formatTime(this.store.clock.now()),
    });
    const updated = this.store.updateStatus<Pod>(PODS, { ...pod, status: { ...pod.status, conditions } });
    this.recorder.record(updated, 'Warning', 'FailedScheduling', message);
  }
}

interface Placement {
  readonly node?: Node;
  readonly reasons: Map<string, number>;
}

function unschedulableMessage(reasons: ReadonlyMap<string, number>, nodeCount: number): string {
  const detail = [...reasons.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
  return `0/${nodeCount} nodes are available: ${detail}.`;
}

const schedulingKeys = new WeakMap<Pod, string>();

/** Everything choose() looks at in a pod, as a string; worked out once per stored (frozen) pod. */
function schedulingKey(pod: Pod): string {
  let key = schedulingKeys.get(pod);
  if (key === undefined) {
    key = JSON.stringify([podRequests(pod), pod.spec?.nodeSelector ?? {}, pod.spec?.tolerations ?? []]);
    if (Object.isFrozen(pod)) schedulingKeys.set(pod, key);
  }
  return key;
}

const allocatables = new WeakMap<object, ResourceAmounts>();

/** A node's allocatable resources, parsed once per stored (frozen) status. */
function allocatableOf(node: Node): ResourceAmounts {
  const list = node.status?.allocatable;
  if (list === undefined || !Object.isFrozen(list)) return parseResources(list);
  let parsed = allocatables.get(list);
  if (parsed === undefined) {
    parsed = parseResources(list);
    allocatables.set(list, parsed);
  }
  return parsed;
}

/**
 * The feasible node with the most free CPU share (then by name), or why each node was rejected.
 * `nodes` are sorted by name.
 */
function choose(pod: Pod, nodes: readonly Node[], used: ReadonlyMap<string, ResourceAmounts>): Placement {
  const reasons = new Map<string, number>();
  const reject = (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  const request = podRequests(pod);
  let best: { node: Node; score: number } | undefined;
  for (const node of nodes) {
    if (!isNodeReady(node)) {
      reject('node(s) were not ready');
      continue;
    }
    const selector = pod.spec?.nodeSelector ?? {};
    if (!Object.entries(selector).every(([k, v]) => node.metadata?.labels?.[k] === v)) {
      reject("node(s) didn't match Pod's node affinity/selector");
      continue;
    }
    const untolerated = (node.spec?.taints ?? []).find(
      (t) => isBlocking(t) && !tolerates(pod.spec?.tolerations ?? [], t),
    );
    if (untolerated !== undefined) {
      reject(`node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}`);
      continue;
    }
    const allocatable = allocatableOf(node);
    const inUse = used.get(node.metadata?.name ?? '') ?? {};
    const free: Record<string, number> = {};
    for (const [name, value] of Object.entries(allocatable)) free[name] = value - (inUse[name] ?? 0);
    if (!fits(request, free)) {
      for (const [name, value] of Object.entries(request))
        if (Math.round(value * 1000) > Math.round((free[name] ?? 0) * 1000))
          reject(name === 'pods' ? 'Too many pods' : `Insufficient ${name}`);
      continue;
    }
    const cpu = allocatable['cpu'] ?? 0;
    const score = cpu > 0 ? (free['cpu'] ?? 0) / cpu : 0;
    if (best === undefined || score > best.score) best = { node, score };
  }
  return best === undefined ? { reasons } : { node: best.node, reasons };
}

function isBlocking(taint: Taint): boolean {
  return taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
}

function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => {
    if (t.effect !== undefined && t.effect !== '' && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}
