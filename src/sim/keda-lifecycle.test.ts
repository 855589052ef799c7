import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCALED_OBJECTS } from '../kube/resources.js';
import type { KubeObject } from '../kube/client.js';
import type { DecisionEntry, SimulationReport } from './report.js';
import { eventsNamed, replicasOf, SEED_DEPLOYMENTS, seedScaledObject, simulate } from './test-kit.js';

const SO = { kind: 'ScaledObject', name: 'my-web-app-scaledobject' };
const POLLING_INTERVAL_SECONDS = 5;

/** The last poll that found the trigger active before `instant`: the end of the latest such run. */
function lastActiveBefore(report: SimulationReport, instant: number): number {
  const runs = report.decisions.filter((d) => d.rule === 'active' && d.t < instant);
  const last = Math.max(...runs.map((d) => d.lastT));
  assert.ok(last < instant, `an active run goes on past ${instant}`);
  return last;
}

/** The KEDA decision run holding a poll at exactly `instant` (its polls are 5 s apart). */
function kedaPollAt(report: SimulationReport, instant: number): DecisionEntry | undefined {
  const run = report.decisions.find((d) => d.loop === 'keda' && d.t <= instant && instant <= d.lastT);
  if (run === undefined) return undefined;
  // A run of polls at every tick from t to lastT, so one of them is at `instant`.
  assert.equal((instant - run.t) % POLLING_INTERVAL_SECONDS, 0, `no poll at ${instant}: ${JSON.stringify(run)}`);
  assert.equal(run.lastT - run.t, (run.count - 1) * POLLING_INTERVAL_SECONDS, JSON.stringify(run));
  return run;
}

test('cooldown boundary: scale to zero at the first poll strictly after lastActiveTime + cooldownPeriod', async () => {
  const report = await simulate({
    duration: '6m',
    manifests: [...SEED_DEPLOYMENTS, seedScaledObject({ cooldownPeriod: 60 })],
    actions: [
      { at: '30s', scale: { deployment: 'on-prem', replicas: 3 } },
      { at: '2m', scale: { deployment: 'on-prem', replicas: 1 } },
    ],
  });
  const down = replicasOf(report, 'remote').find(([t, r]) => t > 35 && r === 0)?.[0] ?? -1;
  const lastActive = lastActiveBefore(report, down);
  // Polls every 5 s: the one at exactly lastActive + 60 is still in cooldown, the next one scales.
  assert.equal(down, lastActive + 65);
  const atBoundary = kedaPollAt(report, lastActive + 60);
  assert.equal(atBoundary?.toReplicas, 1);
  assert.notEqual(atBoundary?.rule, 'deactivate');
});

test('fallback engages after failureThreshold: the 4th consecutive failure (polls + HPA syncs) activates and the HPA goes to fallback.replicas', async () => {
  const report = await simulate({
    duration: '2m',
    manifests: [
      ...SEED_DEPLOYMENTS,
      seedScaledObject({
        fallback: { failureThreshold: 3, replicas: 2 },
        // No HTTP client in the simulator by default: every Prometheus query fails, like an unreachable server.
        triggers: [
          {
            type: 'prometheus',
            metadata: {
              serverAddress: 'http://127.0.0.1:1',
              query: 'sum(rate(http_requests_total[1m]))',
              threshold: '10',
            },
          },
        ],
      }),
    ],
  });
  const failures = eventsNamed(report, 'KEDAScalerFailed');
  const [engaged] = eventsNamed(report, 'ScaledObjectFallbackActivated');
  assert.ok(engaged !== undefined);
  // Polls at 0, 5, 10 s fail (3 ≤ threshold, errors propagate, nothing scales); the HPA reads no
  // metric while the target is at 0, so the poll at 15 s is the 4th failure: it serves the fallback
  // and activates. From 1 replica on, the HPA's syncs read the metric too and go to the fallback.
  assert.deepEqual(
    failures.filter((t) => t < engaged),
    [0, 5, 10],
  );
  assert.equal(engaged, 15);
  assert.deepEqual(replicasOf(report, 'remote'), [
    [0, 0],
    [15, 1],
    [30, 2],
  ]);
});

test('at 0 replicas the HPA reads no metrics (ScalingDisabled), so only polls count fallback failures', async () => {
  const report = await simulate({
    duration: '3m',
    manifests: [
      ...SEED_DEPLOYMENTS,
      seedScaledObject({
        pollingInterval: 30,
        fallback: { failureThreshold: 3, replicas: 2 },
        triggers: [
          {
            type: 'prometheus',
            metadata: { serverAddress: 'http://127.0.0.1:1', query: 'up', threshold: '10' },
          },
        ],
      }),
    ],
  });
  const [engaged] = eventsNamed(report, 'ScaledObjectFallbackActivated');
  // Polls at 0, 30 and 60 s are failures 1–3; HPA syncs at 15, 30, 45, 60 and 75 s find 0 replicas
  // and ask for nothing; the poll at 90 s is the 4th failure and engages the fallback.
  assert.equal(engaged, 90);
  assert.deepEqual(
    eventsNamed(report, 'KEDAScalerFailed').filter((t) => t < engaged),
    [0, 30, 60],
  );
  assert.deepEqual(replicasOf(report, 'remote').slice(0, 2), [
    [0, 0],
    [90, 1],
  ]);
});

test('pause annotations: paused-replicas scales to N and holds; removing it resumes the scaler', async () => {
  const report = await simulate({
    duration: '11m',
    manifests: ['../seed'],
    actions: [
      { at: '30s', annotate: { ...SO, annotations: { 'autoscaling.keda.sh/paused-replicas': '3' } } },
      { at: '1m', scale: { deployment: 'on-prem', replicas: 3 } },
      { at: '4m', annotate: { ...SO, annotations: { 'autoscaling.keda.sh/paused-replicas': null } } },
    ],
  });
  const remote = replicasOf(report, 'remote');
  assert.equal(remote[1]?.[1], 3);
  assert.ok((remote[1]?.[0] ?? 0) >= 30 && (remote[1]?.[0] ?? 0) < 31);
  // Held at 3 although the trigger (3 primary pods) would want 1, until the annotation goes.
  assert.ok(
    remote.slice(1).every(([t, r]) => t >= 240 || r === 3),
    JSON.stringify(remote),
  );
  // Unpausing recreates the HPA, whose history is seeded with the current count (3): it goes
  // down to what the trigger wants (ceil(3/3) = 1) only after its 5-minute window.
  const after = remote.filter(([t]) => t >= 240);
  assert.equal(after.length, 1, JSON.stringify(remote));
  assert.equal(after[0]?.[1], 1);
  assert.ok((after[0]?.[0] ?? 0) >= 540, JSON.stringify(remote));
  assert.equal(eventsNamed(report, 'ScaledObjectPaused').length, 1);
  assert.equal(eventsNamed(report, 'ScaledObjectUnpaused')[0]! >= 240, true);
});

test('restore on deletion: restoreToOriginalReplicaCount writes originalReplicaCount back at once', async () => {
  const report = await simulate({
    duration: '4m',
    manifests: [...SEED_DEPLOYMENTS, seedScaledObject({ maxReplicaCount: 10 })],
    actions: [
      { at: '30s', scale: { deployment: 'on-prem', replicas: 12 } },
      { at: '2m', delete: SO },
    ],
  });
  const remote = replicasOf(report, 'remote');
  assert.deepEqual(remote.at(-2)?.[1], 4);
  const restored = remote.at(-1);
  // Still active (12 primary pods), so only the finalizer explains the 0: no cooldown involved.
  assert.equal(restored?.[1], 0);
  assert.ok(restored !== undefined && restored[0] >= 120 && restored[0] < 121);
  assert.deepEqual(eventsNamed(report, 'ScaledObjectDeleted').length, 1);
});

test('controller restart in the middle: cooldown still runs from the persisted lastActiveTime', async () => {
  let status: Record<string, unknown> | undefined;
  const report = await simulate(
    {
      duration: '6m',
      manifests: [...SEED_DEPLOYMENTS, seedScaledObject({ cooldownPeriod: 60 })],
      actions: [
        { at: '30s', scale: { deployment: 'on-prem', replicas: 3 } },
        { at: '2m', scale: { deployment: 'on-prem', replicas: 1 } },
        { at: '2m50s', restartController: true },
      ],
    },
    {
      inspect: (cluster) => {
        const so = cluster.store.get<KubeObject & { status?: Record<string, unknown> }>(SCALED_OBJECTS, {
          namespace: 'default',
          name: 'my-web-app-scaledobject',
        });
        status = so.status;
      },
    },
  );
  const down = replicasOf(report, 'remote').find(([t, r]) => t > 35 && r === 0)?.[0] ?? -1;
  const lastActive = lastActiveBefore(report, down);
  assert.ok(lastActive < 170, `last active ${lastActive} is before the restart`);
  // A controller that forgot would wait a full cooldown from its restart (≥ 230 s).
  assert.equal(down, lastActive + 65);
  assert.equal(status?.['originalReplicaCount'], 0);
  assert.deepEqual(eventsNamed(report, 'KEDAScaleTargetDeactivated'), [down]);
});
