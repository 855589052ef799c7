import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { startApiServer } from '../../src/apiserver/node-server.js';
import type { RunningApiServer } from '../../src/apiserver/node-server.js';
import { ObjectStore } from '../../src/cluster/store.js';
import { SystemClock } from '../../src/lib/clock.js';
import { Random } from '../../src/lib/random.js';

const NS = 'default';
const HISTORY = 20;

function kubeConfig(server: string): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    // client-node refuses plain http unless skipTLSVerify is set.
    clusters: [{ name: 'spillway', server, skipTLSVerify: true }],
    users: [{ name: 'spillway', token: 'dummy' }],
    contexts: [{ name: 'spillway', cluster: 'spillway', user: 'spillway', namespace: NS }],
    currentContext: 'spillway',
  });
  return kc;
}

/** client-node 1.4.0 rejects with ApiException whose body is the raw JSON string. */
async function statusOf(
  promise: Promise<unknown>,
): Promise<{ code: number; reason: string; body: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof k8s.ApiException, String(error));
    const body = JSON.parse(String(error.body)) as Record<string, unknown>;
    return { code: error.code, reason: String(body.reason), body };
  }
  assert.fail('expected the call to fail');
}

interface Seen {
  readonly type: string;
  readonly object: { metadata?: { name?: string }; code?: number; reason?: string };
}

/** Watches until `count` events arrived or the server ended the stream. */
function collect(kc: k8s.KubeConfig, path: string, query: Record<string, string>, count: number) {
  const events: Seen[] = [];
  return new Promise<{ events: Seen[]; ended: boolean }>((resolve, reject) => {
    let controller: AbortController | undefined;
    let settled = false;
    const finish = (ended: boolean) => {
      if (settled) return;
      settled = true;
      controller?.abort();
      resolve({ events, ended });
    };
    new k8s.Watch(kc)
      .watch(
        path,
        query,
        (type, object: Seen['object']) => {
          events.push({ type, object });
          if (events.length >= count) finish(false);
        },
        (error: unknown) => {
          if (error === null || error === undefined || settled) finish(true);
          else reject(error instanceof Error ? error : new Error(String(error)));
        },
      )
      .then((c) => {
        controller = c;
        if (settled) c.abort();
      }, reject);
  });
}

describe('@kubernetes/client-node 1.4.0 against the embedded API server', () => {
  const clock = new SystemClock();
  const store = new ObjectStore({ clock, random: new Random(5), historyLimit: HISTORY });
  let server: RunningApiServer;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;

  before(async () => {
    server = await startApiServer({ store, clock });
    kc = kubeConfig(server.url);
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
  });

  after(() => server.close());

  it('list then watch from the list resourceVersion sees exactly the later changes', async () => {
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'a' }, data: { v: '1' } } });
    const list = await core.listNamespacedConfigMap({ namespace: NS });
    const rv = list.metadata?.resourceVersion ?? '';
    assert.match(rv, /^\d+$/);
    assert.deepEqual(
      list.items.map((i) => i.metadata?.name),
      ['a'],
    );
    await core.createNamespacedConfigMap({ namespace: NS, body: { metadata: { name: 'b' } } });
    await core.patchNamespacedConfigMap(
      { name: 'a', namespace: NS, body: { data: { v: '2' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const { events } = await collect(kc, `/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: rv }, 2);
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.object.metadata?.name}`),
      ['ADDED b', 'MODIFIED a'],
    );
  });

  it('a too-old resourceVersion gets an ERROR event with a 410 Expired Status, then the stream ends', async () => {
    for (let i = 0; i < HISTORY + 5; i++) {
      await core.patchNamespacedConfigMap(
        { name: 'b', namespace: NS, body: { data: { i: String(i) } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
    }
    const { events, ended } = await collect(kc, `/api/v1/namespaces/${NS}/configmaps`, { resourceVersion: '1' }, 2);
    assert.equal(ended, true);
    assert.deepEqual(
      events.map((e) => [e.type, e.object.code, e.object.reason]),
      [['ERROR', 410, 'Expired']],
    );
  });

  it('replacing with a stale resourceVersion is 409 Conflict', async () => {
    const created = await apps.createNamespacedDeployment({ namespace: NS, body: deployment('web') });
    const stale = structuredClone(created);
    await apps.patchNamespacedDeployment(
      { name: 'web', namespace: NS, body: { metadata: { labels: { touched: 'yes' } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const { code, reason } = await statusOf(
      apps.replaceNamespacedDeployment({ name: 'web', namespace: NS, body: stale }),
    );
    assert.equal(code, 409);
    assert.equal(reason, 'Conflict');
  });

  it('an invalid object is 422 Invalid with field causes', async () => {
    const bad = deployment('bad');
    bad.spec!.replicas = -1;
    bad.metadata!.labels = { tier: 'not valid!' };
    const { code, reason, body } = await statusOf(apps.createNamespacedDeployment({ namespace: NS, body: bad }));
    assert.equal(code, 422);
    assert.equal(reason, 'Invalid');
    const causes = (body.details as { causes: { field: string }[] }).causes;
    assert.deepEqual(
      causes.map((c) => c.field),
      ['metadata.labels'],
    );
    const negative = deployment('negative');
    negative.spec!.replicas = -1;
    const second = await statusOf(apps.createNamespacedDeployment({ namespace: NS, body: negative }));
    assert.equal(second.code, 422);
    assert.deepEqual(
      (second.body.details as { causes: { field: string }[] }).causes.map((c) => c.field),
      ['spec.replicas'],
    );
  });

  it('merge patch on the scale subresource with the PatchStrategy header; the JSON-patch default refuses an object', async () => {
    const scale = await apps.patchNamespacedDeploymentScale(
      { name: 'web', namespace: NS, body: { spec: { replicas: 3 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    assert.equal(scale.spec?.replicas, 3);
    const read = await apps.readNamespacedDeploymentScale({ name: 'web', namespace: NS });
    assert.equal(read.status?.selector, 'app=web');
    assert.equal((await apps.readNamespacedDeployment({ name: 'web', namespace: NS })).spec?.replicas, 3);
    const wrong = await statusOf(
      apps.patchNamespacedDeploymentScale({ name: 'web', namespace: NS, body: { spec: { replicas: 7 } } }),
    );
    assert.equal(wrong.code, 400);
  });

  it('custom objects: create fills apiVersion/kind, status patches go through /status', async () => {
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const target = { group: 'keda.sh', version: 'v1alpha1', namespace: NS, plural: 'scaledobjects' };
    const created = (await custom.createNamespacedCustomObject({
      ...target,
      body: { metadata: { name: 'so1' }, spec: { scaleTargetRef: { name: 'web' } } },
    })) as { apiVersion: string; kind: string };
    assert.equal(created.apiVersion, 'keda.sh/v1alpha1');
    assert.equal(created.kind, 'ScaledObject');
    const patched = (await custom.patchNamespacedCustomObjectStatus(
      { ...target, name: 'so1', body: { status: { scaleTargetKind: 'apps/v1.Deployment' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    )) as { status: { scaleTargetKind: string } };
    assert.equal(patched.status.scaleTargetKind, 'apps/v1.Deployment');
    const smp = await statusOf(
      custom.patchNamespacedCustomObject(
        { ...target, name: 'so1', body: { spec: {} } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
      ),
    );
    assert.equal(smp.code, 415);
    const missing = await statusOf(custom.getNamespacedCustomObject({ ...target, name: 'nope' }));
    assert.equal(missing.code, 404);
  });
});

function deployment(name: string): k8s.V1Deployment {
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
    },
  };
}
