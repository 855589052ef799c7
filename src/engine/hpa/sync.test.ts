import { test } from 'node:test';
import assert from 'node:assert/strict';
import { err, ok } from '../../lib/result.js';
import { rescaleFailedConditions } from './conditions.js';
import { emptyHpaMemory, syncHpa } from './sync.js';
import type { HpaSyncInput, HpaSyncResult } from './sync.js';
import type { HpaMemory, MetricObservation } from './types.js';

const NOW = 1_800_000_000_000;
const SYNC = 15_000;

/** U for an AverageValue target of 1: the proposal is ceil(U) outside tolerance. */
const demand = (usage: number): MetricObservation[] => [
  { kind: 'external', name: 's0-demand', target: { type: 'AverageValue', value: 1 }, measurement: ok(usage) },
];

function sync(overrides: Partial<HpaSyncInput> & Pick<HpaSyncInput, 'specReplicas'>): HpaSyncResult {
  return syncHpa({
    minReplicas: 1,
    maxReplicas: 100,
    statusReplicas: overrides.specReplicas,
    metrics: demand(overrides.specReplicas),
    pods: [],
    memory: emptyHpaMemory(),
    nowMs: NOW,
    ...overrides,
  });
}

test('ScalingDisabled at 0 replicas: no action, and the history is seeded with 0', () => {
  const result = sync({ specReplicas: 0, metrics: demand(50) });
  assert.equal(result.shouldRescale, false);
  assert.equal(result.desiredReplicas, 0);
  assert.deepEqual(result.proposals, []);
  assert.deepEqual(result.memory.recommendations, [{ replicas: 0, timestampMs: NOW }]);
  assert.deepEqual(
    result.conditions.map((c) => [c.type, c.status, c.reason]),
    [
      ['AbleToScale', 'True', 'SucceededGetScale'],
      ['ScalingActive', 'False', 'ScalingDisabled'],
    ],
  );
  assert.equal(result.conditions[1]?.message, 'scaling is disabled since the replica count of the target is zero');
});

test('current above max goes to max at once, skipping metrics and rate limits', () => {
  const result = sync({ specReplicas: 40, maxReplicas: 10, metrics: [] });
  assert.equal(result.desiredReplicas, 10);
  assert.equal(result.shouldRescale, true);
  assert.equal(result.rescaleReason, 'Current number of replicas above Spec.MaxReplicas');
  assert.deepEqual(result.proposals, []);
  assert.equal(result.limitReason, undefined);
  assert.deepEqual(result.events, [
    {
      type: 'Normal',
      reason: 'SuccessfulRescale',
      message: 'New size: 10; reason: Current number of replicas above Spec.MaxReplicas',
    },
  ]);
});

test('current below min goes to min at once, even with failing metrics', () => {
  const metrics: MetricObservation[] = [
    { kind: 'external', name: 's0', target: { type: 'AverageValue', value: 1 }, measurement: err('down') },
  ];
  const result = sync({ specReplicas: 1, minReplicas: 5, metrics });
  assert.equal(result.desiredReplicas, 5);
  assert.equal(result.rescaleReason, 'Current number of replicas below Spec.MinReplicas');
});

test('all metrics failing: no scaling, ScalingActive False with the first reason, FailedComputeMetricsReplicas', () => {
  const metrics: MetricObservation[] = [
    { kind: 'external', name: 's0', target: { type: 'AverageValue', value: 1 }, measurement: err('timeout') },
  ];
  const result = sync({ specReplicas: 3, metrics });
  assert.equal(result.shouldRescale, false);
  assert.equal(result.desiredReplicas, 3);
  const active = result.conditions.find((c) => c.type === 'ScalingActive');
  assert.equal(active?.status, 'False');
  assert.equal(active?.reason, 'FailedGetExternalMetric');
  assert.deepEqual(
    result.events.map((e) => e.reason),
    ['FailedGetExternalMetric', 'FailedComputeMetricsReplicas'],
  );
  // A failure stores no recommendation beyond the seed.
  assert.deepEqual(result.memory.recommendations, [{ replicas: 3, timestampMs: NOW }]);
});

test('partial failure never scales down, but still scales up on the valid metrics', () => {
  const failing: MetricObservation = {
    kind: 'external',
    name: 's1',
    target: { type: 'AverageValue', value: 1 },
    measurement: err('timeout'),
  };
  const memory: HpaMemory = { ...emptyHpaMemory(), recommendations: [{ replicas: 1, timestampMs: NOW - 600_000 }] };
  const down = sync({ specReplicas: 6, metrics: [...demand(2), failing], memory });
  assert.equal(down.shouldRescale, false);
  const up = sync({ specReplicas: 6, metrics: [...demand(9), failing], memory });
  assert.equal(up.desiredReplicas, 9);
  assert.equal(up.conditions.find((c) => c.type === 'ScalingActive')?.reason, 'ValidMetricFound');
});

test('conditions as Kubernetes writes them on a limited scale-up, and after a failed write', () => {
  const result = sync({ specReplicas: 2, metrics: demand(50) });
  assert.deepEqual(
    result.conditions.map(({ type, status, reason, message }) => ({ type, status, reason, message })),
    [
      {
        type: 'AbleToScale',
        status: 'True',
        reason: 'SucceededRescale',
        message: 'the HPA controller was able to update the target scale to 4',
      },
      {
        type: 'ScalingActive',
        status: 'True',
        reason: 'ValidMetricFound',
        message: 'the HPA was able to successfully calculate a replica count from external metric s0-demand(<nil>)',
      },
      {
        type: 'ScalingLimited',
        status: 'True',
        reason: 'ScaleUpLimit',
        message: 'the desired replica count is increasing faster than the maximum scale rate',
      },
    ],
  );
  assert.equal(result.rescaleReason, 'external metric s0-demand(<nil>) above target');
  const failed = rescaleFailedConditions(result.conditions, 'conflict', NOW);
  assert.equal(failed[0]?.reason, 'FailedUpdateScale');
  assert.equal(failed[0]?.status, 'False');
});

test('transition times move only when a condition flips', () => {
  const first = sync({ specReplicas: 3, metrics: demand(3) });
  const second = sync({
    specReplicas: 3,
    metrics: demand(3),
    memory: first.memory,
    previousConditions: first.conditions,
    nowMs: NOW + SYNC,
  });
  assert.ok(second.conditions.every((c) => c.lastTransitionTimeMs === NOW));
  const disabled = sync({
    specReplicas: 0,
    memory: second.memory,
    previousConditions: second.conditions,
    nowMs: NOW + 2 * SYNC,
  });
  assert.equal(disabled.conditions.find((c) => c.type === 'ScalingActive')?.lastTransitionTimeMs, NOW + 2 * SYNC);
  assert.equal(disabled.conditions.find((c) => c.type === 'ScalingLimited')?.lastTransitionTimeMs, NOW);
});

test('reasons explain the decision', () => {
  const result = sync({ specReplicas: 2, metrics: demand(50) });
  assert.deepEqual(result.reasons, [
    'external metric s0-demand(<nil>): 50 / (1 × 2 status replicas) = 25 outside tolerance [0.9, 1.1] → ceil(50 / 1) = 50',
    'max over metrics: 50',
    'ScaleUpLimit: 50 → 4 (the desired replica count is increasing faster than the maximum scale rate)',
    'rescale 2 → 4: external metric s0-demand(<nil>) above target',
  ]);
});

test('seed walkthrough: kubernetes-workload value 1 counting 3 primary pods takes the remote from 1 to 3', () => {
  const metrics: MetricObservation[] = [
    {
      kind: 'external',
      name: 's0-workload-default',
      selector: { 'scaledobject.keda.sh/name': 'remote-scaler' },
      target: { type: 'AverageValue', value: 1 },
      measurement: ok(3),
    },
  ];
  const result = sync({ specReplicas: 1, metrics });
  assert.equal(result.desiredReplicas, 3);
  assert.equal(result.limitReason, 'DesiredWithinRange');
});

test('a CPU metric and an external metric combine by maximum', () => {
  const pods = ['a', 'b'].map((name) => ({
    name,
    phase: 'Running' as const,
    ready: true,
    deleted: false,
    startTimeMs: NOW - 3_600_000,
    readyTransitionMs: NOW - 3_500_000,
    usage: { cpu: 0.9 },
    request: { cpu: 1 },
  }));
  const metrics: MetricObservation[] = [
    { kind: 'resource', name: 'cpu', target: { type: 'Utilization', value: 60 } },
    ...demand(2),
  ];
  const result = sync({ specReplicas: 2, pods, metrics });
  // cpu: 90% / 60% = 1.5 → ceil(1.5 × 2) = 3; external within tolerance → 2.
  assert.deepEqual(
    result.proposals.map((p) => (p.ok ? p.replicas : p.reason)),
    [3, 2],
  );
  assert.equal(result.desiredReplicas, 3);
  assert.equal(result.rescaleReason, 'cpu resource utilization (percentage of request) above target');
});
