import type { Event } from 'kubernetes-types/core/v1.js';
import type { Cancel } from '../lib/clock.js';
import { EVENTS } from '../kube/resources.js';
import type { ObjectStore } from './store.js';

/** kube-apiserver's `--event-ttl` default: an Event lives one hour after it was last written. */
export const EVENT_TTL_MS = 3_600_000;

/**
 * Deletes each Event `ttlMs` after its last write, as the apiserver's etcd lease does. Without it
 * a long `spillway up` or a simulated week keeps every pod's Events forever.
 */
export class EventExpiry {
  private readonly timers = new Map<string, Cancel>();
  private handle: { stop(): void } | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly ttlMs = EVENT_TTL_MS,
  ) {}

  start(): void {
    this.handle = this.store.watch<Event>(EVENTS, { copy: false }, ({ type, object }) => {
      const uid = object.metadata?.uid ?? '';
      this.timers.get(uid)?.();
      this.timers.delete(uid);
      if (type === 'DELETED') return;
      const ref = { namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' };
      const expire = () => {
        this.timers.delete(uid);
        if (this.store.find<Event>(EVENTS, ref)?.metadata?.uid === uid) this.store.delete(EVENTS, ref);
      };
      this.timers.set(uid, this.store.clock.setTimer(this.ttlMs, expire));
    });
  }

  stop(): void {
    this.handle?.stop();
    this.handle = undefined;
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }
}
