import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { FakeKubeClient } from '../kube/fake-client.js';
import { InformerFactory } from '../kube/informer-factory.js';
import { PODS } from '../kube/resources.js';
import { parseSelector } from '../lib/label-selector.js';
import type { LabelSelector } from '../lib/label-selector.js';
import { Random } from '../lib/random.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { podsMatching } from './pod-selection.js';

function pod(name: string, labels: Record<string, string>, namespace = 'default'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name, labels } };
}

function selector(text: string): LabelSelector {
  const parsed = parseSelector(text);
  assert.ok(parsed.ok);
  return parsed.value;
}

async function setup() {
  const clock = new VirtualClock();
  const fake = new FakeKubeClient({ clock });
  const informers = new InformerFactory(fake, { clock, random: new Random(5) });
  const settle = () => clock.advance(0);
  const names = async (text: string) => {
    await informers.informerFor<Pod>(PODS, { namespace: 'default' }).waitForSync();
    return podsMatching(informers, 'default', selector(text)).map((p) => p.metadata?.name);
  };
  return { fake, informers, settle, names };
}

describe('podsMatching', () => {
  it('answers every kind of selector in the cache order, from the namespace asked only', async () => {
    const { fake, names } = await setup();
    await fake.create(PODS, pod('c', { app: 'web', tier: 'db' }));
    await fake.create(PODS, pod('a', { app: 'api' }));
    await fake.create(PODS, pod('b', { app: 'web' }));
    await fake.create(PODS, pod('x', { app: 'web' }, 'other'));
    assert.deepEqual(await names('app=web'), ['c', 'b']);
    assert.deepEqual(await names('app in (api,web)'), ['c', 'a', 'b']);
    assert.deepEqual(await names('app=web,tier!=db'), ['b']);
    assert.deepEqual(await names('tier notin (db)'), ['a', 'b']);
    assert.deepEqual(await names('app=none'), []);
  });

  it('follows label changes and deletions; an updated pod keeps its place', async () => {
    const { fake, names, settle } = await setup();
    await fake.create(PODS, pod('a', { app: 'web' }));
    await fake.create(PODS, pod('b', { app: 'api' }));
    await fake.create(PODS, pod('c', { app: 'web' }));
    assert.deepEqual(await names('app=web'), ['a', 'c']);
    await fake.mergePatch(PODS, { namespace: 'default', name: 'b' }, { metadata: { labels: { app: 'web' } } });
    await fake.delete(PODS, { namespace: 'default', name: 'a' });
    await settle();
    assert.deepEqual(await names('app=web'), ['b', 'c']);
    await fake.create(PODS, pod('a', { app: 'web' }));
    await settle();
    assert.deepEqual(await names('app=web'), ['b', 'c', 'a']);
  });

  it('gives the same answer back while the pod cache is unchanged', async () => {
    const { fake, informers, settle } = await setup();
    await fake.create(PODS, pod('a', { app: 'web' }));
    await informers.informerFor<Pod>(PODS, { namespace: 'default' }).waitForSync();
    const web = selector('app=web');
    const first = podsMatching(informers, 'default', web);
    assert.equal(podsMatching(informers, 'default', web), first);
    await fake.create(PODS, pod('b', { app: 'web' }));
    await settle();
    assert.deepEqual(
      podsMatching(informers, 'default', web).map((p) => p.metadata?.name),
      ['a', 'b'],
    );
  });
});
