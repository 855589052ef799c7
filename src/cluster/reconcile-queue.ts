import type { ObjectStore } from './store.js';

/**
 * Coalesces reconcile requests until the store has delivered the current burst of events (a
 * scale-up is a dozen events about the same ReplicaSet): each key is reconciled once, against
 * the state the whole burst left, instead of once per event.
 */
export class ReconcileQueue {
  private readonly queued = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly reconcile: (namespace: string, name: string) => void,
  ) {}

  request(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.store.whenIdle(() => {
      this.queued.delete(key);
      this.reconcile(namespace, name);
    });
  }
}
