import type { LabelSelector } from '../lib/label-selector.js';
import { matchesLabels } from '../lib/label-selector.js';
import type { FieldRequirement } from './field-selector.js';
import { matchesFields } from './field-selector.js';
import type { JsonObject } from './json.js';
import { isJsonObject } from './json.js';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, as recorded in the history. `object` and `previous` are never mutated once recorded. */
export interface StoreEvent {
  readonly resourceVersion: number;
  /** Storage key (`group/plural`) of the object's type. */
  readonly key: string;
  readonly type: StoreEventType;
  readonly object: JsonObject;
  readonly previous?: JsonObject;
}

export interface WatchFilter {
  readonly namespace?: string;
  readonly labels: LabelSelector;
  readonly fields: readonly FieldRequirement[];
}

export interface DeliveredEvent {
  readonly type: StoreEventType;
  readonly object: JsonObject;
}

/**
 * What a filtered watcher sees: an object that stops matching is DELETED for it and one that starts
 * matching is ADDED, as the apiserver's cacher does, so a selector-filtered cache never goes stale.
 */
export function filterEvent(filter: WatchFilter, event: StoreEvent): StoreEventType | undefined {
  const now = matches(filter, event.object);
  if (event.type !== 'MODIFIED') return now ? event.type : undefined;
  const before = event.previous !== undefined && matches(filter, event.previous);
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED';
  return undefined;
}

export function matchesEverything(filter: WatchFilter): boolean {
  return filter.namespace === undefined && filter.labels.requirements.length === 0 && filter.fields.length === 0;
}

export function matches(filter: WatchFilter, object: JsonObject): boolean {
  const metadata = isJsonObject(object.metadata) ? object.metadata : undefined;
  if (filter.namespace !== undefined && metadata?.namespace !== filter.namespace) return false;
  const labels = (isJsonObject(metadata?.labels) ? metadata.labels : undefined) as
    Readonly<Record<string, string>> | undefined;
  return matchesLabels(filter.labels, labels) && matchesFields(filter.fields, object);
}

/** A bounded log of recent changes, so watches can resume from a resourceVersion. */
export class EventHistory {
  private readonly events: StoreEvent[] = [];
  private start = 0;
  /** The newest resourceVersion no longer covered: resuming from before it is 410 Expired. */
  private compactedThrough = 0;

  constructor(private readonly limit: number) {}

  record(event: StoreEvent): void {
    this.events.push(event);
    if (this.events.length - this.start > this.limit) {
      const dropped = this.events[this.start];
      this.start++;
      if (dropped !== undefined) this.compactedThrough = dropped.resourceVersion;
      // Compact the array now and then rather than shifting on every event.
      if (this.start > this.limit) {
        this.events.splice(0, this.start);
        this.start = 0;
      }
    }
  }

  /** Events after `resourceVersion`, or undefined when some of them have been dropped. */
  since(resourceVersion: number): StoreEvent[] | undefined {
    if (resourceVersion < this.compactedThrough) return undefined;
    const out: StoreEvent[] = [];
    for (let i = this.events.length - 1; i >= this.start; i--) {
      const event = this.events[i];
      if (event === undefined || event.resourceVersion <= resourceVersion) break;
      out.push(event);
    }
    return out.reverse();
  }

  oldestResumable(): number {
    return this.compactedThrough;
  }
}

interface Watcher {
  readonly id: number;
  readonly key: string;
  readonly filter: WatchFilter;
  /** No namespace, label or field condition: every event is delivered as it is. */
  readonly unfiltered: boolean;
  readonly deliver: (event: DeliveredEvent) => void;
  lastDelivered: number;
}

/**
 * Fans events out to watchers in resourceVersion order. Dispatch is never re-entered: a watcher
 * that writes to the store during a callback queues its events behind the current one, so every
 * watcher sees every change in the same order.
 */
export class WatchHub {
  // By storage key, each in the order the watches started: an event only visits its own type's.
  private readonly watchers = new Map<string, Map<number, Watcher>>();
  private readonly queue: StoreEvent[] = [];
  private readonly idleTasks: (() => void)[] = [];
  private dispatching = false;
  private nextId = 1;

  constructor(private readonly onWatcherError: (error: unknown) => void) {}

  add(
    key: string,
    filter: WatchFilter,
    startAfter: number,
    deliver: (event: DeliveredEvent) => void,
  ): { stop(): void } {
    const id = this.nextId++;
    let forKey = this.watchers.get(key);
    if (forKey === undefined) {
      forKey = new Map();
      this.watchers.set(key, forKey);
    }
    forKey.set(id, { id, key, filter, unfiltered: matchesEverything(filter), deliver, lastDelivered: startAfter });
    const watchers = forKey;
    return { stop: () => watchers.delete(id) };
  }

  publish(event: StoreEvent): void {
    this.queue.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (;;) {
        for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.dispatch(next);
        const task = this.idleTasks.shift();
        if (task === undefined) break;
        this.runSafely(task);
      }
    } finally {
      this.dispatching = false;
    }
  }

  /**
   * Runs `task` once every queued event has been delivered (at once when nothing is being
   * dispatched), so a controller can batch the work a cascade of events asks for.
   */
  whenIdle(task: () => void): void {
    if (this.dispatching) this.idleTasks.push(task);
    else this.runSafely(task);
  }

  private runSafely(task: () => void): void {
    try {
      task();
    } catch (error) {
      this.onWatcherError(error);
    }
  }

  size(): number {
    let total = 0;
    for (const forKey of this.watchers.values()) total += forKey.size;
    return total;
  }

  private dispatch(event: StoreEvent): void {
    const forKey = this.watchers.get(event.key);
    if (forKey === undefined) return;
    // Every unfiltered watcher is handed the same (frozen) delivery; a filtered one may see another type.
    let asRecorded: DeliveredEvent | undefined;
    // Iterated live: a watcher stopped by an earlier callback is skipped, and one started by a
    // callback already starts after this event's resourceVersion.
    for (const watcher of forKey.values()) {
      if (event.resourceVersion <= watcher.lastDelivered) continue;
      watcher.lastDelivered = event.resourceVersion;
      const type = watcher.unfiltered ? event.type : filterEvent(watcher.filter, event);
      if (type === undefined) continue;
      try {
        watcher.deliver(
          type === event.type
            ? (asRecorded ??= Object.freeze({ type, object: event.object }))
            : { type, object: event.object },
        );
      } catch (error) {
        this.onWatcherError(error);
      }
    }
  }
}
