import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import { ENVIRONMENT_LABEL } from '../cluster/environment-model.js';
import type { JsonObject } from '../cluster/json.js';
import { isPodReady } from '../cluster/pod-helpers.js';
import { specReplicasOf } from '../cluster/scale.js';
import type { ObjectStore } from '../cluster/store.js';
import type { DecisionRecord } from '../controller/controller-context.js';
import type { KubeObject } from '../kube/client.js';
import { EVENTS, PODS } from '../kube/resources.js';
import type { ChangeRecord, DecisionEntry, EventRecord, PodRecord } from './report.js';

/**
 * Everything that happened, read from the store's watches so it does not matter who made a change
 * (the controller, a scenario action, the Deployment controller). `t` is seconds since the start.
 */
export class Recorder {
  readonly changes: ChangeRecord[] = [];
  readonly pods: PodRecord[] = [];
  readonly events: EventRecord[] = [];
  readonly decisions: DecisionEntry[] = [];
  /** The latest entry per ScaledObject and loop, the one an identical next decision extends. */
  private readonly lastDecisions = new Map<string, DecisionRun>();
  private readonly replicas = new Map<string, number | undefined>();
  private readonly podStates = new Map<string, string>();
  private readonly eventCounts = new Map<string, number>();
  private readonly handles: { stop(): void }[] = [];
  private readonly watchedTypes = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly startMs: number,
  ) {}

  start(): void {
    this.handles.push(this.store.watch<Pod>(PODS, { copy: false }, (e) => this.observePod(e.type, e.object)));
    this.handles.push(this.store.watch<Event>(EVENTS, { copy: false }, (e) => this.observeEvent(e.type, e.object)));
    this.watchScalableTypes();
  }

  /** Types served later (a CRD applied by an action) are picked up by calling this again. */
  watchScalableTypes(): void {
    for (const info of this.store.types()) {
      const paths = info.scale;
      if (paths === undefined) continue;
      const key = `${info.type.group}/${info.type.plural}`;
      if (this.watchedTypes.has(key)) continue;
      this.watchedTypes.add(key);
      this.handles.push(
        this.store.watch<KubeObject>(info.type, { copy: false }, (e) => {
          const replicas = e.type === 'DELETED' ? undefined : specReplicasOf(e.object as JsonObject, paths);
          this.observeReplicas(info.type.kind, e.object, replicas, e.type === 'DELETED');
        }),
      );
    }
  }

  stop(): void {
    for (const handle of this.handles.splice(0)) handle.stop();
  }

  /**
   * Called on every poll and HPA sync: a decision identical to the last one of its ScaledObject and
   * loop extends that entry (count, lastT) instead of adding one, so the comparison stays field by
   * field, without serialising. A write (from ≠ to) always gets its own entry, at its exact instant,
   * so an entry's instants are always its loop's ticks from `t` to `lastT`.
   */
  recordDecision(record: DecisionRecord): void {
    const t = this.secondsAt(record.atMs);
    const key = `${record.scaledObject}\n${record.loop}`;
    const last = this.lastDecisions.get(key);
    // A second decision at the same instant (a restarted controller's first poll) is its own entry.
    if (last !== undefined && t !== last.lastT && record.fromReplicas === record.toReplicas && repeats(last, record)) {
      last.count += 1;
      last.lastT = t;
      return;
    }
    // Spelled out rather than a rest spread: one per new entry, and the spread is the slow generic copy.
    const entry: DecisionRun = {
      t,
      count: 1,
      lastT: t,
      scaledObject: record.scaledObject,
      loop: record.loop,
      rule: record.rule,
      target: record.target,
      fromReplicas: record.fromReplicas,
      toReplicas: record.toReplicas,
      reasons: record.reasons,
    };
    this.decisions.push(entry);
    this.lastDecisions.set(key, entry);
  }

  private t(): number {
    return this.secondsAt(this.store.clock.now());
  }

  private secondsAt(ms: number): number {
    return (ms - this.startMs) / 1000;
  }

  private observeReplicas(kind: string, object: KubeObject, replicas: number | undefined, deleted: boolean): void {
    const uid = object.metadata?.uid ?? '';
    if (deleted) {
      this.replicas.delete(uid);
      return;
    }
    if (this.replicas.has(uid) && this.replicas.get(uid) === replicas) return;
    this.replicas.set(uid, replicas);
    this.changes.push({
      t: this.t(),
      namespace: object.metadata?.namespace ?? '',
      kind,
      name: object.metadata?.name ?? '',
      replicas: replicas ?? null,
    });
  }

  private observePod(type: string, pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const deleted = type === 'DELETED';
    const record: PodRecord = {
      t: this.t(),
      namespace: pod.metadata?.namespace ?? '',
      name: pod.metadata?.name ?? '',
      environment: pod.metadata?.labels?.[ENVIRONMENT_LABEL] ?? null,
      phase: deleted
        ? 'Deleted'
        : pod.metadata?.deletionTimestamp !== undefined
          ? 'Terminating'
          : (pod.status?.phase ?? 'Pending'),
      ready: !deleted && isPodReady(pod),
      ...unschedulable(pod),
    };
    const state = `${record.environment ?? ''}|${record.phase}|${String(record.ready)}|${record.reason ?? ''}`;
    if (this.podStates.get(uid) === state) return;
    if (deleted) this.podStates.delete(uid);
    else this.podStates.set(uid, state);
    this.pods.push(record);
  }

  private observeEvent(type: string, event: Event): void {
    const uid = event.metadata?.uid ?? '';
    if (type === 'DELETED') {
      this.eventCounts.delete(uid); // expired: its occurrences are recorded already
      return;
    }
    const count = event.count ?? 1;
    // A deduplicated Event comes back as MODIFIED with a higher count: each occurrence is recorded.
    if ((this.eventCounts.get(uid) ?? 0) >= count) return;
    this.eventCounts.set(uid, count);
    const involved = event.involvedObject;
    this.events.push({
      t: this.t(),
      type: event.type ?? 'Normal',
      reason: event.reason ?? '',
      object: `${involved.kind ?? ''}/${involved.namespace ?? ''}/${involved.name ?? ''}`,
      message: event.message ?? '',
    });
  }
}

/** A decisions entry while it may still grow: only the recorder extends it. */
type DecisionRun = Omit<DecisionEntry, 'count' | 'lastT'> & { count: number; lastT: number };

/** Same decision as the run's, apart from its instant (the replica counts and the reasons element-wise). */
function repeats(run: DecisionRun, record: DecisionRecord): boolean {
  if (
    run.rule !== record.rule ||
    run.target !== record.target ||
    run.fromReplicas !== record.fromReplicas ||
    run.toReplicas !== record.toReplicas ||
    run.reasons.length !== record.reasons.length
  ) {
    return false;
  }
  for (let i = 0; i < run.reasons.length; i++) if (run.reasons[i] !== record.reasons[i]) return false;
  return true;
}

function unschedulable(pod: Pod): { reason?: string } {
  const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  return scheduled?.status === 'False' && scheduled.reason !== undefined ? { reason: scheduled.reason } : {};
}
