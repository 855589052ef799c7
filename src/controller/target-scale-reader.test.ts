import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { KubeClient, KubeObject, WatchEvent } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import { FakeKubeClient } from '../kube/fake-client.js';
import { InformerFactory } from '../kube/informer-factory.js';
import { DEPLOYMENTS } from '../kube/resources.js';
import type { ResourceType } from '../kube/resources.js';
import { formatSelector } from '../lib/label-selector.js';
import { Random } from '../lib/random.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { TargetScaleReader } from './target-scale-reader.js';

const WIDGETS: ResourceType = {
  group: 'example.com',
  version: 'v1',
  plural: 'widgets',
  kind: 'Widget',
  namespaced: true,
};
const REF = { namespace: 'default', name: 'web' };

/** Holds back watch events while `held`, as a slow watch stream does. */
function withHeldWatches(fake: FakeKubeClient) {
  const held: (() => void)[] = [];
  const gate = { held: false };
  const watch: KubeClient['watch'] = <T extends KubeObject>(
    type: ResourceType,
    options: Parameters<KubeClient['watch']>[1],
    onEvent: (event: WatchEvent<T>) => void,
    onClose: Parameters<KubeClient['watch']>[3],
  ) => fake.watch<T>(type, options, (event) => (gate.held ? held.push(() => onEvent(event)) : onEvent(event)), onClose);
  const client = new Proxy(fake, {
    get: (target, property, receiver) => {
      if (property === 'watch') return watch;
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as KubeClient;
  const release = () => {
    gate.held = false;
    for (const deliver of held.splice(0)) deliver();
  };
  return { client, gate, release };
}

function deployment(replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...REF },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] },
      template: { spec: { containers: [] } },
    },
  };
}

async function setup() {
  const clock = new VirtualClock();
  const fake = new FakeKubeClient({ clock });
  const watches = withHeldWatches(fake);
  const informers = new InformerFactory(watches.client, { clock, random: new Random(3) });
  const reader = new TargetScaleReader(watches.client, informers);
  const settle = () => clock.advance(0);
  return { fake, reader, settle, ...watches };
}

describe('TargetScaleReader', () => {
  it('reads Deployments from the shared cache, never through /scale, selector expressions included', async () => {
    const { fake, reader } = await setup();
    await fake.create(DEPLOYMENTS, deployment(2));
    const view = await reader.read(DEPLOYMENTS, REF);
    assert.equal(view.specReplicas, 2);
    assert.equal(view.selector === undefined ? '' : formatSelector(view.selector), 'app=web,tier!=db');
    await reader.read(DEPLOYMENTS, REF);
    assert.equal(fake.callsTo('getScale').length, 0);
    assert.equal(fake.callsTo('list').length, 1);
  });

  it('reads its own write until the watch delivers it, then the cache again', async () => {
    const { fake, reader, gate, release, settle } = await setup();
    await fake.create(DEPLOYMENTS, deployment(0));
    assert.equal((await reader.read(DEPLOYMENTS, REF)).specReplicas, 0);
    gate.held = true;
    await reader.write(DEPLOYMENTS, REF, 1);
    assert.equal((await reader.read(DEPLOYMENTS, REF)).specReplicas, 1, 'a stale cache must not undo the write');
    release();
    await settle();
    // Someone else scales after our write: once the cache has caught up, it is the truth again.
    await fake.writeScale(DEPLOYMENTS, REF, 4);
    await settle();
    assert.equal((await reader.read(DEPLOYMENTS, REF)).specReplicas, 4);
    assert.equal(fake.callsTo('writeScale').length, 2);
  });

  it('a write the watch delivered before its response is not remembered as pending', async () => {
    const { fake, reader, settle } = await setup();
    await fake.create(DEPLOYMENTS, deployment(0));
    await reader.read(DEPLOYMENTS, REF);
    await reader.write(DEPLOYMENTS, REF, 2);
    await settle();
    await fake.writeScale(DEPLOYMENTS, REF, 5);
    await settle();
    assert.equal((await reader.read(DEPLOYMENTS, REF)).specReplicas, 5);
  });

  it('a missing target fails as a 404, like /scale', async () => {
    const { reader } = await setup();
    await assert.rejects(
      async () => reader.read(DEPLOYMENTS, REF),
      (error: unknown) => isNotFound(error),
    );
  });

  it('other scalable kinds are read through /scale', async () => {
    const { fake, reader } = await setup();
    await fake.create(WIDGETS, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { ...REF },
      spec: { replicas: 3 },
    } as KubeObject);
    assert.equal((await reader.read(WIDGETS, REF)).specReplicas, 3);
    assert.equal(fake.callsTo('getScale').length, 1);
    assert.equal(fake.callsTo('list').length, 0);
  });
});
