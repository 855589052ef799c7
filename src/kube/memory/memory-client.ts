import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type {
  DeleteOptions,
  KubeClient,
  KubeObject,
  ListOptions,
  ObjectList,
  ObjectRef,
  WatchEvent,
  WatchHandle,
  WatchOptions,
} from '../client.js';
import { KubeError } from '../errors.js';
import type { ResourceType } from '../resources.js';
import type { ObjectStore } from '../../cluster/store.js';

/**
 * KubeClient over the embedded cluster's store, in-process. Every call settles asynchronously and
 * watch events arrive on later microtasks, as they would over a network, so code that works here
 * does not rely on synchronous delivery. Objects are deep copies unless asked otherwise; errors are
 * the store's KubeErrors.
 */
export class MemoryKubeClient implements KubeClient {
  private readonly store: ObjectStore;

  /**
   * `copies: false` hands out the store's frozen objects instead of deep copies, for a caller that
   * never changes what it reads (the simulator's controller): much cheaper per call.
   */
  constructor(store: ObjectStore, options: { readonly copies?: boolean } = {}) {
    this.store = options.copies === false ? store.withoutCopies() : store;
  }

  list<T extends KubeObject>(type: ResourceType, options: ListOptions = {}): Promise<ObjectList<T>> {
    return call(() => this.store.list<T>(type, options));
  }

  /** `stop()` ends the stream without calling `onClose`: the caller asked for it. */
  watch<T extends KubeObject>(
    type: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: (error?: KubeError) => void,
  ): WatchHandle {
    let stopped = false;
    let inner: { stop(): void } | undefined;
    try {
      inner = this.store.watch<T>(type, options, (event) =>
        later(() => {
          if (!stopped) onEvent(event);
        }),
      );
    } catch (error) {
      stopped = true;
      const failure =
        error instanceof KubeError ? error : new KubeError(500, 'InternalError', String(error), { cause: error });
      queueMicrotask(() => onClose(failure));
    }
    return {
      stop: () => {
        stopped = true;
        inner?.stop();
      },
    };
  }

  get<T extends KubeObject>(type: ResourceType, ref: ObjectRef): Promise<T> {
    return call(() => this.store.get<T>(type, ref));
  }

  create<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    return call(() => this.store.create<T>(type, object));
  }

  update<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    return call(() => this.store.update<T>(type, object));
  }

  updateStatus<T extends KubeObject>(type: ResourceType, object: T): Promise<T> {
    return call(() => this.store.updateStatus<T>(type, object));
  }

  mergePatch<T extends KubeObject>(
    type: ResourceType,
    ref: ObjectRef,
    patch: object,
    options: { subresource?: 'status' } = {},
  ): Promise<T> {
    return call(() => this.store.mergePatch<T>(type, ref, patch, options));
  }

  delete(type: ResourceType, ref: ObjectRef, options: DeleteOptions = {}): Promise<void> {
    return call(() => {
      this.store.delete(type, ref, options);
    });
  }

  getScale(type: ResourceType, ref: ObjectRef): Promise<Scale> {
    return call(() => this.store.getScale(type, ref));
  }

  writeScale(type: ResourceType, ref: ObjectRef, replicas: number): Promise<Scale> {
    return call(() => this.store.writeScale(type, ref, replicas));
  }
}

const settled = Promise.resolve();

/**
 * Runs `task` on a later microtask, as queueMicrotask would (a throw is an uncaught exception)
 * without the async-hooks resource Node creates for each queueMicrotask: one per watch event.
 */
function later(task: () => void): void {
  void settled.then(() => {
    try {
      task();
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  });
}

/** Runs the store call on a later microtask so results and failures both arrive asynchronously. */
function call<T>(operation: () => T): Promise<T> {
  return settled.then(operation);
}
