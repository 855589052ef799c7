import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hpaMinReplicas, resolveHpaBehavior } from './behavior.js';

test('hpaMinReplicas: min > 0 is kept, 0 becomes 1 (GetHPAMinReplicas)', () => {
  assert.equal(hpaMinReplicas(0), 1);
  assert.equal(hpaMinReplicas(1), 1);
  assert.equal(hpaMinReplicas(5), 5);
});

test('no behavior stays undefined: the legacy path', () => {
  assert.equal(resolveHpaBehavior(undefined), undefined);
});

test('an empty behavior gets the API defaults in both directions', () => {
  assert.deepEqual(resolveHpaBehavior({}), {
    scaleUp: {
      stabilizationWindowMs: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodMs: 15_000 },
        { type: 'Percent', value: 100, periodMs: 15_000 },
      ],
    },
    scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodMs: 15_000 }] },
  });
});

test('user policies replace the default list wholesale; other fields keep their defaults', () => {
  const resolved = resolveHpaBehavior({ scaleUp: { policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } });
  assert.deepEqual(resolved?.scaleUp, {
    stabilizationWindowMs: 0,
    selectPolicy: 'Max',
    policies: [{ type: 'Percent', value: 50, periodMs: 60_000 }],
  });
});

test('scaleDown stabilization stays unset for the controller flag; a given window is converted to ms', () => {
  assert.equal(resolveHpaBehavior({ scaleDown: { selectPolicy: 'Min' } })?.scaleDown.stabilizationWindowMs, undefined);
  assert.equal(
    resolveHpaBehavior({ scaleDown: { stabilizationWindowSeconds: 60 } })?.scaleDown.stabilizationWindowMs,
    60_000,
  );
  assert.equal(
    resolveHpaBehavior({ scaleUp: { stabilizationWindowSeconds: 30 } })?.scaleUp.stabilizationWindowMs,
    30_000,
  );
});

test('tolerance is carried through', () => {
  assert.equal(resolveHpaBehavior({ scaleUp: { tolerance: 0.05 } })?.scaleUp.tolerance, 0.05);
});

test('paused-scale-in / paused-scale-out disable one direction, creating a behavior if needed', () => {
  const pausedIn = resolveHpaBehavior(undefined, { pausedScaleIn: true });
  assert.equal(pausedIn?.scaleDown.selectPolicy, 'Disabled');
  assert.equal(pausedIn?.scaleUp.selectPolicy, 'Max');
  const pausedOut = resolveHpaBehavior({ scaleUp: { stabilizationWindowSeconds: 10 } }, { pausedScaleOut: true });
  assert.equal(pausedOut?.scaleUp.selectPolicy, 'Disabled');
  assert.equal(pausedOut?.scaleUp.stabilizationWindowMs, 10_000);
});
