import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEPLOYMENTS_PATH, deploymentBody, newKit } from './test-kit.js';

const TABLE_ACCEPT =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('create', () => {
  it('fills apiVersion, kind and namespace from the URL and answers 201', async () => {
    const kit = newKit();
    const response = await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') });
    assert.equal(response.status, 201);
    const body = await kit.json(response);
    assert.equal(body.apiVersion, 'apps/v1');
    assert.equal(body.kind, 'Deployment');
    const metadata = body.metadata as Record<string, unknown>;
    assert.equal(metadata.namespace, 'default');
    assert.match(String(metadata.resourceVersion), /^\d+$/);
  });

  it('a second create of the same name is 409 AlreadyExists', async () => {
    const kit = newKit();
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') });
    const response = await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') });
    assert.equal(response.status, 409);
    const body = await kit.json(response);
    assert.equal(body.reason, 'AlreadyExists');
    assert.equal(body.message, 'deployments.apps "web" already exists');
  });

  it('a missing name is 422 Invalid with a metadata.name cause', async () => {
    const kit = newKit();
    const response = await kit.call('POST', '/api/v1/namespaces/default/configmaps', { body: { data: {} } });
    assert.equal(response.status, 422);
    const body = await kit.json(response);
    assert.equal(body.reason, 'Invalid');
    assert.deepEqual((body.details as { causes: unknown[] }).causes, [
      { reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value' },
    ]);
  });

  it('an invalid label value is 422 with a metadata.labels cause', async () => {
    const kit = newKit();
    const response = await kit.call('POST', '/api/v1/namespaces/default/configmaps', {
      body: { metadata: { name: 'cm', labels: { tier: 'not valid!' } } },
    });
    assert.equal(response.status, 422);
    const causes = ((await kit.json(response)).details as { causes: { field: string; reason: string }[] }).causes;
    assert.equal(causes.length, 1);
    assert.equal(causes[0]?.field, 'metadata.labels');
    assert.equal(causes[0]?.reason, 'FieldValueInvalid');
  });

  it('malformed JSON is 400 BadRequest, a mismatched namespace too', async () => {
    const kit = newKit();
    const malformed = await kit.call('POST', DEPLOYMENTS_PATH, { body: '{"metadata": ' });
    assert.equal(malformed.status, 400);
    assert.equal((await kit.json(malformed)).reason, 'BadRequest');
    const body = { ...deploymentBody('web'), metadata: { name: 'web', namespace: 'other' } };
    assert.equal((await kit.call('POST', DEPLOYMENTS_PATH, { body })).status, 400);
  });

  it('dry runs are refused with 400 rather than written', async () => {
    const kit = newKit();
    const response = await kit.call('POST', `${DEPLOYMENTS_PATH}?dryRun=All`, { body: deploymentBody('web') });
    assert.equal(response.status, 400);
    assert.equal((await kit.call('GET', `${DEPLOYMENTS_PATH}/web`)).status, 404);
  });

  it('a protobuf body is 415', async () => {
    const kit = newKit();
    const response = await kit.call('POST', DEPLOYMENTS_PATH, {
      body: 'x',
      contentType: 'application/vnd.kubernetes.protobuf',
    });
    assert.equal(response.status, 415);
  });
});

describe('get and list', () => {
  it('get returns the object; a missing one is 404 with the apiserver message', async () => {
    const kit = newKit();
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') });
    assert.equal((await kit.call('GET', `${DEPLOYMENTS_PATH}/web`)).status, 200);
    const missing = await kit.call('GET', `${DEPLOYMENTS_PATH}/nope`);
    assert.equal(missing.status, 404);
    assert.equal((await kit.json(missing)).message, 'deployments.apps "nope" not found');
  });

  it('lists carry metadata.resourceVersion and honour label and field selectors, across namespaces too', async () => {
    const kit = newKit();
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') });
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('api') });
    const all = await kit.json(await kit.call('GET', '/apis/apps/v1/deployments'));
    assert.equal(all.kind, 'DeploymentList');
    assert.equal((all.metadata as { resourceVersion: string }).resourceVersion, kit.store.currentResourceVersion());
    assert.equal((all.items as unknown[]).length, 2);
    const names = async (query: string) =>
      (
        (await kit.json(await kit.call('GET', `${DEPLOYMENTS_PATH}?${query}`))).items as {
          metadata: { name: string };
        }[]
      ).map((i) => i.metadata.name);
    assert.deepEqual(await names('labelSelector=app%3Dweb'), ['web']);
    assert.deepEqual(await names('labelSelector=app+in+%28web%2Capi%29'), ['api', 'web']);
    assert.deepEqual(await names('fieldSelector=metadata.name%3Dapi'), ['api']);
    const bad = await kit.call('GET', `${DEPLOYMENTS_PATH}?labelSelector=app+in+%28web`);
    assert.equal(bad.status, 400);
  });

  it('answers Tables when asked: deployments with READY/UP-TO-DATE/AVAILABLE/AGE', async () => {
    const kit = newKit();
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web', 3) });
    await kit.clock.runUntil(kit.clock.now() + 150_000);
    const table = await kit.json(await kit.call('GET', DEPLOYMENTS_PATH, { accept: TABLE_ACCEPT }));
    assert.equal(table.kind, 'Table');
    const columns = (table.columnDefinitions as { name: string; priority: number }[])
      .filter((c) => c.priority === 0)
      .map((c) => c.name);
    assert.deepEqual(columns, ['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
    const rows = table.rows as { cells: unknown[]; object: { kind: string } }[];
    assert.deepEqual(rows[0]?.cells.slice(0, 5), ['web', '0/3', 0, 0, '2m30s']);
    assert.equal(rows[0]?.object.kind, 'PartialObjectMetadata');
  });

  it('ScaledObject Tables use the CRD printer columns', async () => {
    const kit = newKit();
    const body = {
      metadata: { name: 'so1' },
      spec: { scaleTargetRef: { name: 'remote' }, minReplicaCount: 0, maxReplicaCount: 4, triggers: [] },
    };
    await kit.call('POST', '/apis/keda.sh/v1alpha1/namespaces/default/scaledobjects', { body });
    await kit.call('PATCH', '/apis/keda.sh/v1alpha1/namespaces/default/scaledobjects/so1/status', {
      body: { status: { scaleTargetKind: 'apps/v1.Deployment', conditions: [{ type: 'Ready', status: 'True' }] } },
      contentType: 'application/merge-patch+json',
    });
    const table = await kit.json(
      await kit.call('GET', '/apis/keda.sh/v1alpha1/namespaces/default/scaledobjects', { accept: TABLE_ACCEPT }),
    );
    const columns = (table.columnDefinitions as { name: string }[]).map((c) => c.name);
    assert.deepEqual(columns, [
      'Name',
      'ScaleTargetKind',
      'ScaleTargetName',
      'Min',
      'Max',
      'Ready',
      'Active',
      'Fallback',
      'Paused',
      'Age',
    ]);
    const cells = (table.rows as { cells: unknown[] }[])[0]?.cells;
    assert.deepEqual(cells, ['so1', 'apps/v1.Deployment', 'remote', 0, 4, 'True', null, null, null, '0s']);
  });
});

describe('update and delete', () => {
  it('PUT with a stale resourceVersion is 409 Conflict; with the current one it succeeds', async () => {
    const kit = newKit();
    const created = await kit.json(await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') }));
    const stale = structuredClone(created) as { metadata: { resourceVersion: string }; spec: { replicas: number } };
    stale.spec.replicas = 2;
    assert.equal((await kit.call('PUT', `${DEPLOYMENTS_PATH}/web`, { body: stale })).status, 200);
    const conflict = await kit.call('PUT', `${DEPLOYMENTS_PATH}/web`, { body: stale });
    assert.equal(conflict.status, 409);
    assert.equal((await kit.json(conflict)).reason, 'Conflict');
  });

  it('PUT naming another object than the URL is 400', async () => {
    const kit = newKit();
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') });
    const response = await kit.call('PUT', `${DEPLOYMENTS_PATH}/web`, { body: deploymentBody('other') });
    assert.equal(response.status, 400);
  });

  it('DELETE answers a Success Status and the object is gone; POST on an object is 405', async () => {
    const kit = newKit();
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') });
    const response = await kit.call('DELETE', `${DEPLOYMENTS_PATH}/web?propagationPolicy=Foreground`, {
      body: { propagationPolicy: 'Background' },
    });
    assert.equal(response.status, 200);
    const body = await kit.json(response);
    assert.equal(body.status, 'Success');
    assert.equal((await kit.call('GET', `${DEPLOYMENTS_PATH}/web`)).status, 404);
    assert.equal((await kit.call('POST', `${DEPLOYMENTS_PATH}/web`, { body: {} })).status, 405);
  });

  it('an object kept by a finalizer comes back with its deletionTimestamp', async () => {
    const kit = newKit();
    const body = { metadata: { name: 'cm', finalizers: ['example.com/keep'] } };
    await kit.call('POST', '/api/v1/namespaces/default/configmaps', { body });
    const response = await kit.call('DELETE', '/api/v1/namespaces/default/configmaps/cm');
    assert.equal(response.status, 200);
    const metadata = (await kit.json(response)).metadata as Record<string, unknown>;
    assert.equal(typeof metadata.deletionTimestamp, 'string');
  });

  it('DELETE on a collection removes what the selector matches', async () => {
    const kit = newKit();
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('web') });
    await kit.call('POST', DEPLOYMENTS_PATH, { body: deploymentBody('api') });
    const response = await kit.call('DELETE', `${DEPLOYMENTS_PATH}?labelSelector=app%3Dweb`);
    assert.equal(response.status, 200);
    const left = (await kit.json(await kit.call('GET', DEPLOYMENTS_PATH))).items as unknown[];
    assert.equal(left.length, 1);
  });
});
