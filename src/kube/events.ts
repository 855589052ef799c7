import type { Event, ObjectReference } from 'kubernetes-types/core/v1.js';
import type { Clock } from '../lib/clock.js';
import { formatTime } from '../lib/clock.js';
import type { KubeClient, KubeObject } from './client.js';
import { isAlreadyExists, isNotFound } from './errors.js';
import { EVENTS } from './resources.js';

export type EventType = 'Normal' | 'Warning';

export interface EventInput {
  readonly type: EventType;
  /** PascalCase, from the module's reasons file. */
  readonly reason: string;
  readonly message: string;
}

export interface EventRecorderOptions {
  readonly client: KubeClient;
  readonly clock: Clock;
  /** `source.component`; `spillway` unless told. */
  readonly component?: string;
  /** `source.host` and `reportingInstance`, e.g. the pod name. */
  readonly host?: string;
  /** A repeat within this long bumps the existing Event instead of creating one; 10 min (client-go). */
  readonly dedupeWindowMs?: number;
  /** Series remembered for dedupe; the oldest are forgotten first. 4096 (client-go's LRU). */
  readonly maxTracked?: number;
  /** Recording is best effort: failures land here, never with the caller. */
  readonly onError?: (error: unknown) => void;
}

interface Series {
  readonly namespace: string;
  readonly name: string;
  count: number;
  lastMs: number;
}

const MAX_MESSAGE = 1024;

/**
 * Writes core/v1 Events (what `kubectl describe` shows), folding repeats of the same object,
 * reason and message into one Event whose `count` and `lastTimestamp` grow, so a controller
 * retrying every few seconds does not flood the API server.
 */
export class EventRecorder {
  private readonly series = new Map<string, Series>();
  private readonly queues = new Map<string, Promise<void>>();
  private seq = 0;

  constructor(private readonly options: EventRecorderOptions) {}

  /** Resolves once written (or failed and reported); never rejects. */
  record(involved: KubeObject, event: EventInput): Promise<void> {
    const message =
      event.message.length > MAX_MESSAGE ? `${event.message.slice(0, MAX_MESSAGE - 3)}...` : event.message;
    const input = { ...event, message };
    const key = seriesKey(involved, input);
    // One write at a time per series, so two quick repeats cannot both create.
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.write(key, involved, input)).catch((error: unknown) => this.report(error));
    this.queues.set(key, next);
    void next.then(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return next;
  }

  private async write(key: string, involved: KubeObject, event: EventInput): Promise<void> {
    const now = this.options.clock.now();
    const known = this.series.get(key);
    if (known !== undefined && now - known.lastMs < (this.options.dedupeWindowMs ?? 600_000)) {
      try {
        await this.options.client.mergePatch(
          EVENTS,
          { namespace: known.namespace, name: known.name },
          { count: known.count + 1, lastTimestamp: formatTime(now) },
        );
        known.count++;
        known.lastMs = now;
        this.touch(key, known);
        return;
      } catch (error) {
        // Events expire (1 h by default); start a new one.
        if (!isNotFound(error)) throw error;
      }
    }
    const built = this.build(involved, event, now);
    const meta = (await this.createEvent(built)).metadata ?? {};
    this.touch(key, { namespace: meta.namespace ?? '', name: meta.name ?? '', count: 1, lastMs: now });
  }

  /**
   * Event names are unique per write, so AlreadyExists can only mean that an earlier attempt of
   * this same create landed and its answer was lost (the client retries 5xx and timeouts).
   */
  private async createEvent(event: Event): Promise<Event> {
    try {
      return await this.options.client.create<Event>(EVENTS, event);
    } catch (error) {
      if (isAlreadyExists(error)) return event;
      throw error;
    }
  }

  private build(involved: KubeObject, event: EventInput, now: number): Event {
    const meta = involved.metadata ?? {};
    const namespace = meta.namespace ?? 'default';
    const component = this.options.component ?? 'spillway';
    const host = this.options.host;
    const nanos = BigInt(now) * 1_000_000n + BigInt(this.seq++ % 1_000_000);
    const involvedObject: ObjectReference = {
      ...(involved.apiVersion === undefined ? {} : { apiVersion: involved.apiVersion }),
      ...(involved.kind === undefined ? {} : { kind: involved.kind }),
      ...(meta.name === undefined ? {} : { name: meta.name }),
      ...(meta.namespace === undefined ? {} : { namespace: meta.namespace }),
      ...(meta.uid === undefined ? {} : { uid: meta.uid }),
      ...(meta.resourceVersion === undefined ? {} : { resourceVersion: meta.resourceVersion }),
    };
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace, name: `${meta.name ?? 'unknown'}.${nanos.toString(16)}` },
      involvedObject,
      type: event.type,
      reason: event.reason,
      message: event.message,
      source: { component, ...(host === undefined ? {} : { host }) },
      reportingComponent: component,
      reportingInstance: host ?? component,
      firstTimestamp: formatTime(now),
      lastTimestamp: formatTime(now),
      count: 1,
    };
  }

  private touch(key: string, entry: Series): void {
    this.series.delete(key);
    this.series.set(key, entry);
    const max = this.options.maxTracked ?? 4096;
    while (this.series.size > max) {
      const oldest = this.series.keys().next();
      if (oldest.done === true) break;
      this.series.delete(oldest.value);
    }
  }

  private report(error: unknown): void {
    try {
      this.options.onError?.(error);
    } catch {
      // Nowhere left to report.
    }
  }
}

function seriesKey(involved: KubeObject, event: EventInput): string {
  const meta = involved.metadata ?? {};
  return [
    meta.namespace ?? '',
    involved.kind ?? '',
    meta.name ?? '',
    meta.uid ?? '',
    event.type,
    event.reason,
    event.message,
  ].join('\u0000');
}
