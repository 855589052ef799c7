import { hostname } from 'node:os';
import type { Scale } from 'kubernetes-types/autoscaling/v1.js';
import type { Random } from '../lib/random.js';
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
} from './client.js';
import { KubeError } from './errors.js';
import type { ResourceType } from './resources.js';

/** A unique candidate identity, as client-go recommends: the host (pod) name plus a random suffix. */
export function leaderIdentity(random: Random, host: string = hostname()): string {
  return `${host}_${random.hex(8)}`;
}

export function isNotLeader(error: unknown): boolean {
  return error instanceof KubeError && error.reason === 'NotLeader';
}

/**
 * Only the leader writes: reads and watches pass through, every write rejects with 403
 * `NotLeader` (not retryable) while `isLeader()` is false. A safety net under the controller,
 * which should not try to write when it is not leading in the first place.
 */
export function leaderOnlyWrites(client: KubeClient, isLeader: () => boolean): KubeClient {
  const check = (verb: string, type: ResourceType): void => {
    if (!isLeader()) throw new KubeError(403, 'NotLeader', `not the leader: refusing to ${verb} ${type.plural}`);
  };
  return {
    list: <T extends KubeObject>(type: ResourceType, options?: ListOptions): Promise<ObjectList<T>> =>
      client.list<T>(type, options),
    watch: <T extends KubeObject>(
      type: ResourceType,
      options: WatchOptions,
      onEvent: (event: WatchEvent<T>) => void,
      onClose: (error?: KubeError) => void,
    ): WatchHandle => client.watch<T>(type, options, onEvent, onClose),
    get: <T extends KubeObject>(type: ResourceType, ref: ObjectRef): Promise<T> => client.get<T>(type, ref),
    getScale: (type: ResourceType, ref: ObjectRef): Promise<Scale> => client.getScale(type, ref),
    create: async <T extends KubeObject>(type: ResourceType, object: T): Promise<T> => {
      check('create', type);
      return client.create(type, object);
    },
    update: async <T extends KubeObject>(type: ResourceType, object: T): Promise<T> => {
      check('update', type);
      return client.update(type, object);
    },
    updateStatus: async <T extends KubeObject>(type: ResourceType, object: T): Promise<T> => {
      check('update the status of', type);
      return client.updateStatus(type, object);
    },
    mergePatch: async <T extends KubeObject>(
      type: ResourceType,
      ref: ObjectRef,
      patch: object,
      options?: { subresource?: 'status' },
    ): Promise<T> => {
      check('patch', type);
      return client.mergePatch<T>(type, ref, patch, options);
    },
    delete: async (type: ResourceType, ref: ObjectRef, options?: DeleteOptions): Promise<void> => {
      check('delete', type);
      return client.delete(type, ref, options);
    },
    writeScale: async (type: ResourceType, ref: ObjectRef, replicas: number): Promise<Scale> => {
      check('scale', type);
      return client.writeScale(type, ref, replicas);
    },
  };
}
