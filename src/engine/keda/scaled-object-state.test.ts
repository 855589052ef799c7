import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScalingModifiers } from '../../api/scaled-object.js';
import { computeScaledObjectState } from './scaled-object-state.js';
import { scaledObject, trigger } from './test-helpers.js';

function withModifiers(modifiers: Partial<ScalingModifiers>, fallback = false): ReturnType<typeof scaledObject> {
  return scaledObject({
    spec: {
      triggers: [trigger({ name: 't1', metricName: 's0-a' }), trigger({ name: 't2', metricName: 's1-b' })],
      advanced: {
        restoreToOriginalReplicaCount: false,
        horizontalPodAutoscalerConfig: {},
        scalingModifiers: {
          formula: 't1 + t2',
          target: 2,
          activationTarget: 0,
          metricType: 'AverageValue',
          ...modifiers,
        },
      },
      ...(fallback ? { fallback: { failureThreshold: 3, replicas: 6, behavior: 'static' as const } } : {}),
    },
  });
}

test('H1: trigger A active, trigger B errors → active, error, activeTriggers [A]', () => {
  const s = computeScaledObjectState({
    scaledObject: scaledObject({
      spec: { triggers: [trigger({ metricName: 's0-a' }), trigger({ metricName: 's1-b' })] },
    }),
    outcomes: [
      { kind: 'measured', metricName: 's0-a', value: 3, isActive: true },
      { kind: 'failed', metricName: 's1-b', message: 'boom' },
    ],
  });
  assert.equal(s.isActive, true);
  assert.equal(s.isError, true);
  assert.deepEqual(s.activeTriggers, ['s0-a']);
  assert.deepEqual(s.triggersActivity, { 's0-a': { isActive: true }, 's1-b': { isActive: false } });
  assert.deepEqual(s.events, [{ type: 'Warning', reason: 'KEDAScalerFailed', message: 'boom' }]);
});

test('H2: single trigger errors → inactive, error', () => {
  const s = computeScaledObjectState({
    scaledObject: scaledObject(),
    outcomes: [{ kind: 'failed', metricName: 's0-workload-default', message: 'boom' }],
  });
  assert.equal(s.isActive, false);
  assert.equal(s.isError, true);
});

test('H3: formula t1 + t2 with 2 and 5, target 2 → composite-metric 7', () => {
  const s = computeScaledObjectState({
    scaledObject: withModifiers({}),
    outcomes: [
      { kind: 'measured', metricName: 's0-a', triggerName: 't1', value: 2, isActive: false },
      { kind: 'measured', metricName: 's1-b', triggerName: 't2', value: 5, isActive: false },
    ],
  });
  assert.deepEqual(s.composite, { name: 'composite-metric', value: 7 });
  assert.equal(s.isActive, true, 'per-trigger activity is ignored with modifiers');
});

test('modifiers: active only strictly above activationTarget', () => {
  const outcomes = [
    { kind: 'measured' as const, metricName: 's0-a', triggerName: 't1', value: 2, isActive: true },
    { kind: 'measured' as const, metricName: 's1-b', triggerName: 't2', value: 5, isActive: true },
  ];
  assert.equal(
    computeScaledObjectState({ scaledObject: withModifiers({ activationTarget: 7 }), outcomes }).isActive,
    false,
  );
  assert.equal(
    computeScaledObjectState({ scaledObject: withModifiers({ activationTarget: 6.9 }), outcomes }).isActive,
    true,
  );
});

test('modifiers: any trigger error makes the SO inactive and in error', () => {
  const s = computeScaledObjectState({
    scaledObject: withModifiers({ formula: 't1 ?? 100' }, true),
    outcomes: [
      { kind: 'measured', metricName: 's0-a', triggerName: 't1', value: 2, isActive: true },
      { kind: 'failed', metricName: 's1-b', triggerName: 't2', message: 'down' },
    ],
  });
  assert.equal(s.isError, true);
  assert.equal(s.isActive, false);
  assert.equal(s.composite?.value, 2);
});

test('modifiers with fallback engaged: the failing trigger is null for ??', () => {
  const s = computeScaledObjectState({
    scaledObject: withModifiers({ formula: '(t2 ?? 10) + t1' }, true),
    outcomes: [
      { kind: 'measured', metricName: 's0-a', triggerName: 't1', value: 2, isActive: false },
      { kind: 'fallback', metricName: 's1-b', triggerName: 't2', value: 12, message: 'down' },
    ],
  });
  assert.equal(s.composite?.value, 12);
  assert.equal(s.isError, false);
  assert.equal(s.isActive, true);
});

test('modifiers with fallback engaged and a null formula result: replicas × target', () => {
  const s = computeScaledObjectState({
    scaledObject: withModifiers({ formula: 't2' }, true),
    outcomes: [
      { kind: 'measured', metricName: 's0-a', triggerName: 't1', value: 2, isActive: false },
      { kind: 'fallback', metricName: 's1-b', triggerName: 't2', value: 12, message: 'down' },
    ],
  });
  assert.equal(s.composite?.value, 12);
});

test('modifiers: a failing formula is an error with KEDAMetricSourceFailed', () => {
  const s = computeScaledObjectState({
    scaledObject: withModifiers({ formula: 't1 + nope' }),
    outcomes: [{ kind: 'measured', metricName: 's0-a', triggerName: 't1', value: 2, isActive: true }],
  });
  assert.equal(s.isError, true);
  assert.equal(s.isActive, false);
  assert.equal(s.events[0]?.reason, 'KEDAMetricSourceFailed');
});

test('cpu/memory-only SO is forced active unless in error', () => {
  const so = scaledObject({ spec: { triggers: [trigger({ type: 'cpu', targetType: 'Utilization' })] } });
  assert.equal(computeScaledObjectState({ scaledObject: so, outcomes: [] }).isActive, true);
  const mixed = scaledObject({ spec: { triggers: [trigger({ type: 'cpu', targetType: 'Utilization' }), trigger()] } });
  assert.equal(
    computeScaledObjectState({
      scaledObject: mixed,
      outcomes: [{ kind: 'measured', metricName: 's0-workload-default', value: 0, isActive: false }],
    }).isActive,
    false,
  );
});

test('a served fallback counts as active and error-free, but still reports KEDAScalerFailed', () => {
  const s = computeScaledObjectState({
    scaledObject: scaledObject(),
    outcomes: [{ kind: 'fallback', metricName: 's0-workload-default', value: 100, message: 'down' }],
  });
  assert.equal(s.isActive, true);
  assert.equal(s.isError, false);
  assert.deepEqual(s.activeTriggers, ['s0-workload-default']);
  assert.equal(s.events[0]?.reason, 'KEDAScalerFailed');
});
