import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { formatMicroTime } from '../lib/clock.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { KubeError } from './errors.js';
import { FakeKubeClient } from './fake-client.js';
import { LeaderElector } from './leader-election.js';
import { LEASES } from './resources.js';

const LEASE = { namespace: 'spillway-system', name: 'spillway-controller' };

function candidate(fake: FakeKubeClient, clock: VirtualClock, identity: string, log: string[]) {
  return new LeaderElector({
    client: fake,
    clock,
    lease: LEASE,
    identity,
    onStartedLeading: () => log.push(`${clock.now() - START} ${identity} started`),
    onStoppedLeading: () => log.push(`${clock.now() - START} ${identity} stopped`),
  });
}

const START = Date.UTC(2026, 0, 1);

async function readLease(fake: FakeKubeClient): Promise<Lease> {
  return fake.get<Lease>(LEASES, LEASE);
}

describe('LeaderElector', () => {
  it('elects exactly one of two candidates and keeps it while it renews', async () => {
    const clock = new VirtualClock(START);
    const fake = new FakeKubeClient({ clock });
    const log: string[] = [];
    const a = candidate(fake, clock, 'a', log);
    const b = candidate(fake, clock, 'b', log);
    a.start();
    b.start();
    await clock.advance(60_000);
    assert.deepEqual(log, ['0 a started']);
    assert.equal(a.isLeader(), true);
    assert.equal(b.isLeader(), false);
    assert.equal(b.leaderIdentity(), 'a');
    const lease = await readLease(fake);
    assert.equal(lease.spec?.holderIdentity, 'a');
    assert.equal(lease.spec?.leaseDurationSeconds, 15);
    assert.equal(lease.spec?.renewTime, formatMicroTime(START + 60_000));
    assert.match(lease.spec?.acquireTime ?? '', /^2026-01-01T00:00:00\.000000Z$/);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('hands over after the lease duration when the leader dies without releasing', async () => {
    const clock = new VirtualClock(START);
    const fake = new FakeKubeClient({ clock });
    const log: string[] = [];
    const a = candidate(fake, clock, 'a', log);
    const b = candidate(fake, clock, 'b', log);
    a.start();
    b.start();
    await clock.advance(10_000);
    const lastRenew = (await readLease(fake)).spec?.renewTime;
    assert.equal(lastRenew, formatMicroTime(START + 10_000));
    await a.stop({ release: false });
    await clock.advance(14_000);
    assert.equal(b.isLeader(), false, 'must wait out the lease');
    await clock.advance(4_000);
    assert.equal(b.isLeader(), true);
    assert.deepEqual(log, ['0 a started', '10000 a stopped', '26000 b started']);
    const lease = await readLease(fake);
    assert.equal(lease.spec?.holderIdentity, 'b');
    assert.equal(lease.spec?.leaseTransitions, 1);
    await b.stop();
  });

  it('hands over at once (next retry) when the leader releases on shutdown', async () => {
    const clock = new VirtualClock(START);
    const fake = new FakeKubeClient({ clock });
    const log: string[] = [];
    const a = candidate(fake, clock, 'a', log);
    const b = candidate(fake, clock, 'b', log);
    a.start();
    b.start();
    await clock.advance(10_000);
    await a.stop();
    assert.equal((await readLease(fake)).spec?.holderIdentity, '');
    await clock.advance(2_000);
    assert.equal(b.isLeader(), true);
    assert.deepEqual(log, ['0 a started', '10000 a stopped', '12000 b started']);
    await b.stop();
  });

  it("waits for the lease's own leaseDurationSeconds, not its local default", async () => {
    const clock = new VirtualClock(START);
    const fake = new FakeKubeClient({ clock });
    await fake.create<Lease>(LEASES, {
      metadata: LEASE,
      spec: { holderIdentity: 'old', leaseDurationSeconds: 60, renewTime: formatMicroTime(START) },
    });
    const log: string[] = [];
    const a = candidate(fake, clock, 'a', log);
    a.start();
    await clock.advance(58_000);
    assert.equal(a.isLeader(), false);
    await clock.advance(2_000);
    assert.deepEqual(log, ['60000 a started']);
    await a.stop();
  });

  it('loses leadership at once on a 409 while renewing', async () => {
    const clock = new VirtualClock(START);
    const fake = new FakeKubeClient({ clock });
    const log: string[] = [];
    const a = candidate(fake, clock, 'a', log);
    a.start();
    await clock.advance(0);
    fake.failNext('update', new KubeError(409, 'Conflict', 'the object has been modified'));
    await clock.advance(2_000);
    assert.equal(a.isLeader(), false);
    assert.deepEqual(log, ['0 a started', '2000 a stopped']);
    await a.stop();
  });

  it('steps down when it cannot renew within the renew deadline', async () => {
    const clock = new VirtualClock(START);
    const fake = new FakeKubeClient({ clock });
    const log: string[] = [];
    const errors: unknown[] = [];
    const a = new LeaderElector({
      client: fake,
      clock,
      lease: LEASE,
      identity: 'a',
      onStartedLeading: () => log.push(`${clock.now() - START} started`),
      onStoppedLeading: () => log.push(`${clock.now() - START} stopped`),
      onError: (e) => errors.push(e),
    });
    a.start();
    await clock.advance(0);
    fake.failNext('get', ...Array.from({ length: 10 }, () => new KubeError(503, 'ServiceUnavailable', 'down')));
    await clock.advance(9_999);
    assert.equal(a.isLeader(), true);
    await clock.advance(1);
    assert.equal(a.isLeader(), false);
    assert.deepEqual(log, ['0 started', '10000 stopped']);
    assert.ok(errors.length >= 4);
    // Once the API answers again it takes the lease back (it still names a, and a may renew it).
    await clock.advance(20_000);
    assert.equal(a.isLeader(), true);
    await a.stop();
    assert.equal(clock.pendingTimers(), 0);
  });
});
