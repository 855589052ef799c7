import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEPLOYMENTS_PATH, deploymentBody, newKit } from './test-kit.js';

const SCALE = `${DEPLOYMENTS_PATH}/web/scale`;

async function withWeb() {
  const kit = newKit();
  await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web', 2) });
  return kit;
}

describe('scale subresource', () => {
  it('GET answers an autoscaling/v1 Scale with the selector as a string', async () => {
    const kit = await withWeb();
    const scale = (await kit.json(await kit.call('GET', SCALE))) as {
      apiVersion: string;
      kind: string;
      spec: { replicas: number };
      status: { selector: string };
    };
    assert.equal(scale.apiVersion, 'autoscaling/v1');
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.spec.replicas, 2);
    assert.equal(scale.status.selector, 'app=web');
  });

  it('PATCH (what kubectl scale sends) writes spec.replicas through', async () => {
    const kit = await withWeb();
    const response = await kit.call('PATCH', SCALE, {
      body: { spec: { replicas: 3 } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(response.status, 200);
    const deployment = (await kit.json(await kit.call('GET', `${DEPLOYMENTS_PATH}/web`))) as {
      spec: { replicas: number };
    };
    assert.equal(deployment.spec.replicas, 3);
  });

  it('PUT carries the Scale resourceVersion as a precondition: stale is 409, negative replicas 422', async () => {
    const kit = await withWeb();
    const scale = (await kit.json(await kit.call('GET', SCALE))) as { spec: { replicas: number } };
    scale.spec.replicas = 5;
    assert.equal((await kit.call('PUT', SCALE, { body: scale })).status, 200);
    const stale = await kit.call('PUT', SCALE, { body: scale });
    assert.equal(stale.status, 409);
    const negative = await kit.call('PUT', SCALE, { body: { metadata: { name: 'web' }, spec: { replicas: -1 } } });
    assert.equal(negative.status, 422);
  });

  it('kinds without a scale subresource answer 404', async () => {
    const kit = newKit();
    await kit.call('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'cm' } } });
    assert.equal((await kit.call('GET', '/api/v1/namespaces/default/configmaps/cm/scale')).status, 404);
  });
});

describe('status subresource', () => {
  it('PUT and PATCH on /status change only status; main writes keep the stored status', async () => {
    const kit = await withWeb();
    const patched = await kit.call('PATCH', `${DEPLOYMENTS_PATH}/web/status`, {
      body: { spec: { replicas: 9 }, status: { readyReplicas: 2 } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(patched.status, 200);
    const body = (await kit.json(patched)) as { spec: { replicas: number }; status: { readyReplicas: number } };
    assert.equal(body.spec.replicas, 2);
    assert.equal(body.status.readyReplicas, 2);
    const main = await kit.call('PATCH', `${DEPLOYMENTS_PATH}/web`, {
      body: { status: { readyReplicas: 7 } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(((await kit.json(main)) as { status: { readyReplicas: number } }).status.readyReplicas, 2);
  });
});
