import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveHpaBehavior } from './behavior.js';
import { isWithinTolerance, tolerancesForHpa } from './tolerance.js';

const DEFAULT = { tolerance: 0.1, configurableTolerance: true };

test('boundary: ratios of exactly 0.9 and 1.1 are within the default tolerance (current Kubernetes)', () => {
  const t = tolerancesForHpa(undefined, DEFAULT);
  assert.equal(isWithinTolerance(t, 0.9), true);
  assert.equal(isWithinTolerance(t, 1.1), true);
  assert.equal(isWithinTolerance(t, 11 / 10), true);
  assert.equal(isWithinTolerance(t, 0.8999), false);
  assert.equal(isWithinTolerance(t, 1.1001), false);
});

test('NaN and infinite ratios are never within tolerance', () => {
  const t = tolerancesForHpa(undefined, DEFAULT);
  assert.equal(isWithinTolerance(t, Number.NaN), false);
  assert.equal(isWithinTolerance(t, Number.POSITIVE_INFINITY), false);
});

test('per-direction tolerances from behavior apply with the gate on', () => {
  const behavior = resolveHpaBehavior({ scaleUp: { tolerance: 0.5 }, scaleDown: { tolerance: 0.02 } });
  const t = tolerancesForHpa(behavior, DEFAULT);
  assert.deepEqual(t, { scaleUp: 0.5, scaleDown: 0.02 });
  assert.equal(isWithinTolerance(t, 1.4), true);
  assert.equal(isWithinTolerance(t, 0.95), false);
});

test('one direction configured leaves the other at the flag', () => {
  const behavior = resolveHpaBehavior({ scaleDown: { tolerance: 0.3 } });
  assert.deepEqual(tolerancesForHpa(behavior, { tolerance: 0.05, configurableTolerance: true }), {
    scaleUp: 0.05,
    scaleDown: 0.3,
  });
});

test('with the HPAConfigurableTolerance gate off, behavior tolerances are ignored', () => {
  const behavior = resolveHpaBehavior({ scaleUp: { tolerance: 0.5 }, scaleDown: { tolerance: 0.5 } });
  assert.deepEqual(tolerancesForHpa(behavior, { tolerance: 0.1, configurableTolerance: false }), {
    scaleUp: 0.1,
    scaleDown: 0.1,
  });
});
