import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigMap, Pod } from 'kubernetes-types/core/v1.js';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { Random } from '../lib/random.js';
import { KubeError } from '../kube/errors.js';
import { CONFIG_MAPS, CRDS, DEPLOYMENTS, NAMESPACES, PODS, REPLICA_SETS, SCALED_OBJECTS } from '../kube/resources.js';
import { ObjectStore } from './store.js';

function newStore(historyLimit?: number): ObjectStore {
  const options = historyLimit === undefined ? {} : { historyLimit };
  return new ObjectStore({ clock: new VirtualClock(Date.UTC(2026, 0, 1)), random: new Random(7), ...options });
}

function configMap(name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap {
  return { metadata: { name, namespace: 'default', ...(labels === undefined ? {} : { labels }) }, data };
}

function deployment(name: string, replicas = 1): Deployment {
  return {
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
    },
  };
}

function kubeError(status: number, reason: string) {
  return (error: unknown) => error instanceof KubeError && error.status === status && error.reason === reason;
}

describe('ObjectStore writes', () => {
  it('assigns uid, monotonically increasing resourceVersions, generation and creationTimestamp', () => {
    const store = newStore();
    const a = store.create(CONFIG_MAPS, configMap('a'));
    const b = store.create(CONFIG_MAPS, configMap('b'));
    assert.match(a.metadata?.uid ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok(Number(b.metadata?.resourceVersion) > Number(a.metadata?.resourceVersion));
    assert.equal(a.metadata?.creationTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(a.metadata?.generation, 1);
    assert.equal(a.apiVersion, 'v1');
    assert.equal(a.kind, 'ConfigMap');
    assert.equal(store.currentResourceVersion(), b.metadata?.resourceVersion);
  });

  it('rejects duplicates, missing names, unknown namespaces and stale resourceVersions', () => {
    const store = newStore();
    const a = store.create(CONFIG_MAPS, configMap('a'));
    assert.throws(() => store.create(CONFIG_MAPS, configMap('a')), kubeError(409, 'AlreadyExists'));
    assert.throws(() => store.create(CONFIG_MAPS, { metadata: { namespace: 'default' } }), kubeError(422, 'Invalid'));
    assert.throws(
      () => store.create(CONFIG_MAPS, { metadata: { name: 'x', namespace: 'nope' } }),
      kubeError(404, 'NotFound'),
    );
    store.update(CONFIG_MAPS, { ...a, data: { k: 'v' } });
    assert.throws(() => store.update(CONFIG_MAPS, { ...a, data: { k: 'w' } }), kubeError(409, 'Conflict'));
    assert.throws(
      () => store.get(CONFIG_MAPS, { namespace: 'default', name: 'zz' }),
      (e: unknown) => {
        return e instanceof KubeError && e.status === 404 && e.message === 'configmaps "zz" not found';
      },
    );
  });

  it('reports invalid fields with causes', () => {
    const store = newStore();
    assert.throws(
      () => store.create(DEPLOYMENTS, deployment('web', -1)),
      (e: unknown) =>
        e instanceof KubeError &&
        e.status === 422 &&
        e.details?.causes?.[0]?.field === 'spec.replicas' &&
        e.message.startsWith('Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1'),
    );
  });

  it('hands in-process readers frozen views, and copies to everyone else', () => {
    const store = newStore();
    store.create(CONFIG_MAPS, configMap('a', { x: '1' }));
    const [view] = store.scan<ConfigMap>(CONFIG_MAPS, { namespace: 'default' });
    assert.throws(() => {
      (view!.data as Record<string, string>)['x'] = '2';
    }, TypeError);
    const seen: ConfigMap[] = [];
    store.watch<ConfigMap>(CONFIG_MAPS, { copy: false }, (e) => seen.push(e.object));
    assert.ok(Object.isFrozen(seen[0]));
    assert.ok(!Object.isFrozen(store.get(CONFIG_MAPS, { namespace: 'default', name: 'a' })));
  });

  it('withoutCopies: reads, writes and watches of the view hand out the stored frozen objects', () => {
    const store = newStore();
    const view = store.withoutCopies();
    const seen: ConfigMap[] = [];
    view.watch<ConfigMap>(CONFIG_MAPS, {}, (e) => seen.push(e.object));
    const created = view.create(CONFIG_MAPS, configMap('a', { x: '1' }));
    const ref = { namespace: 'default', name: 'a' };
    assert.ok(Object.isFrozen(created));
    assert.equal(view.get(CONFIG_MAPS, ref), created);
    assert.equal(seen[0], created);
    const patched = view.mergePatch<ConfigMap>(CONFIG_MAPS, ref, { data: { y: '2' } });
    assert.ok(Object.isFrozen(patched) && Object.isFrozen(patched.data));
    assert.deepEqual(patched.data, { x: '1', y: '2' });
    assert.equal(view.list(CONFIG_MAPS, { namespace: 'default' }).items[0], patched);
    // The store itself still copies, and shares its state with the view.
    const copy = store.get<ConfigMap>(CONFIG_MAPS, ref);
    assert.ok(!Object.isFrozen(copy) && copy !== patched);
    assert.deepEqual(copy, patched);
    assert.equal(store.currentResourceVersion(), view.currentResourceVersion());
  });

  it('a write shares the unchanged parts of the stored object, and copies what it is handed', () => {
    const store = newStore();
    store.create(DEPLOYMENTS, deployment('web'));
    const ref = { namespace: 'default', name: 'web' };
    const before = store.peek<Deployment>(DEPLOYMENTS, ref)!;
    store.updateStatus<Deployment>(DEPLOYMENTS, { ...before, status: { replicas: 1 } });
    const after = store.peek<Deployment>(DEPLOYMENTS, ref)!;
    assert.notEqual(after, before);
    assert.equal(after.spec, before.spec);
    const status = { replicas: 2 };
    store.updateStatus<Deployment>(DEPLOYMENTS, { ...after, status });
    const latest = store.peek<Deployment>(DEPLOYMENTS, ref)!;
    assert.notEqual(latest.status, status);
    status.replicas = 3;
    assert.equal(latest.status?.replicas, 2);
    assert.ok(Object.isFrozen(latest.status));
  });

  it('honours generateName', () => {
    const store = newStore();
    const made = store.create<ConfigMap>(CONFIG_MAPS, { metadata: { generateName: 'web-', namespace: 'default' } });
    assert.match(made.metadata?.name ?? '', /^web-[a-z0-9]{5}$/);
  });

  it('bumps generation on spec changes only, and skips no-op writes', () => {
    const store = newStore();
    const d = store.create(DEPLOYMENTS, deployment('web'));
    const labelled = store.mergePatch<Deployment>(
      DEPLOYMENTS,
      { namespace: 'default', name: 'web' },
      { metadata: { labels: { a: 'b' } } },
    );
    assert.equal(labelled.metadata?.generation, 1);
    const same = store.update(DEPLOYMENTS, labelled);
    assert.equal(same.metadata?.resourceVersion, labelled.metadata?.resourceVersion);
    const scaled = store.mergePatch<Deployment>(
      DEPLOYMENTS,
      { namespace: 'default', name: 'web' },
      { spec: { replicas: 3 } },
    );
    assert.equal(scaled.metadata?.generation, 2);
    const status = store.updateStatus(DEPLOYMENTS, { ...scaled, status: { replicas: 3 } });
    assert.equal(status.metadata?.generation, 2);
    assert.equal(status.status?.replicas, 3);
    assert.equal(d.status, undefined);
  });

  it('keeps status out of main writes and the rest out of status writes', () => {
    const store = newStore();
    const d = store.create(DEPLOYMENTS, { ...deployment('web'), status: { replicas: 9 } });
    assert.equal(d.status, undefined, 'status dropped on create');
    const afterStatus = store.updateStatus(DEPLOYMENTS, {
      ...d,
      spec: { ...d.spec!, replicas: 5 },
      status: { replicas: 2 },
    });
    assert.equal(afterStatus.spec?.replicas, 1);
    assert.equal(afterStatus.status?.replicas, 2);
    const afterMain = store.update(DEPLOYMENTS, { ...afterStatus, status: { replicas: 7 } });
    assert.equal(afterMain.status?.replicas, 2);
  });

  it('checks a status write against the resourceVersion and uid it carries', () => {
    const store = newStore();
    const d = store.create(DEPLOYMENTS, deployment('web'));
    const written = store.updateStatus(DEPLOYMENTS, { ...d, status: { replicas: 1 } });
    assert.throws(() => store.updateStatus(DEPLOYMENTS, { ...d, status: { replicas: 2 } }), kubeError(409, 'Conflict'));
    assert.throws(
      () =>
        store.updateStatus(DEPLOYMENTS, {
          ...written,
          metadata: { ...written.metadata, resourceVersion: '', uid: 'someone-else' },
          status: { replicas: 2 },
        }),
      kubeError(409, 'Conflict'),
    );
    const again = store.updateStatus(DEPLOYMENTS, { ...written, status: { replicas: 1 } });
    assert.equal(again.metadata?.resourceVersion, written.metadata?.resourceVersion, 'a no-op is not a write');
  });

  it('binds a pod in one write: node, labels and PodScheduled, once', () => {
    const store = newStore();
    store.create<Pod>(PODS, { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c' }] } });
    const before = store.currentResourceVersion();
    const bound = store.bindPod<Pod>({ namespace: 'default', name: 'p' }, { nodeName: 'n1', labels: { zone: 'a' } });
    assert.equal(Number(store.currentResourceVersion()), Number(before) + 1);
    assert.equal(bound.spec?.nodeName, 'n1');
    assert.equal(bound.metadata?.labels?.zone, 'a');
    assert.equal(bound.metadata?.generation, 2);
    assert.equal(bound.status?.phase, 'Pending');
    assert.deepEqual(bound.status?.conditions, [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' },
    ]);
    assert.throws(
      () => store.bindPod({ namespace: 'default', name: 'p' }, { nodeName: 'n2' }),
      (error: unknown) => error instanceof KubeError && error.status === 409 && /already assigned/.test(error.message),
    );
  });

  it('applies RFC 7386 merge patches (null deletes) with a resourceVersion precondition', () => {
    const store = newStore();
    const a = store.create(CONFIG_MAPS, configMap('a', { x: '1', y: '2' }));
    const patched = store.mergePatch<ConfigMap>(
      CONFIG_MAPS,
      { namespace: 'default', name: 'a' },
      { data: { x: null, z: '3' } },
    );
    assert.deepEqual(patched.data, { y: '2', z: '3' });
    assert.throws(
      () =>
        store.mergePatch(
          CONFIG_MAPS,
          { namespace: 'default', name: 'a' },
          { metadata: { resourceVersion: a.metadata?.resourceVersion }, data: {} },
        ),
      kubeError(409, 'Conflict'),
    );
  });

  it('copies objects in and out', () => {
    const store = newStore();
    const input = configMap('a', { x: '1' });
    const created = store.create(CONFIG_MAPS, input);
    input.data!.x = 'changed';
    created.data!.x = 'changed';
    assert.equal(store.get<ConfigMap>(CONFIG_MAPS, { namespace: 'default', name: 'a' }).data?.x, '1');
  });

  it('reads and writes the scale subresource with a precondition', () => {
    const store = newStore();
    store.create(DEPLOYMENTS, deployment('web', 2));
    const scale = store.getScale(DEPLOYMENTS, { namespace: 'default', name: 'web' });
    assert.equal(scale.spec?.replicas, 2);
    assert.equal(scale.status?.selector, 'app=web');
    const written = store.writeScale(DEPLOYMENTS, { namespace: 'default', name: 'web' }, 4, {
      resourceVersion: scale.metadata?.resourceVersion,
    });
    assert.equal(written.spec?.replicas, 4);
    assert.throws(
      () =>
        store.writeScale(DEPLOYMENTS, { namespace: 'default', name: 'web' }, 5, {
          resourceVersion: scale.metadata?.resourceVersion,
        }),
      kubeError(409, 'Conflict'),
    );
    assert.equal(store.get<Deployment>(DEPLOYMENTS, { namespace: 'default', name: 'web' }).spec?.replicas, 4);
  });
});

describe('ObjectStore deletion', () => {
  it('waits for finalizers, then removes the object when the last one goes', () => {
    const store = newStore();
    store.create(CONFIG_MAPS, { metadata: { name: 'a', namespace: 'default', finalizers: ['x/y'] } });
    const deleting = store.delete<ConfigMap>(CONFIG_MAPS, { namespace: 'default', name: 'a' });
    assert.equal(deleting.metadata?.deletionTimestamp, '2026-01-01T00:00:00Z');
    assert.ok(store.find(CONFIG_MAPS, { namespace: 'default', name: 'a' }));
    const again = store.delete<ConfigMap>(CONFIG_MAPS, { namespace: 'default', name: 'a' });
    assert.equal(again.metadata?.resourceVersion, deleting.metadata?.resourceVersion, 'a repeated delete is a no-op');
    store.mergePatch(CONFIG_MAPS, { namespace: 'default', name: 'a' }, { metadata: { finalizers: null } });
    assert.equal(store.find(CONFIG_MAPS, { namespace: 'default', name: 'a' }), undefined);
  });

  function ownedChain(store: ObjectStore) {
    const d = store.create(DEPLOYMENTS, deployment('web'));
    const owner = (o: { metadata?: { name?: string; uid?: string } }, kind: string, apiVersion: string) => [
      { apiVersion, kind, name: o.metadata?.name ?? '', uid: o.metadata?.uid ?? '', controller: true },
    ];
    const rs = store.create<ReplicaSet>(REPLICA_SETS, {
      metadata: { name: 'web-1', namespace: 'default', ownerReferences: owner(d, 'Deployment', 'apps/v1') },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } } },
      },
    });
    store.create<Pod>(PODS, {
      metadata: { name: 'web-1-a', namespace: 'default', ownerReferences: owner(rs, 'ReplicaSet', 'apps/v1') },
      spec: { containers: [{ name: 'c' }] },
    });
  }

  it('garbage-collects dependents in the background by default', () => {
    const store = newStore();
    ownedChain(store);
    store.delete(DEPLOYMENTS, { namespace: 'default', name: 'web' });
    assert.equal(store.list(REPLICA_SETS).items.length, 0);
    assert.equal(store.list(PODS).items.length, 0);
  });

  it('orphans dependents when asked', () => {
    const store = newStore();
    ownedChain(store);
    store.delete(DEPLOYMENTS, { namespace: 'default', name: 'web' }, { propagationPolicy: 'Orphan' });
    const rs = store.list<ReplicaSet>(REPLICA_SETS).items;
    assert.equal(rs.length, 1);
    assert.equal(rs[0]?.metadata?.ownerReferences, undefined);
  });

  it('deletes dependents first in the foreground', () => {
    const store = newStore();
    ownedChain(store);
    const d = store.delete<Deployment>(
      DEPLOYMENTS,
      { namespace: 'default', name: 'web' },
      { propagationPolicy: 'Foreground' },
    );
    // The pods were unbound, so everything went at once and the owner was released.
    assert.ok(d.metadata?.finalizers?.includes('foregroundDeletion'));
    assert.equal(store.find(DEPLOYMENTS, { namespace: 'default', name: 'web' }), undefined);
  });

  it('deletes bound pods gracefully', () => {
    const store = newStore();
    store.create<Pod>(PODS, {
      metadata: { name: 'p', namespace: 'default' },
      spec: { containers: [{ name: 'c' }], nodeName: 'n1', terminationGracePeriodSeconds: 10 },
    });
    const terminating = store.delete<Pod>(PODS, { namespace: 'default', name: 'p' });
    assert.equal(terminating.metadata?.deletionTimestamp, '2026-01-01T00:00:10Z');
    assert.equal(terminating.metadata?.deletionGracePeriodSeconds, 10);
    store.delete(PODS, { namespace: 'default', name: 'p' }, { gracePeriodSeconds: 0 });
    assert.equal(store.find(PODS, { namespace: 'default', name: 'p' }), undefined);
  });

  it('empties and removes a namespace; refuses to delete default', () => {
    const store = newStore();
    store.create(NAMESPACES, { metadata: { name: 'team' } });
    store.create(CONFIG_MAPS, { metadata: { name: 'a', namespace: 'team' } });
    store.delete(NAMESPACES, { name: 'team' });
    assert.equal(store.find(NAMESPACES, { name: 'team' }), undefined);
    assert.equal(store.list(CONFIG_MAPS, { namespace: 'team' }).items.length, 0);
    assert.throws(() => store.delete(NAMESPACES, { name: 'default' }), kubeError(403, 'Forbidden'));
  });
});

describe('ObjectStore custom resources', () => {
  it('serves KEDA ScaledObjects by default, with a status subresource', () => {
    const store = newStore();
    const so = store.create(SCALED_OBJECTS, {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'so', namespace: 'default' },
      spec: { scaleTargetRef: { name: 'remote' } },
      status: { ignored: true },
    } as never);
    assert.equal((so as { status?: unknown }).status, undefined);
    assert.equal(store.typeInfo(SCALED_OBJECTS).statusSubresource, true);
  });
});

describe('ObjectStore CRDs', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'burstscalers.spillway.io' },
    spec: {
      group: 'spillway.io',
      names: { kind: 'BurstScaler', plural: 'burstscalers', singular: 'burstscaler', shortNames: ['bs'] },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          subresources: {
            status: {},
            scale: {
              specReplicasPath: '.spec.replicas',
              statusReplicasPath: '.status.replicas',
              labelSelectorPath: '.status.selector',
            },
          },
        },
      ],
    },
  };
  const BURST = {
    group: 'spillway.io',
    version: 'v1alpha1',
    plural: 'burstscalers',
    kind: 'BurstScaler',
    namespaced: true,
  };

  it('registers a kind from a CRD with its subresources, and drops it with the CRD', () => {
    const store = newStore();
    assert.throws(() => store.list(BURST), kubeError(404, 'NotFound'));
    const created = store.create(CRDS, crd as never) as {
      status?: { conditions?: { type: string; status: string }[] };
    };
    assert.ok(created.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'));
    assert.deepEqual(store.resolve('spillway.io', 'v1alpha1', 'burstscalers')?.shortNames, ['bs']);
    store.create(BURST, {
      apiVersion: 'spillway.io/v1alpha1',
      kind: 'BurstScaler',
      metadata: { name: 'b', namespace: 'default' },
      spec: { replicas: 2 },
    } as never);
    assert.equal(store.getScale(BURST, { namespace: 'default', name: 'b' }).spec?.replicas, 2);
    store.writeScale(BURST, { namespace: 'default', name: 'b' }, 5);
    assert.equal(store.getScale(BURST, { namespace: 'default', name: 'b' }).spec?.replicas, 5);
    store.delete(CRDS, { name: 'burstscalers.spillway.io' });
    assert.throws(() => store.list(BURST), kubeError(404, 'NotFound'));
  });

  it('rejects a CRD whose name is not plural.group', () => {
    const store = newStore();
    assert.throws(
      () => store.create(CRDS, { ...crd, metadata: { name: 'wrong' } } as never),
      kubeError(422, 'Invalid'),
    );
  });
});
