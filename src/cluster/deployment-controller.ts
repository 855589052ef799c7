import type { Deployment, DeploymentCondition, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { formatTime } from '../lib/clock.js';
import { DEPLOYMENTS, REPLICA_SETS } from '../kube/resources.js';
import type { EventRecorder } from './event-recorder.js';
import { OwnWrites } from './own-writes.js';
import { ReconcileQueue } from './reconcile-queue.js';
import { controllerOf, ownerReference } from './pod-helpers.js';
import type { ObjectStore } from './store.js';
import { templateHash } from './template-hash.js';

const HASH_LABEL = 'pod-template-hash';
const REVISION = 'deployment.kubernetes.io/revision';

/**
 * Deployment → ReplicaSet `<deployment>-<template hash>`. A template change creates a new
 * ReplicaSet and scales the old ones to zero at once (no surge pacing); scaling writes through to
 * the current ReplicaSet. Status sums the ReplicaSets' pods.
 */
export class DeploymentController {
  private readonly handles: { stop(): void }[] = [];
  private readonly queue: ReconcileQueue;
  private readonly ownStatusWrites = new OwnWrites();
  /** ReplicaSets this controller created or scaled: reconcile read them back already. */
  private readonly ownReplicaSetWrites = new OwnWrites();
  /** What reconcile last could have seen of each ReplicaSet, by uid. */
  private readonly replicaSetViews = new Map<string, ReplicaSetView>();

  constructor(
    private readonly store: ObjectStore,
    private readonly recorder: EventRecorder,
  ) {
    this.queue = new ReconcileQueue(store, (namespace, name) => this.reconcile(namespace, name));
  }

  start(): void {
    this.handles.push(
      this.store.watch<Deployment>(DEPLOYMENTS, { copy: false }, (event) => {
        if (event.type !== 'DELETED' && !this.ownStatusWrites.isOwn(event.object))
          this.queue.request(event.object.metadata?.namespace ?? '', event.object.metadata?.name ?? '');
      }),
      this.store.watch<ReplicaSet>(REPLICA_SETS, { copy: false }, (event) => {
        const changed = this.replicaSetChanged(event.type, event.object);
        const owner = controllerOf(event.object, 'Deployment');
        if (owner !== undefined && changed) this.queue.request(event.object.metadata?.namespace ?? '', owner.name);
      }),
    );
  }

  stop(): void {
    for (const handle of this.handles.splice(0)) handle.stop();
    this.replicaSetViews.clear();
  }

  /**
   * Whether the ReplicaSet event can change what reconcile does: it reads a ReplicaSet's owner,
   * template hash, spec.replicas and pod counts, and leaves every ReplicaSet scaled as it should
   * be and the status summing them, so a write that changes none of those (observedGeneration,
   * fullyLabeledReplicas) or echoes its own create or scale (read back before the status was
   * written) would reconcile to the same state.
   */
  private replicaSetChanged(type: string, rs: ReplicaSet): boolean {
    const uid = rs.metadata?.uid ?? '';
    const before = this.replicaSetViews.get(uid);
    const after = type === 'DELETED' ? undefined : replicaSetView(rs);
    if (after === undefined) this.replicaSetViews.delete(uid);
    else this.replicaSetViews.set(uid, after);
    if (this.ownReplicaSetWrites.isOwn(rs)) return false;
    if (before === undefined || after === undefined) return true;
    return (
      before.ownerUid !== after.ownerUid ||
      before.hash !== after.hash ||
      before.desired !== after.desired ||
      before.replicas !== after.replicas ||
      before.ready !== after.ready ||
      before.available !== after.available
    );
  }

  reconcile(namespace: string, name: string): void {
    const deployment = this.store.peek<Deployment>(DEPLOYMENTS, { namespace, name });
    if (
      deployment === undefined ||
      deployment.metadata?.deletionTimestamp !== undefined ||
      deployment.spec === undefined
    )
      return;
    const uid = deployment.metadata?.uid;
    const desired = deployment.spec.replicas ?? 1;
    const hash = templateHash(deployment.spec.template);
    const owned = () =>
      this.store
        .ownedBy<ReplicaSet>(REPLICA_SETS, uid ?? '')
        .filter((rs) => controllerOf(rs, 'Deployment')?.uid === uid);
    const current = owned().find((rs) => rs.metadata?.labels?.[HASH_LABEL] === hash);
    if (current === undefined) this.createReplicaSet(deployment, hash, desired, owned().length + 1);
    else if ((current.spec?.replicas ?? 0) !== desired) {
      this.ownReplicaSetWrites.remember(
        current,
        this.store.mergePatch<ReplicaSet>(
          REPLICA_SETS,
          { namespace, name: current.metadata?.name ?? '' },
          { spec: { replicas: desired } },
        ),
      );
      this.recorder.record(
        deployment,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${desired > (current.spec?.replicas ?? 0) ? 'up' : 'down'} replica set ${current.metadata?.name ?? ''} from ${current.spec?.replicas ?? 0} to ${desired}`,
      );
    }
    for (const old of owned()) {
      if (old.metadata?.labels?.[HASH_LABEL] === hash || (old.spec?.replicas ?? 0) === 0) continue;
      this.ownReplicaSetWrites.remember(
        old,
        this.store.mergePatch<ReplicaSet>(
          REPLICA_SETS,
          { namespace, name: old.metadata?.name ?? '' },
          { spec: { replicas: 0 } },
        ),
      );
      this.recorder.record(
        deployment,
        'Normal',
        'ScalingReplicaSet',
        `Scaled down replica set ${old.metadata?.name ?? ''} from ${old.spec?.replicas ?? 0} to 0`,
      );
    }
    this.writeStatus(namespace, name, hash);
  }

  private createReplicaSet(deployment: Deployment, hash: string, replicas: number, revision: number): void {
    const spec = deployment.spec;
    if (spec === undefined) return;
    const name = `${deployment.metadata?.name ?? ''}-${hash}`;
    const labels = { ...(spec.template.metadata?.labels ?? {}), [HASH_LABEL]: hash };
    const created = this.store.create<ReplicaSet>(REPLICA_SETS, {
      metadata: {
        name,
        namespace: deployment.metadata?.namespace ?? 'default',
        labels,
        annotations: { [REVISION]: String(revision) },
        ownerReferences: [ownerReference(deployment, 'apps/v1', 'Deployment')],
      },
      spec: {
        replicas,
        selector: { ...spec.selector, matchLabels: { ...(spec.selector.matchLabels ?? {}), [HASH_LABEL]: hash } },
        template: { ...spec.template, metadata: { ...(spec.template.metadata ?? {}), labels } },
      },
    });
    this.ownReplicaSetWrites.remember({}, created);
    this.recorder.record(deployment, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} to ${replicas}`);
  }

  private writeStatus(namespace: string, name: string, hash: string): void {
    const deployment = this.store.peek<Deployment>(DEPLOYMENTS, { namespace, name });
    if (deployment === undefined) return;
    const uid = deployment.metadata?.uid;
    const sets = this.store
      .ownedBy<ReplicaSet>(REPLICA_SETS, uid ?? '')
      .filter((rs) => controllerOf(rs, 'Deployment')?.uid === uid);
    const sum = (pick: (rs: ReplicaSet) => number | undefined) =>
      sets.reduce((total, rs) => total + (pick(rs) ?? 0), 0);
    const desired = deployment.spec?.replicas ?? 1;
    const replicas = sum((rs) => rs.status?.replicas);
    const ready = sum((rs) => rs.status?.readyReplicas);
    const available = sum((rs) => rs.status?.availableReplicas);
    const updated = sets.find((rs) => rs.metadata?.labels?.[HASH_LABEL] === hash)?.status?.replicas ?? 0;
    const maxUnavailable = Math.floor(desired * 0.25);
    const previous = deployment.status?.conditions ?? [];
    const complete = updated === desired && replicas === desired && available === desired;
    const conditions = [
      condition(
        previous,
        'Available',
        available >= desired - maxUnavailable,
        available >= desired - maxUnavailable ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        available >= desired - maxUnavailable
          ? 'Deployment has minimum availability.'
          : 'Deployment does not have minimum availability.',
        this.store.clock.now(),
      ),
      condition(
        previous,
        'Progressing',
        true,
        complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
        `ReplicaSet "${name}-${hash}" ${complete ? 'has successfully progressed' : 'is progressing'}.`,
        this.store.clock.now(),
      ),
    ];
    const stored = this.store.updateStatus<Deployment>(DEPLOYMENTS, {
      ...deployment,
      status: {
        observedGeneration: deployment.metadata?.generation ?? 1,
        replicas,
        updatedReplicas: updated,
        readyReplicas: ready,
        availableReplicas: available,
        ...(desired - available > 0 ? { unavailableReplicas: desired - available } : {}),
        conditions,
      },
    });
    this.ownStatusWrites.remember(deployment, stored);
  }
}

/** What a Deployment's reconcile reads of a ReplicaSet. */
interface ReplicaSetView {
  readonly ownerUid: string | undefined;
  readonly hash: string | undefined;
  readonly desired: number | undefined;
  readonly replicas: number | undefined;
  readonly ready: number | undefined;
  readonly available: number | undefined;
}

function replicaSetView(rs: ReplicaSet): ReplicaSetView {
  return {
    ownerUid: controllerOf(rs, 'Deployment')?.uid,
    hash: rs.metadata?.labels?.[HASH_LABEL],
    desired: rs.spec?.replicas,
    replicas: rs.status?.replicas,
    ready: rs.status?.readyReplicas,
    available: rs.status?.availableReplicas,
  };
}

/** Keeps timestamps when nothing changed, so a status rewrite with the same facts is a no-op. */
function condition(
  previous: readonly DeploymentCondition[],
  type: string,
  status: boolean,
  reason: string,
  message: string,
  nowMs: number,
): DeploymentCondition {
  const value = status ? 'True' : 'False';
  const old = previous.find((c) => c.type === type);
  if (old !== undefined && old.status === value && old.reason === reason && old.message === message) return old;
  const now = formatTime(nowMs);
  return {
    type,
    status: value,
    reason,
    message,
    lastUpdateTime: now,
    lastTransitionTime: old !== undefined && old.status === value ? (old.lastTransitionTime ?? now) : now,
  };
}
