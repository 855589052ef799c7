import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Event } from 'kubernetes-types/core/v1.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { KubeError } from './errors.js';
import { EventRecorder } from './events.js';
import { FakeKubeClient } from './fake-client.js';
import { EVENTS } from './resources.js';

const START = Date.UTC(2026, 0, 1);
const TARGET = {
  apiVersion: 'keda.sh/v1alpha1',
  kind: 'ScaledObject',
  metadata: { namespace: 'apps', name: 'web', uid: 'u-1', resourceVersion: '7' },
};

function setup() {
  const clock = new VirtualClock(START);
  const fake = new FakeKubeClient({ clock });
  const errors: unknown[] = [];
  const recorder = new EventRecorder({ client: fake, clock, host: 'spillway-0', onError: (e) => errors.push(e) });
  const events = async () => (await fake.list<Event>(EVENTS, { namespace: 'apps' })).items;
  return { clock, fake, recorder, errors, events };
}

const SCALED = { type: 'Normal', reason: 'ScaledUp', message: 'remote 0 -> 1' } as const;

describe('EventRecorder', () => {
  it('writes a core/v1 Event about the object', async () => {
    const { recorder, events } = setup();
    await recorder.record(TARGET, SCALED);
    const [event, ...rest] = await events();
    assert.equal(rest.length, 0);
    assert.match(event?.metadata?.name ?? '', /^web\.[0-9a-f]+$/);
    assert.deepEqual(
      {
        involvedObject: event?.involvedObject,
        type: event?.type,
        reason: event?.reason,
        message: event?.message,
        source: event?.source,
        count: event?.count,
        firstTimestamp: event?.firstTimestamp,
        lastTimestamp: event?.lastTimestamp,
      },
      {
        involvedObject: {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          name: 'web',
          namespace: 'apps',
          uid: 'u-1',
          resourceVersion: '7',
        },
        type: 'Normal',
        reason: 'ScaledUp',
        message: 'remote 0 -> 1',
        source: { component: 'spillway', host: 'spillway-0' },
        count: 1,
        firstTimestamp: '2026-01-01T00:00:00Z',
        lastTimestamp: '2026-01-01T00:00:00Z',
      },
    );
  });

  it('folds repeats within the window into one Event with a growing count', async () => {
    const { clock, fake, recorder, events } = setup();
    await recorder.record(TARGET, SCALED);
    await clock.advance(30_000);
    await Promise.all([recorder.record(TARGET, SCALED), recorder.record(TARGET, SCALED)]);
    const [event, ...rest] = await events();
    assert.equal(rest.length, 0);
    assert.equal(event?.count, 3);
    assert.equal(event?.firstTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(event?.lastTimestamp, '2026-01-01T00:00:30Z');
    assert.equal(fake.callsTo('create').length, 1);
  });

  it('starts a new Event for another message, another reason, or after the window', async () => {
    const { clock, recorder, events } = setup();
    await recorder.record(TARGET, SCALED);
    await recorder.record(TARGET, { ...SCALED, message: 'remote 1 -> 2' });
    await recorder.record(TARGET, { ...SCALED, type: 'Warning', reason: 'ScaleFailed' });
    await clock.advance(11 * 60_000);
    await recorder.record(TARGET, SCALED);
    const all = await events();
    assert.equal(all.length, 4);
    assert.ok(all.every((e) => e.count === 1));
  });

  it('recreates the Event when the one it would bump has expired', async () => {
    const { fake, recorder, events } = setup();
    await recorder.record(TARGET, SCALED);
    const [first] = await events();
    await fake.delete(EVENTS, { namespace: 'apps', name: first?.metadata?.name ?? '' });
    await recorder.record(TARGET, SCALED);
    const all = await events();
    assert.equal(all.length, 1);
    assert.equal(all[0]?.count, 1);
  });

  it('reports failures instead of throwing them at the caller', async () => {
    const { fake, recorder, errors, events } = setup();
    fake.failNext('create', new KubeError(403, 'Forbidden', 'events is forbidden'));
    await recorder.record(TARGET, SCALED);
    assert.equal((errors[0] as KubeError).status, 403);
    await recorder.record(TARGET, SCALED);
    assert.equal((await events()).length, 1);
  });

  it('takes AlreadyExists on create as the answer of an earlier attempt that landed, and bumps that Event next', async () => {
    const { fake, recorder, errors, events } = setup();
    fake.failNext('create', new KubeError(409, 'AlreadyExists', 'events "web.1" already exists'));
    await recorder.record(TARGET, SCALED);
    assert.deepEqual(errors, []);
    // The create this test dropped never landed: the bump finds nothing and writes the Event anew.
    await recorder.record(TARGET, SCALED);
    assert.deepEqual(errors, []);
    assert.equal((await events()).length, 1);
  });
});
