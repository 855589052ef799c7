import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { FakeKubeClient } from './fake-client.js';
import { KubeError } from './errors.js';
import { runKubeClientContract } from './kube-client.suite.js';
import { CONFIG_MAPS } from './resources.js';
import type { KubeObject, WatchEvent } from './client.js';

runKubeClientContract('fake', () => {
  const client = new FakeKubeClient();
  return { client, expire: () => client.expireWatches() };
});

describe('FakeKubeClient', () => {
  it('records calls and fails the next call on demand, then recovers', async () => {
    const fake = new FakeKubeClient();
    fake.failNext('list', new KubeError(500, 'InternalError', 'boom'));
    await assert.rejects(fake.list(CONFIG_MAPS, { namespace: 'ns' }), /boom/);
    assert.equal((await fake.list(CONFIG_MAPS, { namespace: 'ns' })).items.length, 0);
    assert.deepEqual(fake.callsTo('list'), [
      { method: 'list', resource: 'configmaps', namespace: 'ns' },
      { method: 'list', resource: 'configmaps', namespace: 'ns' },
    ]);
    fake.reset();
    assert.equal(fake.calls.length, 0);
  });

  it('fails watches from a compacted resourceVersion with 410', async () => {
    const fake = new FakeKubeClient();
    const created = await fake.create<ConfigMap>(CONFIG_MAPS, { metadata: { namespace: 'ns', name: 'a' } });
    await fake.mergePatch(CONFIG_MAPS, { namespace: 'ns', name: 'a' }, { data: { x: '1' } });
    fake.expireWatches();
    const closed = await new Promise<KubeError | undefined>((resolve) => {
      fake.watch(CONFIG_MAPS, { resourceVersion: created.metadata?.resourceVersion ?? '' }, () => {}, resolve);
    });
    assert.equal(closed?.status, 410);
  });

  it('sends DELETED when a modified object leaves a selector watch', async () => {
    const fake = new FakeKubeClient();
    await fake.create<ConfigMap>(CONFIG_MAPS, { metadata: { namespace: 'ns', name: 'a', labels: { app: 'web' } } });
    const { resourceVersion } = await fake.list(CONFIG_MAPS);
    const events: WatchEvent<KubeObject>[] = [];
    fake.watch(
      CONFIG_MAPS,
      { resourceVersion, labelSelector: 'app=web' },
      (e) => events.push(e),
      () => {},
    );
    await fake.mergePatch(CONFIG_MAPS, { namespace: 'ns', name: 'a' }, { metadata: { labels: { app: 'db' } } });
    await Promise.resolve();
    assert.deepEqual(
      events.map((e) => e.type),
      ['DELETED'],
    );
  });
});
