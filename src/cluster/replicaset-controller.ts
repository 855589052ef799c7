import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import type { Cancel } from '../lib/clock.js';
import { KubeError } from '../kube/errors.js';
import { PODS, REPLICA_SETS } from '../kube/resources.js';
import type { EventRecorder } from './event-recorder.js';
import { OwnWrites } from './own-writes.js';
import { ReconcileQueue } from './reconcile-queue.js';
import { controllerOf, createdMs, isActivePod, isPodReady, ownerReference } from './pod-helpers.js';
import type { ObjectStore } from './store.js';
import { compareStrings } from '../lib/compare-strings.js';

const CREATE_RETRY_MS = 10_000;

/**
 * Keeps each ReplicaSet's pod count at `spec.replicas`: creates `<rs>-<suffix>` pods from the
 * template, replaces lost ones, and on scale-down deletes the pods that matter least first
 * (unscheduled, then pending, then not ready, then the newest), as the real controller ranks them.
 */
export class ReplicaSetController {
  private readonly handles: { stop(): void }[] = [];
  private readonly retries = new Map<string, Cancel>();
  private readonly queue: ReconcileQueue;
  private readonly ownStatusWrites = new OwnWrites();
  /** Pods this controller created or deleted: reconcile counted them already, so their echoes change nothing. */
  private readonly ownPodWrites = new OwnWrites();
  /** What reconcile last could have seen of each pod with a ReplicaSet owner, by pod uid. */
  private readonly podViews = new Map<string, PodView>();

  constructor(
    private readonly store: ObjectStore,
    private readonly recorder: EventRecorder,
  ) {
    this.queue = new ReconcileQueue(store, (namespace, name) => this.reconcile(namespace, name));
  }

  start(): void {
    this.handles.push(
      this.store.watch<ReplicaSet>(REPLICA_SETS, { copy: false }, (event) => {
        if (event.type === 'DELETED') return;
        const namespace = event.object.metadata?.namespace ?? '';
        const name = event.object.metadata?.name ?? '';
        // A pending retry still wants the reconcile its own status write brings (as it always has).
        if (this.ownStatusWrites.isOwn(event.object) && !this.retries.has(`${namespace}/${name}`)) return;
        this.queue.request(namespace, name);
      }),
      this.store.watch<Pod>(PODS, { copy: false }, (event) => {
        const changed = this.podChanged(event.type, event.object);
        const owner = controllerOf(event.object, 'ReplicaSet');
        if (owner !== undefined && changed) this.queue.request(event.object.metadata?.namespace ?? '', owner.name);
      }),
    );
  }

  stop(): void {
    for (const handle of this.handles.splice(0)) handle.stop();
    for (const cancel of this.retries.values()) cancel();
    this.retries.clear();
    this.podViews.clear();
  }

  /**
   * Whether the pod event can change what reconcile does. Reconcile counts a ReplicaSet's active
   * pods and which of them are ready, and leaves the count at spec.replicas (or has a retry
   * pending), so an event that changes neither (bound, container starting, an inactive pod gone)
   * or echoes its own create or delete (already counted) would reconcile to the same state: that
   * was every other ReplicaSet reconcile of a busy day. A ReplicaSet waiting for a create retry
   * reconciles on every event of its pods, as it always has.
   */
  private podChanged(type: string, pod: Pod): boolean {
    const uid = pod.metadata?.uid ?? '';
    const before = this.podViews.get(uid);
    const after = type === 'DELETED' ? undefined : podView(pod);
    if (after === undefined) this.podViews.delete(uid);
    else this.podViews.set(uid, after);
    const retrying = this.retries.has(`${pod.metadata?.namespace ?? ''}/${(after ?? before)?.ownerName ?? ''}`);
    if (retrying) return true;
    if (this.ownPodWrites.isOwn(pod)) return false;
    // Only active pods are counted, and only theirs is readiness looked at.
    const counted = (view: PodView | undefined) => view !== undefined && view.active;
    if (!counted(before) && !counted(after)) return false;
    return (
      !counted(before) || !counted(after) || before?.ownerUid !== after?.ownerUid || before?.ready !== after?.ready
    );
  }

  reconcile(namespace: string, name: string): void {
    const rs = this.store.peek<ReplicaSet>(REPLICA_SETS, { namespace, name });
    if (rs === undefined || rs.metadata?.deletionTimestamp !== undefined) return;
    const uid = rs.metadata?.uid;
    const owned = this.store.ownedBy<Pod>(PODS, uid ?? '').filter((p) => controllerOf(p, 'ReplicaSet')?.uid === uid);
    let active = owned.filter(isActivePod);
    const desired = rs.spec?.replicas ?? 1;
    if (active.length < desired) {
      for (let i = active.length; i < desired; i++) {
        if (!this.createPod(rs)) break;
      }
    } else if (active.length > desired) {
      for (const pod of rankForDeletion(active).slice(0, active.length - desired)) {
        this.ownPodWrites.remember(pod, this.store.delete<Pod>(PODS, { namespace, name: pod.metadata?.name ?? '' }));
        this.recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name ?? ''}`);
      }
    }
    const latest = this.store.peek<ReplicaSet>(REPLICA_SETS, { namespace, name });
    if (latest === undefined) return;
    active = this.store
      .ownedBy<Pod>(PODS, uid ?? '')
      .filter((p) => controllerOf(p, 'ReplicaSet')?.uid === uid && isActivePod(p));
    const ready = active.filter(isPodReady).length;
    const stored = this.store.updateStatus<ReplicaSet>(REPLICA_SETS, {
      ...latest,
      status: {
        replicas: active.length,
        fullyLabeledReplicas: active.length,
        readyReplicas: ready,
        availableReplicas: ready,
        observedGeneration: latest.metadata?.generation ?? 1,
      },
    });
    this.ownStatusWrites.remember(latest, stored);
  }

  private createPod(rs: ReplicaSet): boolean {
    const template = rs.spec?.template;
    const namespace = rs.metadata?.namespace ?? 'default';
    const rsName = rs.metadata?.name ?? '';
    try {
      const pod = this.store.create<Pod>(PODS, {
        metadata: {
          generateName: `${rsName}-`,
          namespace,
          labels: { ...(template?.metadata?.labels ?? {}) },
          ...(template?.metadata?.annotations === undefined
            ? {}
            : { annotations: { ...template.metadata.annotations } }),
          ownerReferences: [ownerReference(rs, 'apps/v1', 'ReplicaSet')],
        },
        spec: template?.spec ?? { containers: [] },
      });
      this.ownPodWrites.remember({}, pod);
      this.recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata?.name ?? ''}`);
      return true;
    } catch (error) {
      if (!(error instanceof KubeError)) throw error;
      this.recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: ${error.message}`);
      this.retryLater(namespace, rsName);
      return false;
    }
  }

  private retryLater(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    if (this.retries.has(key)) return;
    this.retries.set(
      key,
      this.store.clock.setTimer(CREATE_RETRY_MS, () => {
        this.retries.delete(key);
        this.reconcile(namespace, name);
      }),
    );
  }
}

/** What a ReplicaSet's reconcile reads of one of its pods, apart from what only ranks pods for deletion. */
interface PodView {
  readonly ownerUid: string | undefined;
  readonly ownerName: string | undefined;
  readonly active: boolean;
  readonly ready: boolean;
}

function podView(pod: Pod): PodView {
  const owner = controllerOf(pod, 'ReplicaSet');
  return {
    ownerUid: owner?.uid,
    ownerName: owner?.name,
    active: isActivePod(pod),
    ready: isPodReady(pod),
  };
}

/** Least valuable first: unscheduled < pending < not ready < ready; then newer before older. */
export function rankForDeletion(pods: readonly Pod[]): Pod[] {
  const score = (pod: Pod): number => {
    if (pod.spec?.nodeName === undefined || pod.spec.nodeName === '') return 0;
    if (pod.status?.phase === 'Pending') return 1;
    return isPodReady(pod) ? 3 : 2;
  };
  return [...pods].sort(
    (a, b) =>
      score(a) - score(b) ||
      createdMs(b) - createdMs(a) ||
      compareStrings(b.metadata?.name ?? '', a.metadata?.name ?? ''),
  );
}
