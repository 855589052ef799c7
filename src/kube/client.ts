import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { ResourceType } from './resources.js';
import type { KubeError } from './errors.js';

/**
 * The one narrow door to Kubernetes. Implemented over HTTP (`kube/http/`) and in-process against
 * the embedded cluster (`kube/memory/`); the controller cannot tell them apart. Failures reject
 * with `KubeError` (status + reason), never with a bare string.
 */
export interface KubeClient {
  list<T extends KubeObject>(type: ResourceType, options?: ListOptions): Promise<ObjectList<T>>;
  /**
   * Streams changes after `options.resourceVersion`. `onClose` is called exactly once: with no
   * argument when the stream ended normally (resume from the last seen resourceVersion), or with
   * a KubeError (410 Gone means relist).
   */
  watch<T extends KubeObject>(
    type: ResourceType,
    options: WatchOptions,
    onEvent: (event: WatchEvent<T>) => void,
    onClose: (error?: KubeError) => void,
  ): WatchHandle;
  get<T extends KubeObject>(type: ResourceType, ref: ObjectRef): Promise<T>;
  create<T extends KubeObject>(type: ResourceType, object: T): Promise<T>;
  /** PUT; a stale `metadata.resourceVersion` rejects with 409 Conflict. */
  update<T extends KubeObject>(type: ResourceType, object: T): Promise<T>;
  /** PUT on the status subresource. */
  updateStatus<T extends KubeObject>(type: ResourceType, object: T): Promise<T>;
  /** JSON merge patch (RFC 7386), on the object or its status subresource. */
  mergePatch<T extends KubeObject>(
    type: ResourceType,
    ref: ObjectRef,
    patch: object,
    options?: { subresource?: 'status' },
  ): Promise<T>;
  delete(type: ResourceType, ref: ObjectRef, options?: DeleteOptions): Promise<void>;
  getScale(type: ResourceType, ref: ObjectRef): Promise<Scale>;
  /** Writes `spec.replicas` through the scale subresource. */
  writeScale(type: ResourceType, ref: ObjectRef, replicas: number): Promise<Scale>;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface ObjectRef {
  readonly namespace?: string;
  readonly name: string;
}

export interface ListOptions {
  /** Omit for all namespaces (or for cluster-scoped resources). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

export interface WatchOptions extends ListOptions {
  readonly resourceVersion: string;
}

export interface ObjectList<T> {
  readonly items: T[];
  readonly resourceVersion: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T> {
  readonly type: WatchEventType;
  readonly object: T;
}

export interface WatchHandle {
  stop(): void;
}

export interface DeleteOptions {
  readonly propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  readonly gracePeriodSeconds?: number;
}

export function refOf(object: KubeObject): ObjectRef {
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace;
  return namespace === undefined ? { name } : { namespace, name };
}
