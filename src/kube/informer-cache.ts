import type { KubeObject } from './client.js';
import { resourceVersionOf } from './wire.js';

export type ChangeType = 'add' | 'update' | 'delete';

export interface CacheChange<T> {
  readonly type: ChangeType;
  readonly object: T;
  readonly old?: T;
}

/** The informer's store, indexed by namespace then name ('' namespace for cluster-scoped objects). */
export class InformerCache<T extends KubeObject> {
  private readonly byNamespace = new Map<string, Map<string, T>>();

  get(namespace: string | undefined, name: string): T | undefined {
    return this.byNamespace.get(namespace ?? '')?.get(name);
  }

  /** Objects of one namespace, or all of them. */
  list(namespace?: string): T[] {
    if (namespace !== undefined) return [...(this.byNamespace.get(namespace)?.values() ?? [])];
    const out: T[] = [];
    for (const bucket of this.byNamespace.values()) out.push(...bucket.values());
    return out;
  }

  size(): number {
    let n = 0;
    for (const bucket of this.byNamespace.values()) n += bucket.size;
    return n;
  }

  /** Stores `object`; returns the change to report, or undefined when its resourceVersion is the one cached. */
  upsert(object: T): CacheChange<T> | undefined {
    const { namespace, name } = keyOf(object);
    let bucket = this.byNamespace.get(namespace);
    if (bucket === undefined) this.byNamespace.set(namespace, (bucket = new Map()));
    const old = bucket.get(name);
    bucket.set(name, object);
    if (old === undefined) return { type: 'add', object };
    if (resourceVersionOf(old) === resourceVersionOf(object) && resourceVersionOf(object) !== '') return undefined;
    return { type: 'update', object, old };
  }

  remove(object: T): CacheChange<T> | undefined {
    const { namespace, name } = keyOf(object);
    const bucket = this.byNamespace.get(namespace);
    const old = bucket?.get(name);
    if (bucket === undefined || old === undefined) return undefined;
    bucket.delete(name);
    if (bucket.size === 0) this.byNamespace.delete(namespace);
    // The final state the server sent, so handlers see e.g. the deletion timestamp.
    return { type: 'delete', object, old };
  }

  /**
   * Replaces the contents with a fresh list: deletes for objects that vanished (in key order),
   * then adds and updates in list order, as client-go's Replace does after a relist.
   */
  replace(items: readonly T[]): CacheChange<T>[] {
    const fresh = new Set(items.map((item) => joinKey(keyOf(item))));
    const changes: CacheChange<T>[] = [];
    const vanished = this.list()
      .filter((object) => !fresh.has(joinKey(keyOf(object))))
      .sort((a, b) => compare(joinKey(keyOf(a)), joinKey(keyOf(b))));
    for (const object of vanished) {
      const change = this.remove(object);
      if (change !== undefined) changes.push({ type: 'delete', object: change.old ?? object });
    }
    for (const item of items) {
      const change = this.upsert(item);
      if (change !== undefined) changes.push(change);
    }
    return changes;
  }
}

function keyOf(object: KubeObject): { namespace: string; name: string } {
  return { namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' };
}

function joinKey(key: { namespace: string; name: string }): string {
  return `${key.namespace}/${key.name}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
