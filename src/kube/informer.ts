import type { Cancel, Clock } from '../lib/clock.js';
import type { Random } from '../lib/random.js';
import { Backoff } from './backoff.js';
import type { BackoffOptions } from './backoff.js';
import type { KubeClient, KubeObject, ListOptions, WatchEvent, WatchHandle } from './client.js';
import { isGone } from './errors.js';
import { InformerCache } from './informer-cache.js';
import type { CacheChange, ChangeType } from './informer-cache.js';
import type { ResourceType } from './resources.js';
import { resourceVersionOf, toWire } from './wire.js';

export type { ChangeType } from './informer-cache.js';

export interface InformerOptions extends ListOptions {
  readonly clock: Clock;
  readonly random: Random;
  /**
   * Restart delays after failures; 0.5 s doubling to 30 s, at least half of each kept, from the
   * start again after 2 min without failures (a long-lived idle watch delivers nothing to reset it).
   */
  readonly backoff?: BackoffOptions;
  /**
   * A watch that ends cleanly this soon after opening, having delivered nothing, counts as a
   * failure, so a server that closes streams at once is not hammered in a tight loop. 1 s.
   */
  readonly minWatchMs?: number;
}

export const DEFAULT_INFORMER_BACKOFF: BackoffOptions = {
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.5,
  resetAfterMs: 120_000,
};

export type ChangeHandler<T> = (type: ChangeType, object: T, old: T | undefined) => void;

export interface InformerError {
  readonly phase: 'list' | 'watch' | 'handler';
  readonly error: unknown;
  /** When the informer tries again (list and watch failures). */
  readonly retryInMs?: number;
}

/**
 * A list-then-watch cache of one resource type (optionally one namespace and selector), shared by
 * every reader. It never gives up: a clean stream end resumes from the last resourceVersion, 410
 * Gone relists (reporting deletes for what vanished), any other failure retries with backoff.
 */
export class Informer<T extends KubeObject> {
  private readonly cache = new InformerCache<T>();
  private readonly handlers = new Set<ChangeHandler<T>>();
  private readonly errorHandlers = new Set<(error: InformerError) => void>();
  private readonly backoff: Backoff;
  private readonly syncWaiters: ((synced: boolean) => void)[] = [];
  private lastResourceVersion = '';
  private synced = false;
  private started = false;
  private stopped = false;
  /** Bumped for every list or watch attempt; callbacks of older attempts are ignored. */
  private attempt = 0;
  private watchHandle: WatchHandle | undefined;
  private cancelTimer: Cancel | undefined;
  private lastWatchEmptyGone = false;
  /** Counts the changes reported, so readers can tell whether an answer derived from the cache still holds. */
  private changes = 0;

  constructor(
    private readonly client: KubeClient,
    readonly type: ResourceType,
    private readonly options: InformerOptions,
  ) {
    this.backoff = new Backoff(options.backoff ?? DEFAULT_INFORMER_BACKOFF, options.random);
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.relist();
  }

  /** Ends the watch and any pending retry. Fires no error and no change; sync waiters get `false`. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.attempt++;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    for (const wake of this.syncWaiters.splice(0)) wake(false);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves `true` once the first list is in the cache, or `false` if stopped before that. */
  waitForSync(): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  /** Cached objects are shared, not copied: treat them as read-only (copy before mutating). */
  get(namespace: string | undefined, name: string): T | undefined {
    return this.cache.get(namespace, name);
  }

  list(namespace?: string): T[] {
    return this.cache.list(namespace);
  }

  resourceVersion(): string {
    return this.lastResourceVersion;
  }

  /** Moves whenever the cache reports a change; equal versions mean equal contents. */
  version(): number {
    return this.changes;
  }

  /**
   * Like client-go, a handler added after objects are cached is first told about each of them
   * as an `add` (synchronously), so late subscribers to a shared informer miss nothing.
   */
  onChange(handler: ChangeHandler<T>): () => void {
    this.handlers.add(handler);
    for (const object of this.cache.list()) this.call(handler, { type: 'add', object });
    return () => this.handlers.delete(handler);
  }

  onAdd(handler: (object: T) => void): () => void {
    return this.onChange((type, object) => type === 'add' && handler(object));
  }

  onUpdate(handler: (object: T, old: T) => void): () => void {
    return this.onChange((type, object, old) => type === 'update' && old !== undefined && handler(object, old));
  }

  onDelete(handler: (object: T) => void): () => void {
    return this.onChange((type, object) => type === 'delete' && handler(object));
  }

  /** Failures are reported here (for logs and metrics); the informer recovers by itself. */
  onError(handler: (error: InformerError) => void): () => void {
    this.errorHandlers.add(handler);
    return () => this.errorHandlers.delete(handler);
  }

  private listOptions(): ListOptions {
    const { namespace, labelSelector, fieldSelector } = this.options;
    return {
      ...(namespace === undefined ? {} : { namespace }),
      ...(labelSelector === undefined ? {} : { labelSelector }),
      ...(fieldSelector === undefined ? {} : { fieldSelector }),
    };
  }

  private relist(): void {
    const attempt = ++this.attempt;
    this.guard(
      // Through a promise, so a client that throws synchronously still lands in the retry path.
      Promise.resolve()
        .then(() => this.client.list<T>(this.type, this.listOptions()))
        .then(
          (list) => {
            if (attempt !== this.attempt) return;
            const changes = this.cache.replace(list.items.map((item) => cachedForm(item)));
            this.lastResourceVersion = list.resourceVersion;
            this.backoff.reset();
            this.markSynced();
            for (const change of changes) this.emit(change);
            this.watchFrom(attempt);
          },
          (error: unknown) => {
            if (attempt === this.attempt) this.retryLater('list', error, () => this.relist());
          },
        ),
    );
  }

  /** Opens a watch from the last seen resourceVersion; `previous` is the attempt that asked for it. */
  private watchFrom(previous: number): void {
    if (previous !== this.attempt || this.stopped) return;
    const attempt = ++this.attempt;
    const openedAt = this.options.clock.now();
    let delivered = 0;
    const onEvent = (event: WatchEvent<T>): void => {
      if (attempt !== this.attempt) return;
      delivered++;
      this.backoff.reset();
      this.apply(event);
    };
    const onClose = (error?: unknown): void => {
      if (attempt !== this.attempt) return;
      this.watchHandle = undefined;
      const quick = delivered === 0 && this.options.clock.now() - openedAt < (this.options.minWatchMs ?? 1000);
      if (error === undefined) {
        if (quick) this.schedule(this.nextDelayMs(), () => this.watchFrom(this.attempt));
        else this.watchFrom(attempt);
      } else if (isGone(error)) {
        const repeated = this.lastWatchEmptyGone && delivered === 0;
        this.lastWatchEmptyGone = delivered === 0;
        this.lastResourceVersion = '';
        if (repeated) this.retryLater('watch', error, () => this.relist());
        else this.relist();
      } else {
        this.retryLater('watch', error, () => this.watchFrom(this.attempt));
      }
    };
    try {
      const handle = this.client.watch<T>(
        this.type,
        { ...this.listOptions(), resourceVersion: this.lastResourceVersion },
        onEvent,
        onClose,
      );
      if (attempt === this.attempt) this.watchHandle = handle;
    } catch (error) {
      onClose(error);
    }
  }

  private apply(event: WatchEvent<T>): void {
    const object = cachedForm(event.object);
    const resourceVersion = resourceVersionOf(object);
    if (resourceVersion !== '') this.lastResourceVersion = resourceVersion;
    switch (event.type) {
      case 'ADDED':
      case 'MODIFIED':
        this.emit(this.cache.upsert(object));
        return;
      case 'DELETED':
        this.emit(this.cache.remove(object));
        return;
      case 'BOOKMARK':
        return;
    }
  }

  private retryLater(phase: 'list' | 'watch', error: unknown, retry: () => void): void {
    const retryInMs = this.nextDelayMs();
    this.report({ phase, error, retryInMs });
    this.schedule(retryInMs, retry);
  }

  private nextDelayMs(): number {
    return this.backoff.nextDelayMs(this.options.clock.now());
  }

  private schedule(delayMs: number, run: () => void): void {
    this.cancelTimer?.();
    this.cancelTimer = this.options.clock.setTimer(delayMs, () => {
      this.cancelTimer = undefined;
      if (!this.stopped) run();
    });
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    for (const wake of this.syncWaiters.splice(0)) wake(true);
  }

  private emit(change: CacheChange<T> | undefined): void {
    if (change === undefined) return;
    this.changes++;
    for (const handler of [...this.handlers]) this.call(handler, change);
  }

  private call(handler: ChangeHandler<T>, change: CacheChange<T>): void {
    try {
      handler(change.type, change.object, change.old);
    } catch (error) {
      this.report({ phase: 'handler', error });
    }
  }

  private report(error: InformerError): void {
    for (const handler of [...this.errorHandlers]) {
      try {
        handler(error);
      } catch {
        // An error handler that throws has nowhere left to report to.
      }
    }
  }

  /** Nothing the informer starts may end as an unhandled rejection. */
  private guard(promise: Promise<unknown>): void {
    promise.catch((error: unknown) => this.report({ phase: 'handler', error }));
  }
}

/**
 * The cache keeps plain JSON without `metadata.managedFields`: no reader looks at them, and on a
 * real cluster they are often a third of a pod (client-go's `TransformStripManagedFields`).
 */
function cachedForm<T>(value: T): T {
  const object = toWire(value);
  const metadata = (object as KubeObject | null)?.metadata;
  if (metadata?.managedFields !== undefined && !Object.isFrozen(metadata)) delete metadata.managedFields;
  return object;
}
