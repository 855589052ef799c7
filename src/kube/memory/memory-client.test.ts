import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1.js';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import { VirtualClock } from '../../lib/virtual-clock.js';
import { Random } from '../../lib/random.js';
import { ObjectStore } from '../../cluster/store.js';
import type { KubeError } from '../errors.js';
import { isConflict, isGone, isNotFound } from '../errors.js';
import type { WatchEvent } from '../client.js';
import { CONFIG_MAPS, DEPLOYMENTS, PODS } from '../resources.js';
import { seedDeployment, startCluster } from '../../cluster/cluster-test-kit.js';
import { isPodReady } from '../../cluster/pod-helpers.js';
import { MemoryKubeClient } from './memory-client.js';

function setup(historyLimit = 10_000) {
  const store = new ObjectStore({ clock: new VirtualClock(), random: new Random(3), historyLimit });
  return { store, client: new MemoryKubeClient(store) };
}

const ref = { namespace: 'default', name: 'cm' };

describe('MemoryKubeClient', () => {
  it('with copies: false hands out the frozen stored objects, on reads, writes and watch events', async () => {
    const store = new ObjectStore({ clock: new VirtualClock(), random: new Random(3) });
    const client = new MemoryKubeClient(store, { copies: false });
    const events: WatchEvent<ConfigMap>[] = [];
    client.watch<ConfigMap>(CONFIG_MAPS, { resourceVersion: '' }, (e) => events.push(e), assert.fail);
    const created = await client.create<ConfigMap>(CONFIG_MAPS, { metadata: ref, data: { a: '1' } });
    assert.ok(Object.isFrozen(created));
    assert.equal(await client.get(CONFIG_MAPS, ref), created);
    await Promise.resolve();
    assert.equal(events[0]?.object, created);
    assert.throws(() => {
      (created.data as Record<string, string>)['a'] = '2';
    }, TypeError);
  });

  it('round-trips create/get/update/mergePatch/delete with deep copies', async () => {
    const { client } = setup();
    const created = await client.create<ConfigMap>(CONFIG_MAPS, {
      metadata: { name: 'cm', namespace: 'default' },
      data: { a: '1' },
    });
    created.data = { a: 'mutated' };
    const got = await client.get<ConfigMap>(CONFIG_MAPS, ref);
    assert.deepEqual(got.data, { a: '1' });
    const updated = await client.update<ConfigMap>(CONFIG_MAPS, { ...got, data: { a: '2' } });
    await assert.rejects(client.update(CONFIG_MAPS, { ...got, data: { a: '3' } }), isConflict);
    const patched = await client.mergePatch<ConfigMap>(CONFIG_MAPS, ref, { data: { b: '4' } });
    assert.deepEqual(patched.data, { a: '2', b: '4' });
    assert.ok(Number(patched.metadata?.resourceVersion) > Number(updated.metadata?.resourceVersion));
    await client.delete(CONFIG_MAPS, ref);
    await assert.rejects(client.get(CONFIG_MAPS, ref), isNotFound);
  });

  it('rejects rather than throws synchronously', async () => {
    const { client } = setup();
    const pending = client.get(CONFIG_MAPS, { namespace: 'default', name: 'missing' });
    await assert.rejects(pending, isNotFound);
  });

  it('reads and writes scale', async () => {
    const { client } = setup();
    await client.create<Deployment>(DEPLOYMENTS, {
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } } },
      },
    });
    const scale = await client.writeScale(DEPLOYMENTS, { namespace: 'default', name: 'web' }, 3);
    assert.equal(scale.spec?.replicas, 3);
    assert.equal((await client.getScale(DEPLOYMENTS, { namespace: 'default', name: 'web' })).spec?.replicas, 3);
  });

  it('delivers watch events asynchronously and stops cleanly', async () => {
    const { client, store } = setup();
    const list = await client.list<ConfigMap>(CONFIG_MAPS, { namespace: 'default' });
    const events: WatchEvent<ConfigMap>[] = [];
    const handle = client.watch<ConfigMap>(
      CONFIG_MAPS,
      { namespace: 'default', resourceVersion: list.resourceVersion },
      (e) => events.push(e),
      () => assert.fail('closed'),
    );
    store.create(CONFIG_MAPS, { metadata: { name: 'cm', namespace: 'default' } });
    assert.equal(events.length, 0, 'not delivered synchronously with the write');
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(
      events.map((e) => e.type),
      ['ADDED'],
    );
    handle.stop();
    await client.delete(CONFIG_MAPS, ref);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(events.length, 1);
  });

  it('closes a watch from a compacted resourceVersion with 410', async () => {
    const { client } = setup(2);
    for (let i = 0; i < 5; i++) await client.create(CONFIG_MAPS, { metadata: { name: `c${i}`, namespace: 'default' } });
    const closed = await new Promise<KubeError | undefined>((resolve) => {
      client.watch(CONFIG_MAPS, { resourceVersion: '1' }, () => undefined, resolve);
    });
    assert.ok(isGone(closed));
  });
});

describe('MemoryKubeClient over the embedded cluster', () => {
  it('scales a Deployment and watches its pods become Ready in virtual time', async () => {
    const { cluster, clock } = startCluster();
    const client = new MemoryKubeClient(cluster.store);
    await client.create(DEPLOYMENTS, seedDeployment('remote', 0, 'kata-remote'));
    const list = await client.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=my-web-app' });
    const seen: string[] = [];
    const handle = client.watch<Pod>(
      PODS,
      { namespace: 'default', labelSelector: 'app=my-web-app', resourceVersion: list.resourceVersion },
      (e) => seen.push(`${e.type}:${e.object.status?.phase ?? ''}:${String(isPodReady(e.object))}`),
      () => assert.fail('closed'),
    );
    await client.writeScale(DEPLOYMENTS, { namespace: 'default', name: 'remote' }, 1);
    await clock.advance(45_000);
    handle.stop();
    assert.equal(seen[0], 'ADDED:Pending:false');
    assert.equal(seen.at(-1), 'MODIFIED:Running:true');
    const scale = await client.getScale(DEPLOYMENTS, { namespace: 'default', name: 'remote' });
    assert.deepEqual([scale.spec?.replicas, scale.status?.replicas], [1, 1]);
    cluster.stop();
  });
});
