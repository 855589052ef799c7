import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Event } from 'kubernetes-types/core/v1.js';
import { EVENTS } from '../kube/resources.js';
import { startCluster } from './cluster-test-kit.js';
import { EVENT_TTL_MS } from './event-expiry.js';
import { EventRecorder } from './event-recorder.js';

const MINUTE = 60_000;
const INVOLVED = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', uid: 'u-1' } };

describe('Event expiry (the apiserver --event-ttl, 1 h)', () => {
  it('deletes an Event one hour after its last write; a repeat then starts a new Event', async () => {
    const { cluster, clock } = startCluster();
    const recorder = new EventRecorder(cluster.store, 'kubelet');
    const events = () => cluster.store.list<Event>(EVENTS, { namespace: 'default' }).items;
    const mine = () => events().filter((e) => e.involvedObject.uid === 'u-1');

    recorder.record(INVOLVED, 'Normal', 'Pulled', 'image pulled');
    await clock.advance(30 * MINUTE);
    recorder.record(INVOLVED, 'Normal', 'Pulled', 'image pulled'); // same series: count 2, TTL from now
    assert.deepEqual(
      mine().map((e) => e.count),
      [2],
    );
    await clock.advance(EVENT_TTL_MS - MINUTE);
    assert.equal(mine().length, 1, 'still there 59 min after its last write');
    await clock.advance(MINUTE + 1);
    assert.equal(mine().length, 0, 'gone one hour after its last write');

    recorder.record(INVOLVED, 'Normal', 'Pulled', 'image pulled');
    assert.deepEqual(
      mine().map((e) => e.count),
      [1],
    );
    cluster.stop();
  });

  it('a stopped cluster leaves no expiry timers behind', async () => {
    const { cluster, clock } = startCluster();
    new EventRecorder(cluster.store, 'kubelet').record(INVOLVED, 'Warning', 'BackOff', 'restarting');
    const withTimer = clock.pendingTimers();
    cluster.stop();
    assert.ok(clock.pendingTimers() < withTimer);
    await clock.advance(2 * EVENT_TTL_MS);
    assert.equal(
      cluster.store.list<Event>(EVENTS, { namespace: 'default' }).items.filter((e) => e.involvedObject.uid === 'u-1')
        .length,
      1,
      'nothing expires once the control plane is stopped',
    );
  });
});
