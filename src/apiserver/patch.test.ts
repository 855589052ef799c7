import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEPLOYMENTS_PATH, deploymentBody, newKit } from './test-kit.js';

const WEB = `${DEPLOYMENTS_PATH}/web`;
const SO_PATH = '/apis/keda.sh/v1alpha1/namespaces/default/scaledobjects';

async function withWeb() {
  const kit = newKit();
  await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') });
  return kit;
}

describe('PATCH', () => {
  it('merge patch: objects merge, null deletes', async () => {
    const kit = await withWeb();
    const response = await kit.call('PATCH', WEB, {
      body: { metadata: { labels: { app: null, tier: 'front' } }, spec: { replicas: 4 } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(response.status, 200);
    const body = (await kit.json(response)) as { metadata: { labels: unknown }; spec: { replicas: number } };
    assert.deepEqual(body.metadata.labels, { tier: 'front' });
    assert.equal(body.spec.replicas, 4);
  });

  it('a resourceVersion in the patch is a precondition: stale is 409', async () => {
    const kit = await withWeb();
    const response = await kit.call('PATCH', WEB, {
      body: { metadata: { resourceVersion: '1' }, spec: { replicas: 4 } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(response.status, 409);
  });

  it('JSON patch (RFC 6902) applies in order; a failed test is 422, a non-array body 400', async () => {
    const kit = await withWeb();
    const ok = await kit.call('PATCH', WEB, {
      body: [
        { op: 'test', path: '/spec/replicas', value: 1 },
        { op: 'replace', path: '/spec/replicas', value: 5 },
        { op: 'add', path: '/metadata/labels/tier~1x', value: 'a' },
        { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'side', image: 'busybox' } },
      ],
      contentType: 'application/json-patch+json',
    });
    assert.equal(ok.status, 200);
    const body = (await kit.json(ok)) as {
      metadata: { labels: Record<string, string> };
      spec: { replicas: number; template: { spec: { containers: { name: string }[] } } };
    };
    assert.equal(body.spec.replicas, 5);
    assert.equal(body.metadata.labels['tier/x'], 'a');
    assert.deepEqual(
      body.spec.template.spec.containers.map((c) => c.name),
      ['web', 'side'],
    );
    const failed = await kit.call('PATCH', WEB, {
      body: [{ op: 'test', path: '/spec/replicas', value: 1 }],
      contentType: 'application/json-patch+json',
    });
    assert.equal(failed.status, 422);
    const notArray = await kit.call('PATCH', WEB, { body: { spec: {} }, contentType: 'application/json-patch+json' });
    assert.equal(notArray.status, 400);
  });

  it('strategic merge patch, as kubectl apply sends it, merges containers by name and honours $patch: delete', async () => {
    const kit = await withWeb();
    await kit.call('PATCH', WEB, {
      body: { spec: { template: { spec: { containers: [{ name: 'side', image: 'busybox' }] } } } },
      contentType: 'application/strategic-merge-patch+json',
    });
    const response = await kit.call('PATCH', WEB, {
      body: {
        metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' } },
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'web' }],
              containers: [
                { image: 'nginx:1.27', name: 'web' },
                { $patch: 'delete', name: 'side' },
              ],
            },
          },
        },
      },
      contentType: 'application/strategic-merge-patch+json',
    });
    assert.equal(response.status, 200);
    const body = (await kit.json(response)) as {
      metadata: { annotations: Record<string, string> };
      spec: { template: { spec: { containers: Record<string, unknown>[] } } };
    };
    assert.deepEqual(body.spec.template.spec.containers, [
      { name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] },
    ]);
    assert.equal(body.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], '{"x":1}\n');
  });

  it('custom resources refuse strategic merge with 415; server-side apply is 415 everywhere', async () => {
    const kit = await withWeb();
    await kit.call('POST', SO_PATH, { body: { metadata: { name: 'so1' }, spec: { scaleTargetRef: { name: 'web' } } } });
    const smp = await kit.call('PATCH', `${SO_PATH}/so1`, {
      body: { spec: { minReplicaCount: 1 } },
      contentType: 'application/strategic-merge-patch+json',
    });
    assert.equal(smp.status, 415);
    assert.equal((await kit.json(smp)).reason, 'UnsupportedMediaType');
    const merge = await kit.call('PATCH', `${SO_PATH}/so1`, {
      body: { spec: { minReplicaCount: 1 } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(merge.status, 200);
    const apply = await kit.call('PATCH', WEB, { body: 'spec: {}', contentType: 'application/apply-patch+yaml' });
    assert.equal(apply.status, 415);
  });

  it('a patch that renames the object is 400', async () => {
    const kit = await withWeb();
    const response = await kit.call('PATCH', WEB, {
      body: { metadata: { name: 'other' } },
      contentType: 'application/merge-patch+json',
    });
    assert.equal(response.status, 400);
  });
});
