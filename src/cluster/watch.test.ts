import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { Random } from '../lib/random.js';
import { KubeError } from '../kube/errors.js';
import type { WatchEvent } from '../kube/client.js';
import { CONFIG_MAPS, PODS } from '../kube/resources.js';
import { ObjectStore } from './store.js';

function newStore(historyLimit = 10_000): ObjectStore {
  return new ObjectStore({ clock: new VirtualClock(Date.UTC(2026, 0, 1)), random: new Random(1), historyLimit });
}

function collect<T extends { metadata?: { name?: string } }>(events: WatchEvent<T>[]): string[] {
  return events.map((e) => `${e.type} ${e.object.metadata?.name ?? ''}`);
}

function pod(name: string, labels: Record<string, string>, phase?: string): Pod {
  return {
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'c' }] },
    ...(phase ? { status: { phase } } : {}),
  };
}

describe('store watches', () => {
  it('sends current objects as ADDED from resourceVersion 0, then live changes in order', () => {
    const store = newStore();
    store.create(CONFIG_MAPS, { metadata: { name: 'a', namespace: 'default' } });
    const events: WatchEvent<ConfigMap>[] = [];
    const handle = store.watch<ConfigMap>(CONFIG_MAPS, { resourceVersion: '0' }, (e) => events.push(e));
    store.create(CONFIG_MAPS, { metadata: { name: 'b', namespace: 'default' } });
    store.mergePatch(CONFIG_MAPS, { namespace: 'default', name: 'a' }, { data: { k: 'v' } });
    store.delete(CONFIG_MAPS, { namespace: 'default', name: 'b' });
    handle.stop();
    store.create(CONFIG_MAPS, { metadata: { name: 'c', namespace: 'default' } });
    assert.deepEqual(collect(events), ['ADDED a', 'ADDED b', 'MODIFIED a', 'DELETED b']);
    const rvs = events.slice(1).map((e) => Number(e.object.metadata?.resourceVersion));
    assert.deepEqual(
      rvs,
      [...rvs].sort((x, y) => x - y),
    );
  });

  it('resumes after a resourceVersion without repeating or losing events', () => {
    const store = newStore();
    store.create(CONFIG_MAPS, { metadata: { name: 'a', namespace: 'default' } });
    const from = store.list(CONFIG_MAPS).resourceVersion;
    store.create(CONFIG_MAPS, { metadata: { name: 'b', namespace: 'default' } });
    store.delete(CONFIG_MAPS, { namespace: 'default', name: 'a' });
    const events: WatchEvent<ConfigMap>[] = [];
    store.watch<ConfigMap>(CONFIG_MAPS, { resourceVersion: from }, (e) => events.push(e));
    store.create(CONFIG_MAPS, { metadata: { name: 'c', namespace: 'default' } });
    assert.deepEqual(collect(events), ['ADDED b', 'DELETED a', 'ADDED c']);
  });

  it('answers 410 Expired when the resourceVersion is older than the history', () => {
    const store = newStore(5);
    const from = store.currentResourceVersion();
    for (let i = 0; i < 10; i++) store.create(CONFIG_MAPS, { metadata: { name: `c${i}`, namespace: 'default' } });
    assert.throws(
      () => store.watch(CONFIG_MAPS, { resourceVersion: from }, () => undefined),
      (e: unknown) => e instanceof KubeError && e.status === 410 && e.reason === 'Expired',
    );
    const recent = String(Number(store.currentResourceVersion()) - 3);
    const events: WatchEvent<ConfigMap>[] = [];
    store.watch<ConfigMap>(CONFIG_MAPS, { resourceVersion: recent }, (e) => events.push(e));
    assert.deepEqual(collect(events), ['ADDED c7', 'ADDED c8', 'ADDED c9']);
  });

  it('filters by label selector, turning selector transitions into ADDED and DELETED', () => {
    const store = newStore();
    const events: WatchEvent<Pod>[] = [];
    store.watch<Pod>(PODS, { labelSelector: 'app=web,environment notin (cloud)' }, (e) => events.push(e));
    store.create(PODS, pod('p1', { app: 'web' }));
    store.create(PODS, pod('p2', { app: 'web', environment: 'cloud' }));
    store.mergePatch(PODS, { namespace: 'default', name: 'p1' }, { metadata: { labels: { environment: 'cloud' } } });
    store.mergePatch(PODS, { namespace: 'default', name: 'p2' }, { metadata: { labels: { environment: null } } });
    assert.deepEqual(collect(events), ['ADDED p1', 'DELETED p1', 'ADDED p2']);
    assert.deepEqual(
      store.list<Pod>(PODS, { labelSelector: 'app=web,environment notin (cloud)' }).items.map((p) => p.metadata?.name),
      ['p2'],
    );
  });

  it('filters by field selectors', () => {
    const store = newStore();
    store.create(PODS, pod('p1', {}));
    store.create(PODS, { ...pod('p2', {}), spec: { containers: [{ name: 'c' }], nodeName: 'n1' } });
    const names = (fieldSelector: string) =>
      store.list<Pod>(PODS, { fieldSelector }).items.map((p) => p.metadata?.name);
    assert.deepEqual(names('metadata.name=p1'), ['p1']);
    assert.deepEqual(names('metadata.name==p1'), ['p1']);
    assert.deepEqual(names('spec.nodeName=n1'), ['p2']);
    assert.deepEqual(names('spec.nodeName!=n1,metadata.namespace=default'), ['p1']);
    assert.deepEqual(names('status.phase=Pending'), ['p1', 'p2']);
    assert.deepEqual(names('status.phase!=Pending'), []);
    assert.throws(
      () => store.list(PODS, { fieldSelector: 'spec.bogus=1' }),
      (e: unknown) => e instanceof KubeError && e.status === 400,
    );
  });

  it('lets a watcher write to the store without reordering what others see', () => {
    const store = newStore();
    const seen: string[] = [];
    store.watch<ConfigMap>(CONFIG_MAPS, {}, (e) => {
      if (e.type === 'ADDED' && e.object.metadata?.name === 'a') {
        store.create(CONFIG_MAPS, { metadata: { name: 'b', namespace: 'default' } });
      }
    });
    store.watch<ConfigMap>(CONFIG_MAPS, {}, (e) => seen.push(`${e.type} ${e.object.metadata?.name ?? ''}`));
    store.create(CONFIG_MAPS, { metadata: { name: 'a', namespace: 'default' } });
    assert.deepEqual(seen, ['ADDED a', 'ADDED b']);
  });
});
