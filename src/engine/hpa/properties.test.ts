import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { err, ok } from '../../lib/result.js';
import { resolveHpaBehavior } from './behavior.js';
import { emptyHpaMemory, syncHpa } from './sync.js';
import type { HpaSyncInput } from './sync.js';
import type { HpaBehavior } from '../../api/scaled-object.js';
import type { HpaMemory, HpaPod, MetricObservation } from './types.js';

const NOW = 1_800_000_000_000;

const policy = fc.record({
  type: fc.constantFrom('Pods' as const, 'Percent' as const),
  value: fc.integer({ min: 1, max: 200 }),
  periodSeconds: fc.integer({ min: 1, max: 600 }),
});
const rules = fc.record(
  {
    stabilizationWindowSeconds: fc.integer({ min: 0, max: 600 }),
    selectPolicy: fc.constantFrom('Max' as const, 'Min' as const, 'Disabled' as const),
    policies: fc.array(policy, { minLength: 1, maxLength: 3 }),
    tolerance: fc.double({ min: 0, max: 0.5, noNaN: true }),
  },
  { requiredKeys: [] },
);
const behavior: fc.Arbitrary<HpaBehavior | undefined> = fc.option(
  fc.record({ scaleUp: rules, scaleDown: rules }, { requiredKeys: [] }),
  {
    nil: undefined,
  },
);

const metric: fc.Arbitrary<MetricObservation> = fc.oneof(
  fc.record({
    kind: fc.constant('external' as const),
    name: fc.constantFrom('s0-a', 's1-b'),
    target: fc.record({
      type: fc.constantFrom('AverageValue' as const, 'Value' as const),
      value: fc.integer({ min: 1, max: 5000 }).map((v) => v / 100),
    }),
    measurement: fc.oneof(
      fc.integer({ min: 0, max: 100_000 }).map((v) => ok(v / 100)),
      fc.constant(err('adapter unavailable')),
    ),
  }),
  fc.record({
    kind: fc.constant('resource' as const),
    name: fc.constant('cpu'),
    target: fc.record({
      type: fc.constantFrom('Utilization' as const, 'AverageValue' as const),
      value: fc.integer({ min: 1, max: 300 }),
    }),
  }),
);

const pod: fc.Arbitrary<HpaPod> = fc.record({
  name: fc.string({ minLength: 1, maxLength: 4 }),
  phase: fc.constantFrom('Pending' as const, 'Running' as const, 'Failed' as const),
  ready: fc.boolean(),
  deleted: fc.boolean(),
  startTimeMs: fc.integer({ min: NOW - 3_600_000, max: NOW }),
  readyTransitionMs: fc.integer({ min: NOW - 3_600_000, max: NOW }),
  usage: fc.record({ cpu: fc.integer({ min: 0, max: 4000 }).map((v) => v / 1000) }),
  request: fc.record({ cpu: fc.integer({ min: 1, max: 2000 }).map((v) => v / 1000) }),
});

const history: fc.Arbitrary<HpaMemory> = fc.record({
  recommendations: fc.array(
    fc.record({
      replicas: fc.integer({ min: 0, max: 300 }),
      timestampMs: fc.integer({ min: NOW - 900_000, max: NOW }),
    }),
    { maxLength: 30 },
  ),
  scaleUpEvents: fc.array(
    fc.record({
      replicaChange: fc.integer({ min: 1, max: 50 }),
      timestampMs: fc.integer({ min: NOW - 900_000, max: NOW }),
      outdated: fc.boolean(),
    }),
    { maxLength: 10 },
  ),
  scaleDownEvents: fc.array(
    fc.record({
      replicaChange: fc.integer({ min: 1, max: 50 }),
      timestampMs: fc.integer({ min: NOW - 900_000, max: NOW }),
      outdated: fc.boolean(),
    }),
    { maxLength: 10 },
  ),
});

/** A sync whose current count lies within [min, max] (the HPA's normal operating range). */
const inBoundsInput: fc.Arbitrary<HpaSyncInput> = fc
  .record({
    min: fc.integer({ min: 1, max: 20 }),
    span: fc.integer({ min: 0, max: 100 }),
    offset: fc.nat(),
    status: fc.integer({ min: 0, max: 150 }),
    behavior,
    metrics: fc.array(metric, { minLength: 1, maxLength: 3 }),
    pods: fc.uniqueArray(pod, { selector: (p) => p.name, maxLength: 8 }),
    memory: history,
  })
  .map(({ min, span, offset, status, behavior: b, metrics, pods, memory }) => {
    const resolved = resolveHpaBehavior(b);
    return {
      minReplicas: min,
      maxReplicas: min + span,
      ...(resolved !== undefined ? { behavior: resolved } : {}),
      metrics,
      specReplicas: min + (offset % (span + 1)),
      statusReplicas: status,
      pods,
      memory,
      nowMs: NOW,
    };
  });

test('property: desired replicas stay within [min, max] when current is within bounds', () => {
  fc.assert(
    fc.property(inBoundsInput, (input) => {
      const result = syncHpa(input);
      assert.ok(result.desiredReplicas >= input.minReplicas, `${result.desiredReplicas} < min ${input.minReplicas}`);
      assert.ok(result.desiredReplicas <= input.maxReplicas, `${result.desiredReplicas} > max ${input.maxReplicas}`);
      assert.equal(result.shouldRescale, result.desiredReplicas !== input.specReplicas);
    }),
    { numRuns: 500 },
  );
});

test('property: equal inputs give equal results, and memory survives a JSON round trip', () => {
  fc.assert(
    fc.property(inBoundsInput, (input) => {
      const first = syncHpa(input);
      assert.deepEqual(syncHpa(input), first);
      // A caller that persisted input and memory as JSON gets the same decision back.
      const cloned = syncHpa(JSON.parse(JSON.stringify(input)) as HpaSyncInput);
      assert.equal(JSON.stringify(cloned), JSON.stringify(first));
    }),
    { numRuns: 300 },
  );
});

test('property: without behavior one sync never goes above max(2·current, 4)', () => {
  fc.assert(
    fc.property(inBoundsInput, (input) => {
      const { behavior: _b, ...legacy } = input;
      const result = syncHpa(legacy);
      assert.ok(result.desiredReplicas <= Math.max(2 * input.specReplicas, 4, input.minReplicas));
    }),
    { numRuns: 500 },
  );
});

test('property: metric errors never scale down', () => {
  fc.assert(
    fc.property(inBoundsInput, (input) => {
      const result = syncHpa({ ...input, memory: emptyHpaMemory() });
      const failed = result.proposals.some((proposal) => !proposal.ok);
      if (failed) assert.ok(result.desiredReplicas >= input.specReplicas);
    }),
    { numRuns: 500 },
  );
});
