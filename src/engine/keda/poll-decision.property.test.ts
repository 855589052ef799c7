import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Fallback } from '../../api/scaled-object.js';
import { decidePoll } from './poll-decision.js';
import type { PollInput } from './poll-decision.js';
import { scaledObject } from './test-helpers.js';

const fallbackArb: fc.Arbitrary<Fallback | undefined> = fc.option(
  fc.record({
    failureThreshold: fc.integer({ min: 0, max: 5 }),
    replicas: fc.integer({ min: 0, max: 3 }),
    behavior: fc.constantFrom('static', 'currentReplicas', 'currentReplicasIfHigher', 'currentReplicasIfLower'),
  }),
  { nil: undefined },
);

const inputArb: fc.Arbitrary<PollInput> = fc
  .record({
    min: fc.integer({ min: 0, max: 10 }),
    extra: fc.integer({ min: 0, max: 20 }),
    idle: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
    fallback: fallbackArb,
    pausedScaleIn: fc.boolean(),
    pausedScaleOut: fc.boolean(),
    forceActivation: fc.boolean(),
    isActive: fc.boolean(),
    isError: fc.boolean(),
    current: fc.integer({ min: 0, max: 40 }),
    lastActive: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: undefined }),
    now: fc.integer({ min: 0, max: 2_000_000 }),
  })
  .map((r) => {
    const max = Math.max(1, r.min + r.extra);
    // KEDA's own validation: idle < min (when min is set to a value > 0).
    const idle = r.idle !== undefined && r.idle < Math.max(1, r.min) ? r.idle : undefined;
    return {
      scaledObject: scaledObject({
        spec: {
          minReplicaCount: r.min,
          maxReplicaCount: max,
          ...(idle === undefined ? {} : { idleReplicaCount: idle }),
          ...(r.fallback === undefined ? {} : { fallback: r.fallback }),
        },
        annotations: {
          pausedScaleIn: r.pausedScaleIn,
          pausedScaleOut: r.pausedScaleOut,
          forceActivation: r.forceActivation,
        },
      }),
      state: { isActive: r.isActive, isError: r.isError, activeTriggers: r.isActive ? ['s0-workload-default'] : [] },
      currentReplicas: Math.min(r.current, max),
      status: r.lastActive === undefined ? {} : { lastActiveTimeMs: r.lastActive },
      nowMs: r.now,
    };
  });

test('property (a): a trigger error never scales to zero unless fallback.replicas is 0, and then the reasons say so', () => {
  fc.assert(
    fc.property(inputArb, (input) => {
      const withError = { ...input, state: { ...input.state, isError: true } };
      const d = decidePoll(withError);
      if (d.replicas?.to !== 0 || d.replicas.from === 0) return;
      assert.equal(withError.scaledObject.spec.fallback?.replicas, 0, `scaled to zero on error by rule ${d.rule}`);
      assert.ok(d.reasons.some((r) => r.includes('fallback.replicas 0')));
    }),
    { numRuns: 2000 },
  );
});

test('property (b): decided replicas within [0, max], and ≥ min unless idle says otherwise', () => {
  fc.assert(
    fc.property(inputArb, (input) => {
      const d = decidePoll(input);
      if (d.replicas === undefined) return;
      const { minReplicaCount, maxReplicaCount, idleReplicaCount } = input.scaledObject.spec;
      assert.ok(
        d.replicas.to >= 0 && d.replicas.to <= maxReplicaCount,
        `to ${d.replicas.to} outside [0, ${maxReplicaCount}]`,
      );
      if (d.replicas.to < minReplicaCount) {
        const allowed =
          d.replicas.to === (idleReplicaCount ?? 0) && (idleReplicaCount !== undefined || minReplicaCount === 0);
        assert.ok(allowed, `to ${d.replicas.to} below min ${minReplicaCount} by rule ${d.rule}`);
      }
    }),
    { numRuns: 2000 },
  );
});

test('property (c): equal inputs give equal decisions', () => {
  fc.assert(
    fc.property(inputArb, (input) => {
      assert.deepEqual(decidePoll(input), decidePoll(structuredClone(input)));
    }),
    { numRuns: 500 },
  );
});
