import type { KubeObject, WatchEvent, WatchEventType, WatchHandle } from './client.js';
import { KubeError } from './errors.js';
import type { ObjectFilter } from './selectors.js';
import { toWire } from './wire.js';

/** One stored change, kept so a watch can resume from any resourceVersion still in history. */
export interface Change {
  readonly typeKey: string;
  readonly resourceVersion: number;
  readonly type: Exclude<WatchEventType, 'BOOKMARK'>;
  readonly object: KubeObject;
  /** The object before a MODIFIED, so a selector watch can see it leave or enter its selection. */
  readonly old?: KubeObject;
}

interface Watcher {
  readonly typeKey: string;
  readonly filter: ObjectFilter;
  readonly onEvent: (event: WatchEvent<KubeObject>) => void;
  readonly onClose: (error?: KubeError) => void;
  closed: boolean;
}

/**
 * Watch streams for the fake client. Delivery is asynchronous (a microtask per event, in order),
 * like a real stream, so a handler never runs inside the write that caused it.
 */
export class FakeWatchHub {
  private history: Change[] = [];
  private compactedBelow = 0;
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly historyLimit: number) {}

  record(change: Change): void {
    this.history.push(change);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(0, this.history.length - this.historyLimit);
      this.compactedBelow = (dropped.at(-1)?.resourceVersion ?? this.compactedBelow) + 1;
    }
    for (const watcher of this.watchers) this.deliver(watcher, change);
  }

  open(
    typeKey: string,
    fromResourceVersion: number,
    filter: ObjectFilter,
    onEvent: Watcher['onEvent'],
    onClose: Watcher['onClose'],
  ): WatchHandle {
    const watcher: Watcher = { typeKey, filter, onEvent, onClose, closed: false };
    if (fromResourceVersion + 1 < this.compactedBelow) {
      this.end(watcher, expired(fromResourceVersion, this.compactedBelow));
      return { stop: () => this.detach(watcher) };
    }
    this.watchers.add(watcher);
    for (const change of this.history) {
      if (change.resourceVersion > fromResourceVersion) this.deliver(watcher, change);
    }
    return { stop: () => this.detach(watcher) };
  }

  /** Ends every open stream, cleanly or with `error`. */
  closeAll(error?: KubeError): void {
    for (const watcher of [...this.watchers]) this.end(watcher, error);
  }

  /** Forgets all history: a watch from any earlier resourceVersion now gets 410 Gone. */
  compact(currentResourceVersion: number): void {
    this.history = [];
    this.compactedBelow = currentResourceVersion + 1;
  }

  openCount(): number {
    return this.watchers.size;
  }

  private deliver(watcher: Watcher, change: Change): void {
    if (watcher.typeKey !== change.typeKey) return;
    const event = translate(change, watcher.filter);
    if (event === undefined) return;
    queueMicrotask(() => {
      if (!watcher.closed) watcher.onEvent(event);
    });
  }

  /** Fails or ends one stream; `onClose` runs once, after everything already queued for it. */
  end(watcher: Watcher, error?: KubeError): void {
    this.watchers.delete(watcher);
    queueMicrotask(() => {
      if (watcher.closed) return;
      watcher.closed = true;
      watcher.onClose(error);
    });
  }

  private detach(watcher: Watcher): void {
    watcher.closed = true;
    this.watchers.delete(watcher);
  }
}

/** As the API server does for a filtered watch: objects that leave the selection arrive as DELETED. */
function translate(change: Change, filter: ObjectFilter): WatchEvent<KubeObject> | undefined {
  const matchesNow = filter(change.object);
  if (change.type !== 'MODIFIED') return matchesNow ? { type: change.type, object: toWire(change.object) } : undefined;
  const matchedBefore = change.old !== undefined && filter(change.old);
  if (matchesNow) return { type: matchedBefore ? 'MODIFIED' : 'ADDED', object: toWire(change.object) };
  return matchedBefore ? { type: 'DELETED', object: toWire(change.object) } : undefined;
}

function expired(requested: number, oldest: number): KubeError {
  return new KubeError(410, 'Expired', `too old resource version: ${requested} (${oldest - 1})`);
}
