import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ok } from '../../lib/result.js';
import { resolveHpaBehavior } from './behavior.js';
import { emptyHpaMemory, syncHpa } from './sync.js';
import type { HpaSyncInput, HpaSyncResult } from './sync.js';
import type { HpaMemory, MetricObservation, ResolvedBehavior } from './types.js';

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

/** Runs one sync every 15 s, applying each rescale as if the write succeeded. */
function run(
  start: { replicas: number; memory?: HpaMemory; behavior?: ResolvedBehavior; max?: number },
  usages: readonly number[],
) {
  let replicas = start.replicas;
  let memory = start.memory ?? emptyHpaMemory();
  const seen: number[] = [];
  usages.forEach((usage, i) => {
    const result = syncHpa({
      minReplicas: 1,
      maxReplicas: start.max ?? 100,
      ...(start.behavior !== undefined ? { behavior: start.behavior } : {}),
      metrics: demand(usage),
      specReplicas: replicas,
      statusReplicas: replicas,
      pods: [],
      memory,
      nowMs: NOW + i * SYNC,
    });
    memory = result.memory;
    replicas = result.desiredReplicas;
    seen.push(replicas);
  });
  return { seen, memory, replicas };
}

test('legacy: a spike holds for 5 minutes of lower recommendations, then drops at once', () => {
  // 2 replicas, a spike asks for 8, then demand falls to 1 replica's worth.
  const usages = [2, 8, 8, ...Array.from({ length: 25 }, () => 1)];
  const { seen } = run({ replicas: 2 }, usages);
  assert.deepEqual(seen.slice(0, 3), [2, 4, 8]); // the per-sync cap: max(2·2, 4) = 4, then max(2·4, 4) = 8
  // The last 8 was recorded at t = 30 s; legacy windows include their edge, so it counts through t = 330 s
  // and is gone at sync 23 (t = 345 s).
  assert.ok(
    seen.slice(3, 23).every((replicas) => replicas === 8),
    `held: ${seen.join(',')}`,
  );
  assert.equal(seen[23], 1);
});

test('legacy: the history seeded at 0 lets a returning workload jump back to its old recommendation', () => {
  // Running at 6 with demand 6, KEDA takes it to 0 (the HPA only records and disables), then back to 1.
  let memory = run({ replicas: 6 }, [6, 6]).memory;
  const atZero = syncHpa({
    minReplicas: 1,
    maxReplicas: 100,
    metrics: demand(0),
    specReplicas: 0,
    statusReplicas: 0,
    pods: [],
    memory,
    nowMs: NOW + 60_000,
  });
  memory = atZero.memory;
  assert.equal(atZero.shouldRescale, false);
  const back = syncHpa({
    minReplicas: 1,
    maxReplicas: 100,
    metrics: demand(1),
    specReplicas: 1,
    statusReplicas: 1,
    pods: [],
    memory,
    nowMs: NOW + 120_000,
  });
  // Proposal 1, but the recommendations of 6 are within 5 minutes: max(2·1, 4) = 4 caps the jump.
  assert.equal(back.desiredReplicas, 4);
  assert.equal(back.limitReason, 'ScaleUpLimit');
});

test('legacy: a first sync seeds with current, so the HPA does not go below it for 5 minutes', () => {
  const first = sync({ specReplicas: 5, metrics: demand(1) });
  assert.equal(first.desiredReplicas, 5);
  assert.equal(first.conditions.find((c) => c.type === 'AbleToScale')?.reason, 'ScaleDownStabilized');
  assert.deepEqual(first.memory.recommendations, [
    { replicas: 5, timestampMs: NOW },
    { replicas: 1, timestampMs: NOW },
  ]);
  assert.equal(first.shouldRescale, false);
});

test('legacy: an entry older than the window is replaced, not appended', () => {
  const memory: HpaMemory = {
    ...emptyHpaMemory(),
    recommendations: [
      { replicas: 9, timestampMs: NOW - 600_000 },
      { replicas: 3, timestampMs: NOW - 60_000 },
    ],
  };
  const result = sync({ specReplicas: 3, memory, metrics: demand(3) });
  assert.deepEqual(result.memory.recommendations, [
    { replicas: 3, timestampMs: NOW },
    { replicas: 3, timestampMs: NOW - 60_000 },
  ]);
});

test('legacy: no scale events are recorded without behavior', () => {
  const result = sync({ specReplicas: 2, metrics: demand(4) });
  assert.equal(result.desiredReplicas, 4);
  assert.deepEqual(result.memory.scaleUpEvents, []);
});

test('behavior: scale events are recorded only on rescale', () => {
  const behavior = resolveHpaBehavior({});
  const up = sync({ specReplicas: 2, metrics: demand(3), ...(behavior ? { behavior } : {}) });
  assert.equal(up.desiredReplicas, 3);
  assert.deepEqual(up.memory.scaleUpEvents, [{ replicaChange: 1, timestampMs: NOW, outdated: false }]);
  assert.deepEqual(up.memoryIfRescaleFails.scaleUpEvents, []);
  const steady = sync({
    specReplicas: 3,
    metrics: demand(3),
    memory: up.memory,
    nowMs: NOW + SYNC,
    ...(behavior ? { behavior } : {}),
  });
  assert.equal(steady.shouldRescale, false);
  assert.deepEqual(steady.memory.scaleUpEvents, up.memory.scaleUpEvents);
});

test('behavior: default scale-up goes at most max(+4 pods, +100%) per 15 s', () => {
  const behavior = resolveHpaBehavior({});
  const { seen } = run({ replicas: 1, ...(behavior ? { behavior } : {}) }, [40, 40, 40, 40, 40]);
  assert.deepEqual(seen, [5, 10, 20, 40, 40]);
});

test('behavior: scale-down waits for the default 5-minute window, then drops by up to 100%', () => {
  const behavior = resolveHpaBehavior({ scaleUp: { stabilizationWindowSeconds: 0 } });
  const usages = [10, ...Array.from({ length: 22 }, () => 2)];
  const { seen } = run({ replicas: 10, ...(behavior ? { behavior } : {}) }, usages);
  // Behavior windows exclude their edge (`After`): the 10s recorded at t = 0 no longer count at t = 300 s.
  assert.ok(
    seen.slice(0, 20).every((replicas) => replicas === 10),
    seen.join(','),
  );
  assert.equal(seen[20], 2);
});

test('behavior: a scale-up stabilization window takes the lowest recent recommendation', () => {
  const behavior = resolveHpaBehavior({ scaleUp: { stabilizationWindowSeconds: 60 } });
  const { seen } = run({ replicas: 2, ...(behavior ? { behavior } : {}) }, [2, 6, 6, 6, 6, 6]);
  // The 2s recorded at t = 0 cap rises while strictly inside the 60 s window, so until t = 60 s.
  assert.deepEqual(seen, [2, 2, 2, 2, 6, 6]);
});

test('behavior: selectPolicy Disabled on scale-down never scales down, reason ScaleDownLimit', () => {
  const behavior = resolveHpaBehavior({ scaleDown: { selectPolicy: 'Disabled', stabilizationWindowSeconds: 0 } });
  const result = sync({ specReplicas: 8, metrics: demand(2), ...(behavior ? { behavior } : {}) });
  assert.equal(result.desiredReplicas, 8);
  assert.equal(result.shouldRescale, false);
  assert.equal(result.limitReason, 'ScaleDownLimit');
  assert.equal(result.conditions.find((c) => c.type === 'ScalingLimited')?.status, 'True');
});

test('behavior: selectPolicy Disabled on scale-up (paused-scale-out) holds current', () => {
  const behavior = resolveHpaBehavior(undefined, { pausedScaleOut: true });
  const result = sync({ specReplicas: 3, metrics: demand(30), ...(behavior ? { behavior } : {}) });
  assert.equal(result.desiredReplicas, 3);
});

test('behavior: outdated scale events are marked and their slot reused', () => {
  const behavior = resolveHpaBehavior({ scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } });
  const memory: HpaMemory = {
    ...emptyHpaMemory(),
    recommendations: [{ replicas: 2, timestampMs: NOW - 30_000 }],
    scaleUpEvents: [
      { replicaChange: 1, timestampMs: NOW - 200_000, outdated: false },
      { replicaChange: 1, timestampMs: NOW - 120_000, outdated: false },
      { replicaChange: 1, timestampMs: NOW - 30_000, outdated: false },
    ],
  };
  const result = sync({ specReplicas: 2, metrics: demand(9), memory, ...(behavior ? { behavior } : {}) });
  // One pod per minute, one used 30 s ago: period start 1 → limit 2 = current. No rescale, nothing stored.
  assert.equal(result.desiredReplicas, 2);
  const later = sync({
    specReplicas: 2,
    metrics: demand(9),
    memory,
    nowMs: NOW + 40_000,
    ...(behavior ? { behavior } : {}),
  });
  assert.equal(later.desiredReplicas, 3);
  // All three are older than 60 s by then; only the last outdated slot is reused.
  assert.deepEqual(later.memory.scaleUpEvents, [
    { replicaChange: 1, timestampMs: NOW - 200_000, outdated: true },
    { replicaChange: 1, timestampMs: NOW - 120_000, outdated: true },
    { replicaChange: 1, timestampMs: NOW + 40_000, outdated: false },
  ]);
  const after = sync({
    specReplicas: 3,
    metrics: demand(9),
    memory: later.memory,
    nowMs: NOW + 55_000,
    ...(behavior ? { behavior } : {}),
  });
  assert.equal(after.desiredReplicas, 3, 'one pod per minute already used');
});

test('tolerance per direction: a wide scale-up tolerance ignores a 30% rise, a tight scale-down one acts on 5%', () => {
  const behavior = resolveHpaBehavior({
    scaleUp: { tolerance: 0.5 },
    scaleDown: { tolerance: 0.01, stabilizationWindowSeconds: 0 },
  });
  const memory: HpaMemory = { ...emptyHpaMemory(), recommendations: [{ replicas: 20, timestampMs: NOW - 600_000 }] };
  const rise = sync({ specReplicas: 20, metrics: demand(26), memory, ...(behavior ? { behavior } : {}) });
  assert.equal(rise.desiredReplicas, 20);
  const fall = sync({ specReplicas: 20, metrics: demand(19), memory, ...(behavior ? { behavior } : {}) });
  assert.equal(fall.desiredReplicas, 19);
  const gateOff = sync({
    specReplicas: 20,
    metrics: demand(26),
    memory,
    options: { configurableTolerance: false },
    ...(behavior ? { behavior } : {}),
  });
  // Gate off: the 0.1 flag applies, and the default policies allow max(+4, +100%) = 40 ≥ 26.
  assert.equal(gateOff.desiredReplicas, 26);
});
