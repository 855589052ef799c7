import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_HPA_OPTIONS } from './behavior.js';
import { proposeResource } from './resource-proposals.js';
import type { ResourceProposalInput } from './resource-proposals.js';
import type { HpaPod } from './types.js';

const NOW = 1_800_000_000_000;
const T = { scaleUp: 0.1, scaleDown: 0.1 };

/** A long-running, ready pod: past the CPU initialization period. */
function pod(name: string, cpu: number | undefined, overrides: Partial<HpaPod> = {}): HpaPod {
  return {
    name,
    phase: 'Running',
    ready: true,
    deleted: false,
    startTimeMs: NOW - 3_600_000,
    readyTransitionMs: NOW - 3_500_000,
    ...(cpu !== undefined ? { usage: { cpu } } : {}),
    request: { cpu: 1 },
    ...overrides,
  };
}

function propose(pods: HpaPod[], target: ResourceProposalInput['target'], specReplicas = pods.length) {
  return proposeResource({
    specReplicas,
    resource: 'cpu',
    target,
    pods,
    tolerances: T,
    nowMs: NOW,
    options: DEFAULT_HPA_OPTIONS,
  });
}

function replicas(result: ReturnType<typeof propose>): number {
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.value.replicas;
}

test('utilization: ceil(util/target × ready pods)', () => {
  const result = propose([pod('a', 0.9), pod('b', 0.9), pod('c', 0.9)], { type: 'Utilization', value: 50 });
  assert.equal(replicas(result), 6);
  assert.ok(result.ok);
  assert.equal(result.value.value, 90);
});

test('utilization uses integer division: 0.1099 of 0.1 is 109%, not 109.9%', () => {
  // Σusage 1099m over Σrequest 1000m: util ⌊109.9⌋ = 109; ratio 109/100 = 1.09 stays within tolerance.
  const pods = [pod('a', 1.099)];
  const result = propose(pods, { type: 'Utilization', value: 100 });
  assert.equal(replicas(result), 1);
  assert.ok(result.ok);
  assert.equal(result.value.value, 109);
  assert.equal(result.value.rule, 'WithinTolerance');
});

test('scale-up with an unready pod counts it at 0 (TestReplicaCalcScaleUpUnreadyLessScale → 4)', () => {
  const pods = [
    pod('a', 0.3, { ready: false, startTimeMs: NOW - 60_000, readyTransitionMs: NOW - 50_000 }),
    pod('b', 0.5),
    pod('c', 0.7),
  ];
  const result = propose(pods, { type: 'Utilization', value: 30 });
  assert.equal(replicas(result), 4);
  assert.ok(result.ok);
  assert.equal(result.value.value, 60);
  assert.equal(result.value.rule, 'CorrectedRatioTimesPods');
});

test('a CPU pod without a Ready condition or start time is unready', () => {
  const { readyTransitionMs: _r, ...noCondition } = pod('a', 2);
  const result = propose([noCondition as HpaPod, pod('b', 0.5)], { type: 'Utilization', value: 50 }, 2);
  // Ready: b at 50% → within tolerance; the unready pod is not corrected because the ratio is not > 1.
  assert.equal(replicas(result), 2);
});

test('a CPU sample older than one window after the readiness change is unready within the init period', () => {
  const starting = pod('a', 3, {
    startTimeMs: NOW - 60_000,
    readyTransitionMs: NOW - 20_000,
    usageTimestampMs: NOW - 15_000,
    usageWindowMs: 30_000,
  });
  const result = propose([starting, pod('b', 1)], { type: 'Utilization', value: 50 });
  // Only b counts: 100/50 = 2 > 1 with one unready pod → recount (0 + 1000)/2000 = 50% → ratio 1 → current.
  assert.ok(result.ok);
  assert.equal(result.value.rule, 'CorrectedWithinTolerance');
  assert.equal(result.value.replicas, 2);
});

test('Pending pods are unready; deleted and Failed pods are ignored', () => {
  const pods = [
    pod('a', 0.8),
    pod('b', undefined, { phase: 'Pending' }),
    pod('c', 5, { deleted: true }),
    pod('d', 5, { phase: 'Failed' }),
  ];
  const result = propose(pods, { type: 'Utilization', value: 40 }, 2);
  // a: 80/40 = 2, one unready → recount (800 + 0)/2000 = 40% → ratio 1.0 → within tolerance → current 2.
  assert.equal(replicas(result), 2);
});

test('missing pods on a scale-down count at 100% of their request', () => {
  const pods = [pod('a', 0.1), pod('b', 0.1), pod('c', undefined)];
  const result = propose(pods, { type: 'Utilization', value: 50 });
  // ready: 200/2000 = 10% → 0.2; recount with c at 1000m: 1200/3000 = 40% → 0.8 → ceil(0.8 × 3) = 3 = current? 3 ≤ 3.
  assert.equal(replicas(result), 3);
  assert.ok(result.ok);
  assert.equal(result.value.rule, 'CorrectedRatioTimesPods');
});

test('missing pods on a scale-down count at the target when it is above 100%', () => {
  const pods = [pod('a', 0.1), pod('b', 0.1), pod('c', 0.1), pod('d', undefined)];
  const result = propose(pods, { type: 'Utilization', value: 200 }, 4);
  // ready: 300/3000 = 10% → 0.05; d at 2000m: 2300/4000 = 57% → 0.285 → ceil(0.285 × 4) = 2.
  assert.equal(replicas(result), 2);
});

test('missing pods on a scale-up count at 0', () => {
  const pods = [pod('a', 1), pod('b', 1), pod('c', undefined), pod('d', undefined)];
  const result = propose(pods, { type: 'Utilization', value: 25 });
  // ready 100% → 4; recount 2000/4000 = 50% → 2 → ceil(2 × 4) = 8.
  assert.equal(replicas(result), 8);
});

test('a recount that flips direction keeps current', () => {
  const pods = [pod('a', 0.6), pod('b', undefined), pod('c', undefined), pod('d', undefined)];
  const result = propose(pods, { type: 'Utilization', value: 50 }, 4);
  // ready 60% → 1.2 > 1; missing count 0: 600/4000 = 15% → 0.3 < 1 → flip → current.
  assert.ok(result.ok);
  assert.equal(result.value.rule, 'CorrectedDirectionFlip');
  assert.equal(result.value.replicas, 4);
});

test('errors: no pods, no metrics, missing request, metrics of no known pod', () => {
  assert.deepEqual(propose([], { type: 'Utilization', value: 50 }, 1), {
    ok: false,
    error: 'failed to get cpu utilization: no pods returned by selector while calculating replica count',
  });
  assert.deepEqual(propose([pod('a', undefined)], { type: 'Utilization', value: 50 }), {
    ok: false,
    error: 'failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)',
  });
  const { request: _r, ...noRequest } = pod('a', 0.5);
  assert.deepEqual(propose([noRequest as HpaPod], { type: 'Utilization', value: 50 }), {
    ok: false,
    error: 'failed to get cpu utilization: missing request for cpu in Pod a',
  });
  assert.deepEqual(propose([pod('a', 0.5, { request: { cpu: 0 } })], { type: 'Utilization', value: 50 }), {
    ok: false,
    error: 'failed to get cpu utilization: no metrics returned matched known pods',
  });
});

test('AverageValue: integer average in milli-units over the target', () => {
  const pods = [pod('a', 0.3), pod('b', 0.4), pod('c', 0.5)];
  const result = propose(pods, { type: 'AverageValue', value: 0.2 });
  // average 400m / 200m = 2 → ceil(2 × 3) = 6.
  assert.equal(replicas(result), 6);
  assert.ok(result.ok);
  assert.equal(result.value.value, 0.4);
});

test('AverageValue: missing pods on a scale-down count at the target', () => {
  const pods = [pod('a', 0.1), pod('b', undefined)];
  const result = propose(pods, { type: 'AverageValue', value: 1 });
  // ready 100m → 0.1; b at 1000m: 550m → 0.55 → ceil(0.55 × 2) = 2 = current.
  assert.equal(replicas(result), 2);
});

test('memory is not subject to CPU readiness rules', () => {
  const starting: HpaPod = {
    name: 'a',
    phase: 'Running',
    ready: false,
    deleted: false,
    usage: { memory: 200 },
    request: { memory: 100 },
  };
  const result = proposeResource({
    specReplicas: 1,
    resource: 'memory',
    target: { type: 'Utilization', value: 100 },
    pods: [starting],
    tolerances: T,
    nowMs: NOW,
    options: DEFAULT_HPA_OPTIONS,
  });
  assert.equal(replicas(result), 2);
});
