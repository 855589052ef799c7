import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEPLOYMENTS_PATH, deploymentBody, newKit, readEvents } from './test-kit.js';

const CM_PATH = '/api/v1/namespaces/default/configmaps';

describe('watch', () => {
  it('resumes after a resourceVersion with the later events, in order', async () => {
    const kit = newKit();
    await kit.call('POST', CM_PATH, { body: { metadata: { name: 'a' } } });
    const after = kit.store.currentResourceVersion();
    await kit.call('POST', CM_PATH, { body: { metadata: { name: 'b' } } });
    const response = await kit.call('GET', `${CM_PATH}?watch=true&resourceVersion=${after}`);
    assert.equal(response.status, 200);
    const pending = readEvents(response, 3);
    await kit.call('PATCH', `${CM_PATH}/a`, {
      body: { data: { k: 'v' } },
      contentType: 'application/merge-patch+json',
    });
    await kit.call('DELETE', `${CM_PATH}/b`);
    const events = (await pending) as { type: string; object: { metadata: { name: string } } }[];
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED b', 'MODIFIED a', 'DELETED b'],
    );
  });

  it('without a resourceVersion starts with ADDED for what exists, filtered by labels', async () => {
    const kit = newKit();
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') });
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('api') });
    const response = await kit.call('GET', `${DEPLOYMENTS_PATH}?watch=1&labelSelector=app%3Dapi`);
    const events = (await readEvents(response, 1)) as { type: string; object: { metadata: { name: string } } }[];
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED api'],
    );
  });

  it('a resourceVersion older than the history is an ERROR event with a 410 Expired Status, then the end', async () => {
    const kit = newKit({ historyLimit: 2 });
    for (const name of ['a', 'b', 'c', 'd']) await kit.call('POST', CM_PATH, { body: { metadata: { name } } });
    const response = await kit.call('GET', `${CM_PATH}?watch=true&resourceVersion=1`);
    const events = (await readEvents(response, 5)) as { type: string; object: Record<string, unknown> }[];
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type, 'ERROR');
    assert.equal(events[0]?.object.code, 410);
    assert.equal(events[0]?.object.reason, 'Expired');
  });

  it('ends at timeoutSeconds on the injected clock', async () => {
    const kit = newKit();
    const response = await kit.call(
      'GET',
      `${CM_PATH}?watch=true&resourceVersion=${kit.store.currentResourceVersion()}&timeoutSeconds=30`,
    );
    const pending = readEvents(response, 10);
    await kit.clock.runUntil(kit.clock.now() + 30_000);
    assert.deepEqual(await pending, []);
  });

  it('a watch on one object follows only that object; Table watches wrap each object in a one-row Table', async () => {
    const kit = newKit();
    await kit.call('POST', CM_PATH, { body: { metadata: { name: 'a' } } });
    await kit.call('POST', CM_PATH, { body: { metadata: { name: 'b' } } });
    const response = await kit.call('GET', `${CM_PATH}/b?watch=true`, {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
    });
    const events = (await readEvents(response, 1)) as { object: { kind: string; rows: { cells: unknown[] }[] } }[];
    assert.equal(events[0]?.object.kind, 'Table');
    assert.equal(events[0]?.object.rows[0]?.cells[0], 'b');
  });

  it('cancelling the body stops the store watcher', async () => {
    const kit = newKit();
    const before = kit.store.state.hub.size();
    const response = await kit.call('GET', `${CM_PATH}?watch=true`);
    assert.equal(kit.store.state.hub.size(), before + 1);
    await response.body?.cancel();
    assert.equal(kit.store.state.hub.size(), before);
  });
});
