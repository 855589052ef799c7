import type { Clock } from '../lib/clock.js';
import type { Random } from '../lib/random.js';
import type { BackoffOptions } from './backoff.js';
import type { KubeClient, KubeObject } from './client.js';
import { Informer } from './informer.js';
import type { InformerError } from './informer.js';
import type { ResourceType } from './resources.js';
import { typeKeyOf } from './scale.js';

export interface InformerFactoryOptions {
  readonly clock: Clock;
  readonly random: Random;
  readonly backoff?: BackoffOptions;
  /** Every informer's failures, for logs and metrics. */
  readonly onError?: (type: ResourceType, error: InformerError) => void;
}

export interface InformerScope {
  /** Omit for all namespaces. */
  readonly namespace?: string;
  readonly labelSelector?: string;
}

/**
 * One informer per (resource type, namespace or all, label selector), started on first use and
 * shared by every reader: a thousand scalers watching pods in one namespace cost one list and
 * one watch, not a list per scaler per poll.
 */
export class InformerFactory {
  private readonly informers: Informer<KubeObject>[] = [];
  /** By type key, namespace ('*' for all) and selector: looked up on every poll, so no key string is built. */
  private readonly index = new Map<string, Map<string, Map<string, Informer<KubeObject>>>>();
  private stopped = false;

  constructor(
    private readonly client: KubeClient,
    private readonly options: InformerFactoryOptions,
  ) {}

  informerFor<T extends KubeObject>(type: ResourceType, scope: InformerScope = {}): Informer<T> {
    const typeKey = memoisedTypeKey(type);
    const namespace = scope.namespace ?? '*';
    const selector = scope.labelSelector ?? '';
    let informer = this.index.get(typeKey)?.get(namespace)?.get(selector);
    if (informer === undefined) {
      informer = new Informer<KubeObject>(this.client, type, {
        clock: this.options.clock,
        random: this.options.random,
        ...(this.options.backoff === undefined ? {} : { backoff: this.options.backoff }),
        ...(scope.namespace === undefined ? {} : { namespace: scope.namespace }),
        ...(scope.labelSelector === undefined ? {} : { labelSelector: scope.labelSelector }),
      });
      const onError = this.options.onError;
      if (onError !== undefined) informer.onError((error) => onError(type, error));
      this.informers.push(informer);
      indexInformer(this.index, [typeKey, namespace, selector], informer);
      if (!this.stopped) informer.start();
    }
    // Safe: the key includes the type, and a type's objects are all T to the caller.
    return informer as unknown as Informer<T>;
  }

  /** Resolves `true` when every informer created so far has synced (`false` if one was stopped first). */
  async waitForSync(): Promise<boolean> {
    const results = await Promise.all(this.informers.map((i) => i.waitForSync()));
    return results.every(Boolean);
  }

  hasSynced(): boolean {
    return this.informers.every((i) => i.hasSynced());
  }

  size(): number {
    return this.informers.length;
  }

  stop(): void {
    this.stopped = true;
    for (const informer of this.informers) informer.stop();
  }
}

/** Resource types are constants, so each one's key is built once (and its hash computed once). */
const typeKeys = new WeakMap<ResourceType, string>();

function memoisedTypeKey(type: ResourceType): string {
  let key = typeKeys.get(type);
  if (key === undefined) {
    key = typeKeyOf(type);
    typeKeys.set(type, key);
  }
  return key;
}

function indexInformer(
  index: Map<string, Map<string, Map<string, Informer<KubeObject>>>>,
  [typeKey, namespace, selector]: readonly [string, string, string],
  informer: Informer<KubeObject>,
): void {
  let byNamespace = index.get(typeKey);
  if (byNamespace === undefined) index.set(typeKey, (byNamespace = new Map()));
  let bySelector = byNamespace.get(namespace);
  if (bySelector === undefined) byNamespace.set(namespace, (bySelector = new Map()));
  bySelector.set(selector, informer);
}
