import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { Random } from '../lib/random.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { KubeError } from './errors.js';
import { FakeKubeClient } from './fake-client.js';
import { Informer } from './informer.js';
import type { InformerError } from './informer.js';
import { InformerFactory } from './informer-factory.js';
import { CONFIG_MAPS, PODS } from './resources.js';

const NS = 'apps';

function setup() {
  const clock = new VirtualClock();
  const fake = new FakeKubeClient({ clock });
  const informer = new Informer<ConfigMap>(fake, CONFIG_MAPS, { clock, random: new Random(7), namespace: NS });
  const changes: string[] = [];
  const errors: InformerError[] = [];
  informer.onChange((type, object) => changes.push(`${type} ${object.metadata?.name}`));
  informer.onError((e) => errors.push(e));
  return { clock, fake, informer, changes, errors };
}

function cm(name: string, data: Record<string, string> = {}): ConfigMap {
  return { metadata: { namespace: NS, name }, data };
}

describe('Informer', () => {
  it('lists, fires adds, syncs and serves the indexed cache as plain JSON', async () => {
    const { clock, fake, informer, changes } = setup();
    await fake.create(CONFIG_MAPS, cm('a'));
    await fake.create(CONFIG_MAPS, cm('b'));
    await fake.create(CONFIG_MAPS, { metadata: { namespace: 'other', name: 'x' } });
    const synced = informer.waitForSync();
    informer.start();
    await clock.advance(0);
    assert.equal(await synced, true);
    assert.equal(informer.hasSynced(), true);
    assert.deepEqual(changes, ['add a', 'add b']);
    assert.deepEqual(
      informer.list(NS).map((o) => o.metadata?.name),
      ['a', 'b'],
    );
    assert.equal(informer.get(NS, 'a')?.metadata?.creationTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(informer.get('other', 'x'), undefined);
    const watches = fake.callsTo('watch');
    assert.equal(watches.length, 1);
    assert.equal(watches[0]?.resourceVersion, informer.resourceVersion());
  });

  it('caches objects without managedFields, from lists and from watch events', async () => {
    const { clock, fake, informer } = setup();
    const managedFields = [{ manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: {} }];
    await fake.create(CONFIG_MAPS, { ...cm('listed'), metadata: { namespace: NS, name: 'listed', managedFields } });
    informer.start();
    await clock.advance(0);
    await fake.create(CONFIG_MAPS, { ...cm('watched'), metadata: { namespace: NS, name: 'watched', managedFields } });
    await clock.advance(0);
    assert.equal(
      (await fake.get<ConfigMap>(CONFIG_MAPS, { namespace: NS, name: 'watched' })).metadata?.managedFields?.length,
      1,
    );
    for (const name of ['listed', 'watched']) {
      const cached = informer.get(NS, name);
      assert.equal(cached?.metadata?.name, name);
      assert.equal(cached?.metadata !== undefined && 'managedFields' in cached.metadata, false, name);
    }
  });

  it('follows watch events: add, update (only on a new resourceVersion), delete', async () => {
    const { clock, fake, informer, changes } = setup();
    informer.start();
    await clock.advance(0);
    await fake.create(CONFIG_MAPS, cm('a'));
    await fake.mergePatch(CONFIG_MAPS, { namespace: NS, name: 'a' }, { data: { k: 'v' } });
    await fake.delete(CONFIG_MAPS, { namespace: NS, name: 'a' });
    await clock.advance(0);
    assert.deepEqual(changes, ['add a', 'update a', 'delete a']);
    assert.equal(informer.list().length, 0);
  });

  it('resumes from the last resourceVersion after a clean stream end, without relisting', async () => {
    const { clock, fake, informer, changes } = setup();
    informer.start();
    await clock.advance(0);
    const created = await fake.create(CONFIG_MAPS, cm('a'));
    await clock.advance(0);
    fake.closeWatches();
    await fake.create(CONFIG_MAPS, cm('b'));
    await clock.advance(0);
    assert.equal(fake.callsTo('list').length, 1);
    assert.deepEqual(
      fake.callsTo('watch').map((c) => c.resourceVersion),
      ['1', created.metadata?.resourceVersion],
    );
    assert.deepEqual(changes, ['add a', 'add b']);
  });

  it('backs off instead of spinning when streams end at once with nothing delivered', async () => {
    const { clock, fake, informer } = setup();
    informer.start();
    await clock.advance(5000);
    fake.closeWatches(); // a stream that lived a while: reopened at once
    await clock.advance(0);
    assert.equal(fake.callsTo('watch').length, 2);
    for (let i = 0; i < 3; i++) {
      fake.closeWatches(); // ended at once, nothing delivered: wait first
      await clock.advance(0);
    }
    assert.equal(fake.callsTo('watch').length, 2);
    await clock.advance(1000);
    assert.equal(fake.callsTo('watch').length, 3);
  });

  it('relists on 410 Gone: deletes for vanished objects, then adds and updates', async () => {
    const { clock, fake, informer, changes, errors } = setup();
    await fake.create(CONFIG_MAPS, cm('a'));
    await fake.create(CONFIG_MAPS, cm('b'));
    informer.start();
    await clock.advance(5000);
    // Blind the informer for a while (its watch fails), change things, then compact history.
    fake.failNext('watch', new KubeError(500, 'InternalError', 'etcd leader changed'));
    fake.closeWatches();
    await clock.advance(0);
    await fake.delete(CONFIG_MAPS, { namespace: NS, name: 'a' });
    await fake.mergePatch(CONFIG_MAPS, { namespace: NS, name: 'b' }, { data: { k: 'v' } });
    await fake.create(CONFIG_MAPS, cm('c'));
    fake.expireWatches();
    await clock.advance(1000);
    assert.deepEqual(changes, ['add a', 'add b', 'delete a', 'update b', 'add c']);
    assert.equal(fake.callsTo('list').length, 2);
    assert.deepEqual(
      errors.map((e) => [e.phase, (e.error as KubeError).status]),
      [['watch', 500]],
    );
    assert.deepEqual(
      informer.list().map((o) => o.metadata?.name),
      ['b', 'c'],
    );
  });

  it('retries failed lists with growing, jittered, capped backoff and recovers', async () => {
    const { clock, fake, informer, errors } = setup();
    const failures = Array.from({ length: 9 }, () => new KubeError(500, 'InternalError', 'down'));
    fake.failNext('list', ...failures);
    informer.start();
    await clock.advance(10 * 60_000);
    assert.equal(informer.hasSynced(), true);
    assert.equal(fake.callsTo('list').length, 10);
    const delays = errors.map((e) => e.retryInMs ?? -1);
    const ceilings = [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000];
    delays.forEach((d, i) => {
      const ceiling = ceilings[i] ?? 0;
      assert.ok(d >= ceiling / 2 && d < ceiling, `retry ${i}: ${d} not in [${ceiling / 2}, ${ceiling})`);
    });
    // A watch failure after recovery starts again from the smallest delay.
    fake.failNext('watch', new KubeError(503, 'ServiceUnavailable', 'later'));
    fake.closeWatches();
    await clock.advance(0);
    await clock.advance(5000);
    assert.ok((errors.at(-1)?.retryInMs ?? Infinity) < 1000);
  });

  it('starts from the smallest delay again when the last failure was long ago, events or not', async () => {
    const { clock, fake, informer, errors } = setup();
    informer.start();
    await clock.advance(0);
    const down = new KubeError(503, 'ServiceUnavailable', 'later');
    fake.failNext('watch', ...Array.from({ length: 6 }, () => down));
    fake.closeWatches();
    await clock.advance(5 * 60_000);
    assert.ok((errors.at(-1)?.retryInMs ?? 0) >= 15_000, 'the backoff grew to its ceiling');
    assert.equal(fake.openWatches(), 1);
    // An idle watch, healthy for 5 min, delivered nothing that would reset the backoff.
    await clock.advance(5 * 60_000);
    fake.failNext('watch', down);
    fake.closeWatches();
    await clock.advance(0);
    const last = errors.at(-1)?.retryInMs ?? Infinity;
    assert.ok(last < 500, `retry after a long healthy stretch in ${last} ms`);
  });

  it('retries connection failures on the watch forever', async () => {
    const { clock, fake, informer } = setup();
    informer.start();
    await clock.advance(0);
    const refused = new KubeError(0, 'ConnectionError', 'connect ECONNREFUSED');
    fake.failNext('watch', ...Array.from({ length: 30 }, () => refused));
    fake.closeWatches();
    await clock.advance(60 * 60_000);
    assert.equal(fake.openWatches(), 1);
    await fake.create(CONFIG_MAPS, cm('late'));
    await clock.advance(0);
    assert.ok(informer.get(NS, 'late'));
  });

  it('stop() ends the watch and pending retries and fires nothing', async () => {
    const { clock, fake, informer, changes, errors } = setup();
    informer.start();
    await clock.advance(0);
    informer.stop();
    assert.equal(fake.openWatches(), 0);
    await fake.create(CONFIG_MAPS, cm('a'));
    fake.closeWatches();
    await clock.advance(60_000);
    assert.deepEqual(changes, []);
    assert.deepEqual(errors, []);

    const second = setup();
    second.fake.failNext('list', new KubeError(500, 'InternalError', 'down'));
    const synced = second.informer.waitForSync();
    second.informer.start();
    await second.clock.advance(0);
    second.informer.stop();
    assert.equal(await synced, false);
    assert.equal(second.clock.pendingTimers(), 0);
  });

  it('reports a throwing handler and keeps going', async () => {
    const { clock, fake, informer, changes, errors } = setup();
    informer.onAdd(() => {
      throw new Error('handler bug');
    });
    informer.start();
    await fake.create(CONFIG_MAPS, cm('a'));
    await clock.advance(0);
    await fake.create(CONFIG_MAPS, cm('b'));
    await clock.advance(0);
    assert.deepEqual(changes, ['add a', 'add b']);
    assert.deepEqual(
      errors.map((e) => e.phase),
      ['handler', 'handler'],
    );
  });

  it('replays cached objects to a handler added late', async () => {
    const { clock, fake, informer } = setup();
    await fake.create(CONFIG_MAPS, cm('a'));
    informer.start();
    await clock.advance(0);
    const late: string[] = [];
    informer.onAdd((o) => late.push(o.metadata?.name ?? ''));
    assert.deepEqual(late, ['a']);
  });
});

describe('InformerFactory', () => {
  it('shares one informer (one list, one watch) per type, namespace and selector', async () => {
    const clock = new VirtualClock();
    const fake = new FakeKubeClient({ clock });
    const factory = new InformerFactory(fake, { clock, random: new Random(1) });
    const a = factory.informerFor(PODS, { namespace: NS });
    const b = factory.informerFor(PODS, { namespace: NS });
    const c = factory.informerFor(PODS, { namespace: NS, labelSelector: 'app=web' });
    const d = factory.informerFor(PODS);
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.notEqual(a, d);
    assert.equal(await Promise.all([factory.waitForSync(), clock.advance(0)]).then(([synced]) => synced), true);
    assert.equal(fake.callsTo('list').length, 3);
    assert.equal(fake.openWatches(), 3);
    factory.stop();
    assert.equal(fake.openWatches(), 0);
  });
});
