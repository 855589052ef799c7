import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { ObjectStore } from '../cluster/store.js';
import { MemoryKubeClient } from '../kube/memory/memory-client.js';
import { DEPLOYMENTS, EVENTS, PODS, SCALED_OBJECTS } from '../kube/resources.js';
import type { KubeObject } from '../kube/client.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { Random } from '../lib/random.js';
import { Controller } from './manager.js';
import type { DecisionRecord } from './controller-context.js';

function seedScaledObject(): KubeObject {
  const raw = parse(
    readFileSync(new URL('../../../examples/seed/scaledobject.yaml', import.meta.url), 'utf8'),
  ) as KubeObject;
  return { ...raw, metadata: { ...raw.metadata, namespace: 'default' } };
}

function deployment(name: string, replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'my-web-app', tier: name } },
      template: {
        metadata: { labels: { app: 'my-web-app', tier: name } },
        spec: { containers: [{ name: 'c', image: 'x' }] },
      },
    },
  };
}

function primaryPod(name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'my-web-app' } },
    spec: { containers: [{ name: 'c', image: 'x' }] },
  } as Pod;
}

async function setup() {
  const clock = new VirtualClock();
  const random = new Random(1);
  const store = new ObjectStore({ clock, random });
  const client = new MemoryKubeClient(store);
  await client.create(DEPLOYMENTS, deployment('remote', 0));
  for (const name of ['p1', 'p2', 'p3']) {
    await client.create(PODS, primaryPod(name));
    await client.mergePatch(
      PODS,
      { namespace: 'default', name },
      { status: { phase: 'Running' } },
      { subresource: 'status' },
    );
  }
  await client.create(SCALED_OBJECTS, seedScaledObject());
  const decisions: DecisionRecord[] = [];
  const controller = new Controller({ client, clock, random, observer: { decision: (d) => decisions.push(d) } });
  return { clock, client, controller, decisions };
}

async function remoteReplicas(client: MemoryKubeClient): Promise<number> {
  const scale = await client.getScale(DEPLOYMENTS, { namespace: 'default', name: 'remote' });
  return scale.spec?.replicas ?? -1;
}

test('seed: 3 primary pods activate remote 0 → 1 at the first poll; 2 pods bring it back after the cooldown', async () => {
  const { clock, client, controller, decisions } = await setup();
  controller.start();
  await clock.advance(100);
  assert.equal(await remoteReplicas(client), 1);
  assert.equal(decisions[0]?.rule, 'activate');

  await client.delete(PODS, { namespace: 'default', name: 'p3' });
  // Cooldown 5 s from the last active poll, polls every 5 s: 0 only at the first poll strictly after it.
  await clock.advance(5_000);
  assert.equal(await remoteReplicas(client), 1, 'cooldown not yet over at exactly 5 s');
  await clock.advance(5_000);
  assert.equal(await remoteReplicas(client), 0);

  const events = await client.list<KubeObject & { reason?: string; message?: string }>(EVENTS, {
    namespace: 'default',
  });
  const reasons = events.items.map((e) => e.reason);
  assert.ok(reasons.includes('KEDAScaleTargetActivated'), reasons.join(','));
  assert.ok(reasons.includes('KEDAScaleTargetDeactivated'), reasons.join(','));
  const activated = events.items.find((e) => e.reason === 'KEDAScaleTargetActivated');
  assert.equal(
    activated?.message,
    'Scaled apps/v1.Deployment default/remote from 0 to 1, triggered by s0-workload-default',
  );

  const so = await client.get<
    KubeObject & { status?: { conditions?: { type: string; status: string }[]; originalReplicaCount?: number } }
  >(SCALED_OBJECTS, { namespace: 'default', name: 'my-web-app-scaledobject' });
  assert.equal(so.status?.originalReplicaCount, 0);
  assert.deepEqual(
    so.status?.conditions?.map((c) => [c.type, c.status]),
    [
      ['Ready', 'True'],
      ['Active', 'False'],
      ['Fallback', 'Unknown'],
      ['Paused', 'False'],
    ],
  );
  assert.ok(so.metadata?.finalizers?.includes('finalizer.keda.sh'));
  await controller.stop();
});

test('a malformed ScaledObject gets Ready=False and an Event; another one keeps scaling', async () => {
  const { clock, client, controller } = await setup();
  const broken = seedScaledObject();
  await client.create(SCALED_OBJECTS, {
    ...broken,
    metadata: { name: 'broken', namespace: 'default' },
    spec: { scaleTargetRef: { name: 'remote' }, triggers: [{ type: 'kubernetes-workload', metadata: { value: '0' } }] },
  } as KubeObject);
  controller.start();
  await clock.advance(100);
  assert.equal(await remoteReplicas(client), 1);
  const so = await client.get<
    KubeObject & { status?: { conditions?: { type: string; status: string; message?: string }[] } }
  >(SCALED_OBJECTS, { namespace: 'default', name: 'broken' });
  const ready = so.status?.conditions?.find((c) => c.type === 'Ready');
  assert.equal(ready?.status, 'False');
  assert.match(ready?.message ?? '', /spec\.triggers\[0\]\.metadata/);
  await controller.stop();
});

test('deletion with restoreToOriginalReplicaCount writes the original count back and removes the finalizer', async () => {
  const { clock, client, controller } = await setup();
  controller.start();
  await clock.advance(100);
  assert.equal(await remoteReplicas(client), 1);
  await client.delete(SCALED_OBJECTS, { namespace: 'default', name: 'my-web-app-scaledobject' });
  await clock.advance(100);
  assert.equal(await remoteReplicas(client), 0);
  await assert.rejects(
    client.get(SCALED_OBJECTS, { namespace: 'default', name: 'my-web-app-scaledobject' }),
    /not found/,
  );
  await controller.stop();
});

test('the paused observer hook follows the Paused condition of each reconcile', async () => {
  const { clock, client } = await setup();
  const paused: boolean[] = [];
  const controller = new Controller({
    client,
    clock,
    random: new Random(1),
    observer: { paused: (record) => paused.push(record.paused) },
  });
  controller.start();
  await clock.advance(100);
  const ref = { namespace: 'default', name: 'my-web-app-scaledobject' };
  await client.mergePatch(SCALED_OBJECTS, ref, { metadata: { annotations: { 'autoscaling.keda.sh/paused': 'true' } } });
  await clock.advance(100);
  await client.mergePatch(SCALED_OBJECTS, ref, { metadata: { annotations: { 'autoscaling.keda.sh/paused': null } } });
  await clock.advance(100);
  assert.deepEqual(paused, [false, true, false]);
  await controller.stop();
});

test('a reconcile that fails (no target yet) is retried with backoff until the target appears', async () => {
  const { clock, client, controller } = await setup();
  await client.delete(DEPLOYMENTS, { namespace: 'default', name: 'remote' });
  const errors: string[] = [];
  const observed = new Controller({
    client,
    clock,
    random: new Random(1),
    observer: { error: (record) => errors.push(`${record.phase}: ${record.message}`) },
  });
  observed.start();
  await clock.advance(100);
  assert.match(errors.join('\n'), /reconcile: deployments\.apps "remote" not found/);
  // KEDA's check: Ready=False with its reason and message, and a Warning Event.
  const missingMessage = `ScaledObject doesn't have correct scaleTargetRef specification: deployments.apps "remote" not found`;
  assert.deepEqual(pick(await readyCondition(client)), {
    status: 'False',
    reason: 'ScaledObjectCheckFailed',
    message: missingMessage,
  });
  const events = await client.list<KubeObject & { reason?: string; type?: string; message?: string }>(EVENTS, {
    namespace: 'default',
  });
  assert.ok(
    events.items.some(
      (e) => e.type === 'Warning' && e.reason === 'ScaledObjectCheckFailed' && e.message === missingMessage,
    ),
  );
  await client.create(DEPLOYMENTS, deployment('remote', 0));
  await clock.advance(2_000);
  assert.equal(await remoteReplicas(client), 1);
  assert.equal((await readyCondition(client))?.status, 'True', 'Ready again once the target exists');
  await observed.stop();
  await controller.stop();
});

test('evaluate-on-change: a matching pod event triggers a poll at once, long before the polling interval', async () => {
  const { clock, client, controller } = await setup();
  await client.delete(PODS, { namespace: 'default', name: 'p3' });
  await client.mergePatch(
    SCALED_OBJECTS,
    { namespace: 'default', name: 'my-web-app-scaledobject' },
    { metadata: { annotations: { 'spillway.io/evaluate-on-change': 'true' } }, spec: { pollingInterval: 300 } },
  );
  controller.start();
  await clock.advance(100);
  assert.equal(await remoteReplicas(client), 0, 'two pods are not above the activation value');
  await client.create(PODS, primaryPod('p4'));
  await client.mergePatch(
    PODS,
    { namespace: 'default', name: 'p4' },
    { status: { phase: 'Running' } },
    { subresource: 'status' },
  );
  await clock.advance(100);
  assert.equal(await remoteReplicas(client), 1);
  await controller.stop();
});

type ConditionView = { type: string; status: string; reason?: string; message?: string };

async function readyCondition(client: MemoryKubeClient): Promise<ConditionView | undefined> {
  const so = await client.get<KubeObject & { status?: { conditions?: ConditionView[] } }>(SCALED_OBJECTS, {
    namespace: 'default',
    name: 'my-web-app-scaledobject',
  });
  return so.status?.conditions?.find((c) => c.type === 'Ready');
}

function pick(condition: ConditionView | undefined) {
  return { status: condition?.status, reason: condition?.reason, message: condition?.message };
}
