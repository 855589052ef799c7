import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replicasOf, SEED_DEPLOYMENTS, seedScaledObject, simulate } from './test-kit.js';

test('HPA stabilization (legacy 5-minute window): after a spike, scale-down waits for 5 min of lower recommendations', async () => {
  const report = await simulate({
    duration: '12m',
    manifests: [...SEED_DEPLOYMENTS, seedScaledObject({ maxReplicaCount: 10 })],
    actions: [
      { at: '30s', scale: { deployment: 'on-prem', replicas: 12 } },
      { at: '2m', scale: { deployment: 'on-prem', replicas: 6 } },
    ],
  });
  const remote = replicasOf(report, 'remote');
  assert.deepEqual(
    remote.map(([, r]) => r),
    [0, 1, 4, 2],
  );
  // The removed primary pods count until their 30 s grace ends (2m30s); recommendations drop
  // from the next sync on, and the HPA keeps 4 for the whole window after the last high one.
  const down = remote[3]?.[0] ?? 0;
  const lowFrom = 150;
  assert.ok(down >= lowFrom + 285 && down <= lowFrom + 315, `scaled down at ${down}`);
  const hpaDown = report.decisions.find((d) => d.loop === 'hpa' && d.toReplicas === 2);
  assert.equal(hpaDown?.t, down);
  assert.equal(hpaDown.count, 1);
  assert.equal(hpaDown.rule, 'All metrics below target');
});

test('per-sync scale-up cap max(2·current, 4): 1 → 4 → 8 → 10 on successive HPA syncs', async () => {
  const report = await simulate({
    duration: '3m',
    manifests: [...SEED_DEPLOYMENTS, seedScaledObject({ maxReplicaCount: 20 })],
    actions: [{ at: '30s', scale: { deployment: 'on-prem', replicas: 30 } }],
  });
  const remote = replicasOf(report, 'remote');
  assert.deepEqual(
    remote.map(([, r]) => r),
    [0, 1, 4, 8, 10],
  );
  const times = remote.map(([t]) => t);
  // KEDA activates at a poll; the HPA then steps once per 15 s sync.
  assert.equal(times[3]! - times[2]!, 15);
  assert.equal(times[4]! - times[3]!, 15);
  assert.ok(
    report.decisions.some(
      (d) => d.loop === 'hpa' && d.toReplicas === 4 && d.reasons.join(' ').includes('ScaleUpLimit'),
    ),
  );
});
