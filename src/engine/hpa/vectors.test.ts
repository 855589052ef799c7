// spec/keda-hpa-semantics.md §6.1, HPA rows: each vector by its ID, as one table per part of the algorithm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ok } from '../../lib/result.js';
import { resolveHpaBehavior } from './behavior.js';
import { convertDesiredReplicasWithBehaviorRate } from './behavior-rate.js';
import { syncHpa, emptyHpaMemory } from './sync.js';
import type { HpaSyncInput } from './sync.js';
import type { HpaPod, ResolvedBehavior, ScaleEvent } from './types.js';

const NOW = 1_800_000_000_000;
const MINUTE = 60_000;

function runningPod(name: string, ready: boolean): HpaPod {
  return {
    name,
    phase: 'Running',
    ready,
    deleted: false,
    startTimeMs: NOW - 10 * MINUTE,
    readyTransitionMs: NOW - 9 * MINUTE,
  };
}

function externalSync(
  overrides: Partial<HpaSyncInput> & Pick<HpaSyncInput, 'metrics' | 'specReplicas'>,
): ReturnType<typeof syncHpa> {
  return syncHpa({
    minReplicas: 1,
    maxReplicas: 100,
    statusReplicas: overrides.specReplicas,
    pods: [],
    memory: emptyHpaMemory(),
    nowMs: NOW,
    ...overrides,
  });
}

function firstProposal(result: ReturnType<typeof syncHpa>): number {
  const proposal = result.proposals[0];
  assert.ok(proposal?.ok, 'expected a successful proposal');
  return proposal.replicas;
}

test('R1: External AverageValue 2.15, U 8.6, status 3 → 4', () => {
  const result = externalSync({
    specReplicas: 3,
    metrics: [{ kind: 'external', name: 's0-x', target: { type: 'AverageValue', value: 2.15 }, measurement: ok(8.6) }],
  });
  assert.equal(firstProposal(result), 4);
  assert.equal(result.proposals[0]?.ok && result.proposals[0].value, 2.867);
  assert.equal(result.desiredReplicas, 4);
});

test('R2: External AverageValue 2.9, U 8.6, status 3 (ratio 0.989) → 3 within tolerance', () => {
  const result = externalSync({
    specReplicas: 3,
    metrics: [{ kind: 'external', name: 's0-x', target: { type: 'AverageValue', value: 2.9 }, measurement: ok(8.6) }],
  });
  assert.equal(firstProposal(result), 3);
  assert.equal(result.proposals[0]?.ok && result.proposals[0].rule, 'WithinTolerance');
});

test('R3: External Value 8.888, U 8.6, current 3 → 3', () => {
  const result = externalSync({
    specReplicas: 3,
    pods: [runningPod('a', true), runningPod('b', true), runningPod('c', true)],
    metrics: [{ kind: 'external', name: 's0-x', target: { type: 'Value', value: 8.888 }, measurement: ok(8.6) }],
  });
  assert.equal(firstProposal(result), 3);
});

test('R4: External Value 4.4, U 8.6, current 3, readiness [F,T,F] → 2 (ceil(1.95 × 1 ready))', () => {
  const result = externalSync({
    specReplicas: 3,
    pods: [runningPod('a', false), runningPod('b', true), runningPod('c', false)],
    metrics: [{ kind: 'external', name: 's0-x', target: { type: 'Value', value: 4.4 }, measurement: ok(8.6) }],
  });
  assert.equal(firstProposal(result), 2);
});

test('R5: External Value 14.334, U 8.6, current 5 all ready → 3', () => {
  const pods = ['a', 'b', 'c', 'd', 'e'].map((name) => runningPod(name, true));
  const result = externalSync({
    specReplicas: 5,
    pods,
    metrics: [{ kind: 'external', name: 's0-x', target: { type: 'Value', value: 14.334 }, measurement: ok(8.6) }],
  });
  assert.equal(firstProposal(result), 3);
});

// N1/N2 go through a whole legacy sync: the proposal is 3 (U 3, AverageValue 1, status 4 is outside tolerance).
function legacySyncWithHistory(history: readonly { replicas: number; agoMs: number }[]): ReturnType<typeof syncHpa> {
  return externalSync({
    specReplicas: 4,
    maxReplicas: 10,
    memory: {
      ...emptyHpaMemory(),
      recommendations: history.map((entry) => ({ replicas: entry.replicas, timestampMs: NOW - entry.agoMs })),
    },
    metrics: [{ kind: 'external', name: 's0-x', target: { type: 'AverageValue', value: 1 }, measurement: ok(3) }],
  });
}

test('N1: legacy history [4 @−2 m, 5 @−1 m], desired 3 → 5', () => {
  const result = legacySyncWithHistory([
    { replicas: 4, agoMs: 2 * MINUTE },
    { replicas: 5, agoMs: MINUTE },
  ]);
  assert.equal(result.metricDesiredReplicas, 3);
  assert.equal(result.desiredReplicas, 5);
});

test('N2: history [10 @−10 m, 9 @−9 m], desired 3 → 3 (entries outside the window)', () => {
  const result = legacySyncWithHistory([
    { replicas: 10, agoMs: 10 * MINUTE },
    { replicas: 9, agoMs: 9 * MINUTE },
  ]);
  assert.equal(result.desiredReplicas, 3);
});

function behaviorOf(input: Parameters<typeof resolveHpaBehavior>[0]): ResolvedBehavior {
  const resolved = resolveHpaBehavior(input);
  assert.ok(resolved);
  return resolved;
}

function events(changes: readonly number[], periodMs: number): ScaleEvent[] {
  // Spread inside the period, as generateEventsUniformDistribution does.
  return changes.map((replicaChange, i) => ({
    replicaChange,
    timestampMs: NOW - periodMs + ((i + 1) * periodMs) / (changes.length + 1),
    outdated: false,
  }));
}

const rateVectors: readonly {
  name: string;
  behavior: ResolvedBehavior;
  current: number;
  desired: number;
  min?: number;
  max?: number;
  scaleUpEvents?: ScaleEvent[];
  expected: number;
  reason?: string;
}[] = [
  {
    name: 'B1: default behavior, cur 10, desired 50, max 1000 → 20 ScaleUpLimit',
    behavior: behaviorOf({}),
    current: 10,
    desired: 50,
    max: 1000,
    expected: 20,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'B2: scaleUp [Pods 100/60 s, Percent 100/60 s], cur 10, desired 500 → 110',
    behavior: behaviorOf({
      scaleUp: {
        policies: [
          { type: 'Pods', value: 100, periodSeconds: 60 },
          { type: 'Percent', value: 100, periodSeconds: 60 },
        ],
      },
    }),
    current: 10,
    desired: 500,
    max: 1000,
    expected: 110,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'B3: scaleDown [Pods 20/60 s, Percent 1/60 s], cur 100, desired 2 → 80 ScaleDownLimit',
    behavior: behaviorOf({
      scaleDown: {
        policies: [
          { type: 'Pods', value: 20, periodSeconds: 60 },
          { type: 'Percent', value: 1, periodSeconds: 60 },
        ],
      },
    }),
    current: 100,
    desired: 2,
    expected: 80,
    reason: 'ScaleDownLimit',
  },
  {
    name: 'B4: scaleDown [Pods 5/60 s], cur 10, desired 2 → 5',
    behavior: behaviorOf({ scaleDown: { policies: [{ type: 'Pods', value: 5, periodSeconds: 60 }] } }),
    current: 10,
    desired: 2,
    expected: 5,
    reason: 'ScaleDownLimit',
  },
  {
    name: 'B5: scaleUp with pod policy and previous scale up events → 235',
    behavior: behaviorOf({ scaleUp: { policies: [{ type: 'Pods', value: 150, periodSeconds: 120 }] } }),
    current: 100,
    desired: 500,
    max: 1000,
    scaleUpEvents: events([1, 5, 9], 120_000),
    expected: 235,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'B6: same events, [Pods 5/120 s] → 100 (a limit below current is raised to current)',
    behavior: behaviorOf({ scaleUp: { policies: [{ type: 'Pods', value: 5, periodSeconds: 120 }] } }),
    current: 100,
    desired: 500,
    max: 1000,
    scaleUpEvents: events([1, 5, 9], 120_000),
    expected: 100,
    reason: 'ScaleUpLimit',
  },
  {
    name: 'B7: cur 20, desired 1000, max 10 → 10 TooManyReplicas',
    behavior: behaviorOf({}),
    current: 20,
    desired: 1000,
    max: 10,
    expected: 10,
    reason: 'TooManyReplicas',
  },
  {
    name: 'B8: scaleDown selectPolicy Min, [Pods 2/60 s, Percent 50/60 s], cur 5 → limit 3',
    behavior: behaviorOf({
      scaleDown: {
        selectPolicy: 'Min',
        policies: [
          { type: 'Pods', value: 2, periodSeconds: 60 },
          { type: 'Percent', value: 50, periodSeconds: 60 },
        ],
      },
    }),
    current: 5,
    desired: 1,
    expected: 3,
    reason: 'ScaleDownLimit',
  },
];

for (const row of rateVectors) {
  test(row.name, () => {
    const limited = convertDesiredReplicasWithBehaviorRate({
      currentReplicas: row.current,
      desiredReplicas: row.desired,
      minReplicas: row.min ?? 1,
      maxReplicas: row.max ?? 1000,
      scaleUp: row.behavior.scaleUp,
      scaleDown: row.behavior.scaleDown,
      scaleUpEvents: row.scaleUpEvents ?? [],
      scaleDownEvents: [],
      nowMs: NOW,
    });
    assert.equal(limited.replicas, row.expected);
    if (row.reason !== undefined) assert.equal(limited.reason, row.reason);
  });
}

test('L1: no behavior, cur 1, desired 10, max 100 → 4 (max(2·1, 4))', () => {
  const result = externalSync({
    specReplicas: 1,
    metrics: [{ kind: 'external', name: 's0-x', target: { type: 'AverageValue', value: 1 }, measurement: ok(10) }],
  });
  assert.equal(result.metricDesiredReplicas, 10);
  assert.equal(result.desiredReplicas, 4);
  assert.equal(result.limitReason, 'ScaleUpLimit');
});

test('L2: no behavior, cur 3, desired 60, max 100 → 6', () => {
  const result = externalSync({
    specReplicas: 3,
    metrics: [{ kind: 'external', name: 's0-x', target: { type: 'AverageValue', value: 1 }, measurement: ok(60) }],
  });
  assert.equal(result.metricDesiredReplicas, 60);
  assert.equal(result.desiredReplicas, 6);
  assert.equal(result.limitReason, 'ScaleUpLimit');
});
