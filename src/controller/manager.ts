import type { Pod } from 'kubernetes-types/core/v1.js';
import { parseScaledObject } from '../api/parse-scaled-object.js';
import type { ScaledObject } from '../api/scaled-object.js';
import { EVENT_REASON } from '../engine/reasons.js';
import { formatIssue } from '../lib/issues.js';
import type { Clock } from '../lib/clock.js';
import type { Random } from '../lib/random.js';
import type { KubeClient } from '../kube/client.js';
import { refOf } from '../kube/client.js';
import { EventRecorder } from '../kube/events.js';
import { InformerFactory } from '../kube/informer-factory.js';
import { PODS, SCALED_OBJECTS } from '../kube/resources.js';
import type { ResourceType } from '../kube/resources.js';
import { matchesLabels } from '../lib/label-selector.js';
import { isKubernetesWorkloadConfig } from '../triggers/kubernetes-workload.js';
import type { MetricSources } from '../triggers/trigger.js';
import type { ControllerContext, ControllerObserver } from './controller-context.js';
import { ScaledObjectWorker } from './scaled-object-worker.js';
import { TargetScaleReader } from './target-scale-reader.js';
import { TaskLimiter } from './task-limiter.js';
import { checkFailedConditions, mergeConditions, readPersistedState } from './scaled-object-status.js';
import type { RawScaledObject } from './scaled-object-status.js';
import { forgetStatus, jsonEqual, writeStatus } from './status-writer.js';

/** Enough to keep a loopback API server busy; low enough that no request waits out its timeout. */
const DEFAULT_MAX_CONCURRENT_TASKS = 64;

export interface ControllerOptions {
  readonly client: KubeClient;
  readonly clock: Clock;
  readonly random: Random;
  /** Watch one namespace, or all when undefined. */
  readonly namespace?: string;
  readonly scaledObjectType?: ResourceType;
  readonly hpaSyncPeriodMs?: number;
  readonly fetch?: MetricSources['fetch'];
  readonly observer?: ControllerObserver;
  /** `source.host` of Events, e.g. the pod name. */
  readonly instance?: string;
  /** Worker tasks (each a few API requests) in flight at once; 64 by default. */
  readonly maxConcurrentTasks?: number;
}

/**
 * The composition root of the controller: one shared ScaledObject informer, one shared pod
 * informer per namespace (never a list per scaler per poll), and a worker per valid ScaledObject.
 * A malformed object gets Ready=False and an Event; every other object keeps running.
 */
export class Controller {
  private readonly context: ControllerContext;
  private readonly workers = new Map<string, ScaledObjectWorker>();
  private readonly finalizing = new Set<string>();
  /** Workers opted in to evaluateOnChange: a pod event visits these, not every worker. */
  private readonly reactive = new Set<string>();
  private readonly podWatches = new Map<string, () => void>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ControllerOptions) {
    const { client, clock, random } = options;
    const observer = options.observer ?? {};
    const informers = new InformerFactory(client, { clock, random });
    this.context = {
      client,
      clock,
      random,
      informers,
      targets: new TargetScaleReader(client, informers),
      tasks: new TaskLimiter(options.maxConcurrentTasks ?? DEFAULT_MAX_CONCURRENT_TASKS),
      events: new EventRecorder({
        client,
        clock,
        ...(options.instance !== undefined && { host: options.instance }),
        onError: (error) =>
          observer.error?.({
            scaledObject: '',
            phase: 'event',
            message: error instanceof Error ? error.message : String(error),
          }),
      }),
      fetch: options.fetch ?? unavailableFetch,
      observer,
      hpaSyncPeriodMs: options.hpaSyncPeriodMs ?? 15_000,
      scaledObjectType: options.scaledObjectType ?? SCALED_OBJECTS,
    };
  }

  start(): void {
    const informer = this.context.informers.informerFor<RawScaledObject>(
      this.context.scaledObjectType,
      this.options.namespace === undefined ? {} : { namespace: this.options.namespace },
    );
    this.unsubscribe = informer.onChange((type, object) => {
      if (type === 'delete') this.forget(object);
      else this.observe(object);
    }); // a new handler is first replayed every cached object as an add
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    for (const stopWatch of this.podWatches.values()) stopWatch();
    this.podWatches.clear();
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
    this.workers.clear();
    this.reactive.clear();
    this.context.targets.stop();
    this.context.informers.stop();
  }

  /** Resolves once the ScaledObject and pod caches have their first lists. */
  waitForSync(): Promise<boolean> {
    return this.context.informers.waitForSync();
  }

  scaledObjects(): ScaledObject[] {
    return [...this.workers.values()].map((w) => w.current);
  }

  private observe(raw: RawScaledObject): void {
    const key = keyOf(raw);
    if (raw.metadata?.deletionTimestamp !== undefined) {
      this.finalize(key, raw);
      return;
    }
    const existing = this.workers.get(key);
    if (existing !== undefined && isStatusOnlyChange(existing.current, raw)) {
      existing.observeStatusWrite(raw);
      return;
    }
    const parsed = parseScaledObject(raw);
    if (!parsed.ok) {
      void this.workers.get(key)?.stop();
      this.dropWorker(key);
      void this.reportInvalid(raw, parsed.error.map(formatIssue).join('; '));
      return;
    }
    this.watchPods(parsed.value.metadata.namespace);
    let worker = this.workers.get(key);
    if (worker === undefined) {
      worker = new ScaledObjectWorker(this.context, raw, parsed.value);
      this.workers.set(key, worker);
    }
    if (parsed.value.annotations.evaluateOnChange) this.reactive.add(key);
    else this.reactive.delete(key);
    worker.reconcile(raw, parsed.value);
  }

  private dropWorker(key: string): void {
    this.workers.delete(key);
    this.reactive.delete(key);
  }

  private finalize(key: string, raw: RawScaledObject): void {
    if (this.finalizing.has(key)) return;
    const worker = this.workers.get(key);
    if (worker === undefined) return;
    this.finalizing.add(key);
    this.dropWorker(key);
    worker
      .finalize(raw)
      .catch((error: unknown) =>
        this.context.observer.error?.({ scaledObject: key, phase: 'finalize', message: String(error) }),
      )
      .finally(() => this.finalizing.delete(key));
  }

  private forget(raw: RawScaledObject): void {
    const key = keyOf(raw);
    forgetStatus(this.context, raw);
    void this.workers.get(key)?.stop();
    this.dropWorker(key);
    this.context.observer.removed?.({ scaledObject: key });
  }

  private async reportInvalid(raw: RawScaledObject, message: string): Promise<void> {
    const conditions = mergeConditions(readPersistedState(raw).conditions, checkFailedConditions(message));
    void this.context.events.record(raw, { type: 'Warning', reason: EVENT_REASON.scaledObjectCheckFailed, message });
    try {
      await writeStatus(
        this.context,
        this.context.scaledObjectType,
        raw,
        { ...raw.status, conditions: [...conditions] },
        false,
      );
    } catch (error) {
      this.context.observer.error?.({ scaledObject: keyOf(raw), phase: 'status', message: String(error) });
    }
  }

  /** One shared pod informer per namespace; it also drives opt-in reactive evaluation. */
  private watchPods(namespace: string): void {
    if (this.podWatches.has(namespace)) return;
    const informer = this.context.informers.informerFor<Pod>(PODS, { namespace });
    const stop = informer.onChange((_type, pod, old) => {
      for (const key of this.reactive) {
        const worker = this.workers.get(key);
        if (worker !== undefined && shouldReactTo(worker.current, pod, old)) worker.requestImmediateEvaluation();
      }
    });
    this.podWatches.set(namespace, stop);
  }
}

function shouldReactTo(scaledObject: ScaledObject, pod: Pod, old: Pod | undefined): boolean {
  if (!scaledObject.annotations.evaluateOnChange) return false;
  if (pod.metadata?.namespace !== scaledObject.metadata.namespace) return false;
  return scaledObject.spec.triggers.some((trigger) => {
    const config = trigger.config;
    if (!isKubernetesWorkloadConfig(config)) return false;
    return (
      matchesLabels(config.podSelector, pod.metadata?.labels) ||
      (old !== undefined && matchesLabels(config.podSelector, old.metadata?.labels))
    );
  });
}

/** Our own status writes come back as updates; they need no re-parse (zod) and no reconcile. */
function isStatusOnlyChange(current: ScaledObject, raw: RawScaledObject): boolean {
  return (
    current.metadata.generation === raw.metadata?.generation &&
    jsonEqual(current.metadata.annotations, raw.metadata?.annotations ?? {}) &&
    jsonEqual(current.metadata.finalizers, raw.metadata?.finalizers ?? [])
  );
}

function keyOf(raw: RawScaledObject): string {
  const ref = refOf(raw);
  return `${ref.namespace ?? ''}/${ref.name}`;
}

async function unavailableFetch(): Promise<never> {
  throw new Error('no HTTP client configured for metric sources');
}
