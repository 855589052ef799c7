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
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private stopped = false;

  constructor(
    private readonly client: KubeClient,
    private readonly options: InformerFactoryOptions,
  ) {}

  informerFor<T extends KubeObject>(type: ResourceType, scope: InformerScope = {}): Informer<T> {
    const key = `${typeKeyOf(type)}|${scope.namespace ?? '*'}|${scope.labelSelector ?? ''}`;
    let informer = this.informers.get(key);
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
      this.informers.set(key, informer);
      if (!this.stopped) informer.start();
    }
    // Safe: the key includes the type, and a type's objects are all T to the caller.
    return informer as unknown as Informer<T>;
  }

  /** Resolves `true` when every informer created so far has synced (`false` if one was stopped first). */
  async waitForSync(): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
    return results.every(Boolean);
  }

  hasSynced(): boolean {
    return [...this.informers.values()].every((i) => i.hasSynced());
  }

  size(): number {
    return this.informers.size;
  }

  stop(): void {
    this.stopped = true;
    for (const informer of this.informers.values()) informer.stop();
  }
}
