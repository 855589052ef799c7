import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { newKit } from './test-kit.js';

type Resource = Record<string, unknown> & { name: string };

async function resources(path: string): Promise<Resource[]> {
  const kit = newKit();
  const response = await kit.call('GET', path);
  assert.equal(response.status, 200);
  return (await kit.json(response)).resources as Resource[];
}

describe('discovery', () => {
  it('GET /api lists v1 and /apis lists the named groups, CRD groups included', async () => {
    const kit = newKit();
    assert.deepEqual((await kit.json(await kit.call('GET', '/api'))).versions, ['v1']);
    const groups = (await kit.json(await kit.call('GET', '/apis'))).groups as { name: string }[];
    const names = groups.map((g) => g.name);
    assert.ok(names.includes('apps') && names.includes('keda.sh') && names.includes('apiextensions.k8s.io'));
    assert.ok(!names.includes(''));
  });

  it('/api/v1 carries short names and categories', async () => {
    const list = await resources('/api/v1');
    const pods = list.find((r) => r.name === 'pods');
    assert.deepEqual(pods?.shortNames, ['po']);
    assert.deepEqual(pods?.categories, ['all']);
    assert.equal(pods?.namespaced, true);
    assert.equal(list.find((r) => r.name === 'namespaces')?.namespaced, false);
    for (const [name, short] of [
      ['services', 'svc'],
      ['events', 'ev'],
      ['namespaces', 'ns'],
      ['nodes', 'no'],
      ['configmaps', 'cm'],
    ]) {
      assert.deepEqual(list.find((r) => r.name === name)?.shortNames, [short], name);
    }
  });

  it('/apis/apps/v1 lists deployments with the scale and status subresources', async () => {
    const list = await resources('/apis/apps/v1');
    const deployments = list.find((r) => r.name === 'deployments');
    assert.deepEqual(deployments?.shortNames, ['deploy']);
    assert.deepEqual(deployments?.verbs, [
      'create',
      'delete',
      'deletecollection',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
    const scale = list.find((r) => r.name === 'deployments/scale');
    assert.equal(scale?.group, 'autoscaling');
    assert.equal(scale?.kind, 'Scale');
    assert.ok(list.some((r) => r.name === 'deployments/status'));
  });

  it('/apis/keda.sh/v1alpha1 serves scaledobjects as so, with status and no scale subresource', async () => {
    const list = await resources('/apis/keda.sh/v1alpha1');
    assert.deepEqual(list.find((r) => r.name === 'scaledobjects')?.shortNames, ['so']);
    assert.ok(list.some((r) => r.name === 'scaledobjects/status'));
    assert.ok(!list.some((r) => r.name === 'scaledobjects/scale'));
  });

  it('an unknown group version is a 404 Status', async () => {
    const kit = newKit();
    const response = await kit.call('GET', '/apis/nope.io/v1');
    assert.equal(response.status, 404);
    const body = await kit.json(response);
    assert.equal(body.kind, 'Status');
    assert.equal(body.reason, 'NotFound');
  });

  it('/version reports a 1.32 server', async () => {
    const kit = newKit();
    const body = await kit.json(await kit.call('GET', '/version'));
    assert.equal(body.major, '1');
    assert.equal(body.minor, '32');
  });

  it('/openapi/v2 answers protobuf with an empty body and the .v1.0 subtype; /openapi/v3 is 404', async () => {
    const kit = newKit();
    const proto = await kit.call('GET', '/openapi/v2', {
      accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
    });
    assert.equal(proto.status, 200);
    assert.equal(proto.headers.get('content-type'), 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    assert.equal((await proto.arrayBuffer()).byteLength, 0);
    const json = await kit.json(await kit.call('GET', '/openapi/v2', { accept: 'application/json' }));
    assert.equal(json.swagger, '2.0');
    assert.equal((await kit.call('GET', '/openapi/v3')).status, 404);
  });

  it('discovery documents refuse writes with 405', async () => {
    const kit = newKit();
    const response = await kit.call('POST', '/apis', { body: {} });
    assert.equal(response.status, 405);
    assert.equal((await kit.json(response)).reason, 'MethodNotAllowed');
  });
});

describe('authentication', () => {
  it('with a token, requests without the bearer token get a 401 Status; health checks stay open', async () => {
    const kit = newKit({ token: 's3cret' });
    const denied = await kit.call('GET', '/api/v1/namespaces');
    assert.equal(denied.status, 401);
    assert.equal((await kit.json(denied)).reason, 'Unauthorized');
    assert.equal((await kit.call('GET', '/api/v1/namespaces', { token: 'wrong' })).status, 401);
    assert.equal((await kit.call('GET', '/api/v1/namespaces', { token: 's3cret' })).status, 200);
    assert.equal((await kit.call('GET', '/healthz')).status, 200);
  });
});
