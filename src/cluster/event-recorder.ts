import type { Event, ObjectReference } from 'kubernetes-types/core/v1.js';
import { formatTime } from '../lib/clock.js';
import { EVENTS } from '../kube/resources.js';
import type { ObjectStore } from './store.js';

export type EventType = 'Normal' | 'Warning';

interface Involved {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

/** Series remembered for folding repeats, oldest forgotten first: client-go's LRU size. */
const MAX_SERIES = 4096;

/**
 * Writes core/v1 Events the way client-go's recorder does: a repeat of the same reason and
 * message for the same object bumps `count` and `lastTimestamp` instead of adding another Event;
 * once that Event has expired (or the series was forgotten), the repeat starts a new one.
 */
export class EventRecorder {
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly component: string,
  ) {}

  record(object: Involved, type: EventType, reason: string, message: string): void {
    const namespace = object.metadata?.namespace ?? 'default';
    const involvedObject: ObjectReference = {
      kind: object.kind ?? '',
      namespace,
      name: object.metadata?.name ?? '',
      uid: object.metadata?.uid ?? '',
      apiVersion: object.apiVersion ?? '',
    };
    const now = formatTime(this.store.clock.now());
    const key = `${involvedObject.uid ?? ''}|${reason}|${message}`;
    const existingName = this.seen.get(key);
    const existing =
      existingName === undefined ? undefined : this.store.find<Event>(EVENTS, { namespace, name: existingName });
    if (existing !== undefined) {
      this.store.update<Event>(EVENTS, { ...existing, count: (existing.count ?? 1) + 1, lastTimestamp: now });
      this.remember(key, existing.metadata?.name ?? '');
      return;
    }
    const name = `${involvedObject.name ?? 'object'}.${this.store.random.hex(16)}`;
    this.store.create<Event>(EVENTS, {
      metadata: { name, namespace },
      involvedObject,
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: now,
      lastTimestamp: now,
      source: { component: this.component },
      reportingComponent: this.component,
      reportingInstance: this.component,
    });
    this.remember(key, name);
  }

  /** Most recently used last, so the first key is the one to forget. */
  private remember(key: string, name: string): void {
    this.seen.delete(key);
    this.seen.set(key, name);
    if (this.seen.size > MAX_SERIES) {
      const oldest = this.seen.keys().next();
      if (oldest.done !== true) this.seen.delete(oldest.value);
    }
  }
}
