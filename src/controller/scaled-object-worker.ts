import type { ScaledObject } from '../api/scaled-object.js';
import { optional } from '../lib/optional.js';
import { SCALED_OBJECT_FINALIZER } from '../api/scaled-object.js';
import { emptyHpaMemory } from '../engine/hpa/index.js';
import type { HpaCondition, HpaMemory } from '../engine/hpa/index.js';
import { decideFallbackStatus } from '../engine/keda/fallback.js';
import { captureOriginalReplicaCount, decideDeletion, decidePause } from '../engine/keda/lifecycle.js';
import { decidePoll } from '../engine/keda/poll-decision.js';
import type { PollDecision } from '../engine/keda/poll-decision.js';
import { computeScaledObjectState } from '../engine/keda/scaled-object-state.js';
import type { ScaledObjectState } from '../engine/keda/scaled-object-state.js';
import type { Condition, HealthMap, HealthStatus, TriggerOutcome } from '../engine/keda/types.js';
import type { EventInput } from '../kube/events.js';
import { CONDITION_MESSAGE, CONDITION_TYPE, EVENT_REASON } from '../engine/reasons.js';
import type { Cancel } from '../lib/clock.js';
import type { MaybePromise } from '../lib/maybe-promise.js';
import { andThen } from '../lib/maybe-promise.js';
import type { Result } from '../lib/result.js';
import { refOf } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import type { Measurement, MetricFailure, MetricSources } from '../triggers/trigger.js';
import type { ControllerContext } from './controller-context.js';
import { hpaNameOf, hpaReadsMetrics, runHpaSync } from './hpa-sync.js';
import { countReadyAndRunning, describeTarget, readTargetScale, targetTypeOf } from './scale-target.js';
import type { TargetScale } from './scale-target.js';
import {
  checkFailedConditions,
  findCondition,
  mergeConditions,
  readPersistedState,
  timeField,
} from './scaled-object-status.js';
import type { RawScaledObject, ScaledObjectStatusWire } from './scaled-object-status.js';
import { measureTriggers } from './trigger-measurements.js';
import type { MeasuredTriggers } from './trigger-measurements.js';
import { podsMatching } from './pod-selection.js';
import { writeStatus } from './status-writer.js';

const RECONCILE_RETRY_INITIAL_MS = 1_000;
const RECONCILE_RETRY_MAX_MS = 60_000;
const DONE: Promise<void> = Promise.resolve();
const NO_OUTCOMES: readonly TriggerOutcome[] = Object.freeze([]);
const NO_REASONS: readonly string[] = Object.freeze([]);

/**
 * Runs one ScaledObject: KEDA's poll loop (activity, 0↔1, cooldown) and the HPA's sync loop
 * (everything in [max(1,min), max]) in the roles of spec §0, one task at a time so their writes
 * never interleave. All timing comes from the context's Clock.
 */
export class ScaledObjectWorker {
  private queue: Promise<void> = Promise.resolve();
  private cancelPoll: Cancel | undefined;
  private cancelHpa: Cancel | undefined;
  private cancelReconcileRetry: Cancel | undefined;
  private reconcileFailures = 0;
  private loopsRunning = false;
  private stopped = false;
  private generation: number | undefined;
  private health: HealthMap;
  private lastActiveTimeMs: number | undefined;
  private originalReplicaCount: number | undefined;
  private pausedReplicaCount: number | undefined;
  private conditions: readonly Condition[];
  private hpaMemory: HpaMemory = emptyHpaMemory();
  private hpaConditions: readonly HpaCondition[] = [];
  private lastPoll: ReadonlyMap<string, Result<Measurement, MetricFailure>> = new Map();
  private readonly waiting = new Set<string>();
  private reconciledAnnotations: string | undefined;
  private triggersActivity: Record<string, { isActive: boolean }> = {};
  private formattedLastActive: { readonly ms: number | undefined; readonly text: string | undefined } | undefined;
  readonly key: string;

  constructor(
    private readonly context: ControllerContext,
    private raw: RawScaledObject,
    private scaledObject: ScaledObject,
  ) {
    this.key = `${scaledObject.metadata.namespace}/${scaledObject.metadata.name}`;
    // Everything that must survive a controller restart is read back from status.
    const persisted = readPersistedState(raw);
    this.health = persisted.health;
    this.lastActiveTimeMs = persisted.lastActiveTimeMs;
    this.originalReplicaCount = persisted.originalReplicaCount;
    this.pausedReplicaCount = persisted.pausedReplicaCount;
    this.conditions = persisted.conditions;
  }

  get current(): ScaledObject {
    return this.scaledObject;
  }

  /** Called on every change of the object; restarts the poll loop when the spec's generation moved. */
  reconcile(raw: RawScaledObject, scaledObject: ScaledObject): void {
    const generationChanged = this.generation !== scaledObject.metadata.generation;
    const annotations = JSON.stringify(scaledObject.metadata.annotations);
    this.raw = raw;
    this.scaledObject = scaledObject;
    // Our own status writes come back as updates: they change neither spec nor annotations.
    if (!generationChanged && annotations === this.reconciledAnnotations) return;
    this.reconciledAnnotations = annotations;
    this.generation = scaledObject.metadata.generation;
    this.enqueueReconcile(generationChanged);
  }

  /** A failed reconcile is retried with backoff, as controller-runtime requeues: nothing else would. */
  private enqueueReconcile(generationChanged: boolean): void {
    this.cancelReconcileRetry?.();
    this.cancelReconcileRetry = undefined;
    this.enqueue('reconcile', async () => {
      try {
        await this.reconcileNow(generationChanged);
        this.reconcileFailures = 0;
      } catch (error) {
        const delayMs = Math.min(RECONCILE_RETRY_MAX_MS, RECONCILE_RETRY_INITIAL_MS * 2 ** this.reconcileFailures);
        this.reconcileFailures++;
        this.cancelReconcileRetry = this.context.clock.setTimer(delayMs, () => {
          this.cancelReconcileRetry = undefined;
          this.enqueueReconcile(generationChanged);
        });
        throw error;
      }
    });
  }

  /** Keeps the latest object (its resourceVersion, for Events and patches) without reconciling. */
  observeStatusWrite(raw: RawScaledObject): void {
    this.raw = raw;
  }

  /** Reactive evaluation: a poll now (coalesced), then an HPA sync, instead of waiting for the timers. */
  requestImmediateEvaluation(): void {
    if (!this.loopsRunning) return;
    this.enqueueOnce('evaluate', 'poll', async () => {
      await this.poll();
      await this.hpaSync();
    });
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.stopLoops();
    this.cancelReconcileRetry?.();
    return this.queue;
  }

  /** The finalizer's work on deletion (spec §4.6), then the finalizer is removed. */
  async finalize(raw: RawScaledObject): Promise<void> {
    this.raw = raw;
    this.stopLoops();
    this.cancelReconcileRetry?.();
    this.stopped = true;
    await this.queue;
    // A missing or unknown target may throw at once or reject later: either way there is nothing to restore.
    const target = await Promise.resolve()
      .then(() => readTargetScale(this.context, this.scaledObject))
      .catch(() => undefined);
    const decision = decideDeletion({
      scaledObject: this.scaledObject,
      ...(this.originalReplicaCount !== undefined && { originalReplicaCount: this.originalReplicaCount }),
      currentReplicas: target?.specReplicas ?? 0,
      isScaleTargetKnown: target !== undefined,
    });
    if (decision.replicas !== undefined && target !== undefined) {
      await this.writeReplicas(target, decision.replicas.to);
      this.record('lifecycle', 'restore-on-delete', decision.replicas.from, decision.replicas.to, decision.reasons);
    }
    this.emit(decision.events);
    const finalizers = (raw.metadata?.finalizers ?? []).filter((f) => f !== SCALED_OBJECT_FINALIZER);
    await this.context.client.mergePatch(this.soType(), refOf(raw), { metadata: { finalizers } });
  }

  private soType() {
    return this.context.scaledObjectType;
  }

  /**
   * Queues `task` unless the same kind is still waiting: behind a slow API server, ticks would
   * otherwise pile up and run back to back, hitting it hardest just as it recovers.
   */
  private enqueueOnce(kind: string, phase: string, task: () => MaybePromise<void>): void {
    if (this.waiting.has(kind)) return;
    this.waiting.add(kind);
    this.enqueue(phase, () => {
      this.waiting.delete(kind);
      return task();
    });
  }

  private enqueue(phase: string, task: () => MaybePromise<void>): void {
    this.queue = this.queue
      // A task that waited for a slot may find the worker stopped meanwhile.
      .then(() => (this.stopped ? undefined : this.context.tasks.run(() => (this.stopped ? DONE : task()))))
      .then(undefined, (error: unknown) => {
        // A failed step is retried by the next tick of its loop: errors never become a scale.
        const message = error instanceof Error ? error.message : String(error);
        this.context.observer.error?.({ scaledObject: this.key, phase, message });
      });
  }

  private async reconcileNow(generationChanged: boolean): Promise<void> {
    await this.ensureFinalizer();
    const target = await this.readTargetForReconcile();
    const captured = captureOriginalReplicaCount(this.originalReplicaCount, target.specReplicas);
    this.originalReplicaCount = captured.originalReplicaCount;

    const pause = decidePause({
      scaledObject: this.scaledObject,
      currentReplicas: target.specReplicas,
      ...(this.pausedReplicaCount !== undefined && { pausedReplicaCount: this.pausedReplicaCount }),
      ...optional('pausedCondition', findCondition(this.conditions, CONDITION_TYPE.paused)),
    });
    this.pausedReplicaCount = pause.pausedReplicaCount;
    if (pause.condition !== undefined) this.conditions = mergeConditions(this.conditions, [pause.condition]);
    const paused = findCondition(this.conditions, CONDITION_TYPE.paused)?.status === 'True';
    this.context.observer.paused?.({ scaledObject: this.key, paused });
    this.emit(pause.events);
    if (pause.replicas !== undefined) {
      await this.writeReplicas(target, pause.replicas.to);
      this.record('lifecycle', 'paused-replicas', pause.replicas.from, pause.replicas.to, pause.reasons);
    }
    if (!pause.isScalingRunning) {
      this.stopLoops();
      this.hpaMemory = emptyHpaMemory(); // KEDA deletes the HPA while paused; a new one starts empty
    } else if (!this.loopsRunning || generationChanged) {
      this.startLoops();
      return; // the poll queued next writes the whole status, this reconcile's conditions included
    }
    await this.persistStatus();
  }

  /** KEDA's check: while the scale target is missing the object is Ready=False, until a retry finds it. */
  private async readTargetForReconcile(): Promise<TargetScale> {
    try {
      return await readTargetScale(this.context, this.scaledObject);
    } catch (error) {
      if (isNotFound(error)) await this.reportTargetCheckFailed(error.message);
      throw error;
    }
  }

  private async reportTargetCheckFailed(detail: string): Promise<void> {
    const message = `${CONDITION_MESSAGE.scaleTargetCheckFailed}: ${detail}`;
    this.conditions = mergeConditions(this.conditions, checkFailedConditions(message));
    this.emit([{ type: 'Warning', reason: EVENT_REASON.scaledObjectCheckFailed, message }]);
    await this.persistStatus();
  }

  private async ensureFinalizer(): Promise<void> {
    const finalizers = this.raw.metadata?.finalizers ?? [];
    if (finalizers.includes(SCALED_OBJECT_FINALIZER)) return;
    this.raw = await this.context.client.mergePatch<RawScaledObject>(this.soType(), refOf(this.raw), {
      metadata: { finalizers: [...finalizers, SCALED_OBJECT_FINALIZER] },
    });
  }

  private startLoops(): void {
    const firstStart = !this.loopsRunning;
    this.stopLoops();
    this.loopsRunning = true;
    this.enqueue('poll', () => this.poll());
    this.schedulePoll();
    if (firstStart) this.scheduleHpa(); // a new HPA is first synced one full period after it is created (§9.6)
  }

  private stopLoops(): void {
    this.cancelPoll?.();
    this.cancelHpa?.();
    this.cancelPoll = undefined;
    this.cancelHpa = undefined;
    this.loopsRunning = false;
  }

  // KEDA arms the timer before the check, so polls are max(interval, check time) apart.
  private schedulePoll(): void {
    this.cancelPoll = this.context.clock.setTimer(this.scaledObject.spec.pollingIntervalMs, () => {
      this.schedulePoll();
      this.enqueueOnce('poll', 'poll', () => this.poll());
    });
  }

  private scheduleHpa(): void {
    this.cancelHpa = this.context.clock.setTimer(this.context.hpaSyncPeriodMs, () => {
      this.scheduleHpa();
      this.enqueueOnce('hpa', 'hpa', () => this.hpaSync());
    });
  }

  private readonly selectPods: MetricSources['podsMatching'] = (namespace, selector) =>
    podsMatching(this.context.informers, namespace, selector);

  private sources(): MetricSources {
    return { now: this.context.clock.now(), podsMatching: this.selectPods, fetch: this.context.fetch };
  }

  private measure(target: TargetScale, cached: boolean): MaybePromise<MeasuredTriggers> {
    const measuring = measureTriggers({
      scaledObject: this.scaledObject,
      sources: this.sources(),
      health: this.health,
      currentReplicas: target.specReplicas,
      readyRunningPods: countReadyAndRunning(target.pods),
      ...(cached && { cached: this.lastPoll }),
    });
    return andThen(measuring, (measured) => {
      this.health = measured.health;
      if (this.context.observer.measurement !== undefined) {
        measured.raw.forEach((result, metricName) => this.reportMeasurement(metricName, result));
      }
      return measured;
    });
  }

  /** KEDA's poll. Answered at once unless a read, a measurement or a write needs I/O. */
  private poll(): MaybePromise<void> {
    if (!this.loopsRunning) return;
    return this.readAndMeasure(false, (target, measured) => this.actOnPoll(target, measured));
  }

  private readAndMeasure(
    cached: boolean,
    act: (target: TargetScale, measured: MeasuredTriggers) => MaybePromise<void>,
  ): MaybePromise<void> {
    return andThen(readTargetScale(this.context, this.scaledObject), (target) =>
      andThen(this.measure(target, cached), (measured) => act(target, measured)),
    );
  }

  private actOnPoll(target: TargetScale, measured: MeasuredTriggers): MaybePromise<void> {
    this.lastPoll = measured.raw;
    const state = computeScaledObjectState({ scaledObject: this.scaledObject, outcomes: measured.outcomes });
    const decision = decidePoll({
      scaledObject: this.scaledObject,
      state,
      currentReplicas: target.specReplicas,
      status: this.lastActiveTimeMs === undefined ? {} : { lastActiveTimeMs: this.lastActiveTimeMs },
      nowMs: this.context.clock.now(),
    });
    this.emit(state.events);
    const finish = () => this.finishPoll(target, measured, state, decision);
    if (decision.replicas === undefined) return finish();
    const { to, event } = decision.replicas;
    return this.writeReplicas(target, to).then((written) => {
      if (written && event !== undefined) this.emit([event]);
      return finish();
    });
  }

  private finishPoll(
    target: TargetScale,
    measured: MeasuredTriggers,
    state: ScaledObjectState,
    decision: PollDecision,
  ): MaybePromise<void> {
    const previousFallback = findCondition(this.conditions, CONDITION_TYPE.fallback);
    const fallback = decideFallbackStatus({
      scaledObject: this.scaledObject,
      health: this.health,
      ...(previousFallback !== undefined && { previous: previousFallback }),
    });
    for (const event of decision.events) if (event !== decision.replicas?.event) this.emitOne(event);
    this.emit(fallback.events);
    this.lastActiveTimeMs = decision.lastActiveTimeMs;
    this.conditions = mergeConditions(this.conditions, decision.conditions);
    if (fallback.condition !== undefined) this.conditions = mergeConditions(this.conditions, [fallback.condition]);
    const to = decision.replicas?.to ?? target.specReplicas;
    this.record(
      'keda',
      decision.rule,
      target.specReplicas,
      to,
      state.reasons.concat(measured.reasons, decision.reasons),
    );
    if (!sameActivity(this.triggersActivity, state.triggersActivity)) {
      this.triggersActivity = { ...state.triggersActivity };
    }
    return this.persistStatus();
  }

  /** The HPA controller's sync of the HPA KEDA would own. */
  private hpaSync(): MaybePromise<void> {
    if (!this.loopsRunning) return;
    return andThen(readTargetScale(this.context, this.scaledObject), (target) =>
      hpaReadsMetrics(this.scaledObject, target)
        ? andThen(this.measure(target, true), (measured) =>
            this.actOnHpaSync(target, measured.outcomes, measured.reasons),
          )
        : this.actOnHpaSync(target, NO_OUTCOMES, NO_REASONS),
    );
  }

  private actOnHpaSync(
    target: TargetScale,
    outcomes: readonly TriggerOutcome[],
    measuredReasons: readonly string[],
  ): MaybePromise<void> {
    const result = runHpaSync({
      scaledObject: this.scaledObject,
      outcomes,
      target,
      memory: this.hpaMemory,
      previousConditions: this.hpaConditions,
      nowMs: this.context.clock.now(),
    });
    this.hpaConditions = result.conditions;
    if (!result.shouldRescale) {
      this.hpaMemory = result.memory;
      return this.persistStatus();
    }
    return this.writeReplicas(target, result.desiredReplicas).then((written) => {
      this.hpaMemory = written ? result.memory : result.memoryIfRescaleFails;
      if (written) this.emit(result.events);
      const reasons = measuredReasons.concat(result.reasons);
      this.record('hpa', result.rescaleReason ?? 'rescale', target.specReplicas, result.desiredReplicas, reasons);
      return this.persistStatus();
    });
  }

  private async writeReplicas(target: TargetScale, replicas: number): Promise<boolean> {
    const type = targetTypeOf(this.scaledObject);
    if (type === undefined) return false;
    const ref = { namespace: this.scaledObject.metadata.namespace, name: this.scaledObject.spec.scaleTargetRef.name };
    try {
      await this.context.targets.write(type, ref, replicas);
      return true;
    } catch (error) {
      const message = `Failed to scale ${describeTarget(this.scaledObject)} from ${target.specReplicas} to ${replicas}: ${
        error instanceof Error ? error.message : String(error)
      }`;
      const reason =
        replicas > target.specReplicas ? 'KEDAScaleTargetActivationFailed' : 'KEDAScaleTargetDeactivationFailed';
      this.emit([{ type: 'Warning', reason, message }]);
      this.context.observer.error?.({ scaledObject: this.key, phase: 'scale', message });
      return false;
    }
  }

  // One full status from worker state each time, so identical statuses are recognised and not rewritten.
  private persistStatus(): MaybePromise<void> {
    const derived = specDerivedOf(this.scaledObject);
    const lastActiveTime = this.lastActiveTime();
    // Assigned one by one in KEDA's field order (which a first write leaves in the stored object):
    // this runs on every poll, and conditional spreads cost a temporary object each.
    const status: ScaledObjectStatusWire = { scaleTargetKind: derived.scaleTargetKind };
    if (derived.scaleTargetGVKR !== undefined) status.scaleTargetGVKR = derived.scaleTargetGVKR;
    if (this.originalReplicaCount !== undefined) status.originalReplicaCount = this.originalReplicaCount;
    if (lastActiveTime !== undefined) status.lastActiveTime = lastActiveTime;
    status.externalMetricNames = derived.externalMetricNames;
    // Shared, not copied: both are replaced, never changed, so an unchanged one is recognised by identity.
    status.conditions = this.conditions as Condition[];
    if (hasAny(this.health)) status.health = this.health as Record<string, HealthStatus>;
    if (this.pausedReplicaCount !== undefined) status.pausedReplicaCount = this.pausedReplicaCount;
    status.hpaName = derived.hpaName;
    status.triggersTypes = derived.triggersTypes;
    if (hasAny(this.triggersActivity)) status.triggersActivity = this.triggersActivity;
    return writeStatus(this.context, this.soType(), this.raw, status, this.pausedReplicaCount === undefined);
  }

  /** Formatted once per change: an active ScaledObject's polls mostly write the same instant again. */
  private lastActiveTime(): string | undefined {
    if (this.lastActiveTimeMs !== this.formattedLastActive?.ms) {
      this.formattedLastActive = { ms: this.lastActiveTimeMs, text: timeField(this.lastActiveTimeMs) };
    }
    return this.formattedLastActive?.text;
  }

  private emit(events: readonly EventInput[]): void {
    for (const event of events) this.emitOne(event);
  }

  private emitOne(event: EventInput): void {
    void this.context.events.record(this.raw, event);
  }

  private record(
    loop: 'keda' | 'hpa' | 'lifecycle',
    rule: string,
    from: number,
    to: number,
    reasons: readonly string[],
  ) {
    this.context.observer.decision?.({
      atMs: this.context.clock.now(),
      scaledObject: this.key,
      loop,
      rule,
      target: specDerivedOf(this.scaledObject).target,
      fromReplicas: from,
      toReplicas: to,
      reasons,
    });
  }

  private reportMeasurement(metricName: string, result: Result<Measurement, MetricFailure>): void {
    const index = this.scaledObject.spec.triggers.findIndex((t) => t.config.metricName === metricName);
    this.context.observer.measurement?.({
      scaledObject: this.key,
      triggerIndex: index,
      triggerType: this.scaledObject.spec.triggers[index]?.type ?? '',
      metricName,
      ...(result.ok
        ? { value: result.value.value, isActive: result.value.isActive }
        : { isActive: false, error: result.error.message }),
    });
  }
}

interface SpecDerived {
  readonly scaleTargetKind: string;
  readonly scaleTargetGVKR: ScaledObjectStatusWire['scaleTargetGVKR'];
  readonly externalMetricNames: string[];
  readonly hpaName: string;
  readonly triggersTypes: string;
  /** Not status: the target as decision records name it. */
  readonly target: string;
}

/** Parsed ScaledObjects are replaced, never changed, so what their spec alone decides is built once each. */
const specDerived = new WeakMap<ScaledObject, SpecDerived>();

function specDerivedOf(so: ScaledObject): SpecDerived {
  const cached = specDerived.get(so);
  if (cached !== undefined) return cached;
  const type = targetTypeOf(so);
  const derived: SpecDerived = {
    scaleTargetKind: `${so.spec.scaleTargetRef.apiVersion}.${so.spec.scaleTargetRef.kind}`,
    scaleTargetGVKR:
      type === undefined
        ? undefined
        : { group: type.group, version: type.version, kind: type.kind, resource: type.plural },
    externalMetricNames: so.spec.triggers
      .filter((t) => t.config.targetType !== 'Utilization')
      .map((t) => t.config.metricName),
    hpaName: hpaNameOf(so),
    triggersTypes: so.spec.triggers.map((t) => t.type).join(','),
    target: describeTarget(so),
  };
  specDerived.set(so, derived);
  return derived;
}

/** Kept when equal, so the status writer sees the same object and compares nothing. */
function sameActivity(
  previous: Readonly<Record<string, { readonly isActive: boolean }>>,
  next: Readonly<Record<string, { readonly isActive: boolean }>>,
): boolean {
  let count = 0;
  for (const key in next) {
    if (!Object.hasOwn(next, key)) continue;
    count++;
    if (previous[key]?.isActive !== next[key]?.isActive) return false;
  }
  for (const key in previous) if (Object.hasOwn(previous, key)) count--;
  return count === 0;
}

function hasAny(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}
