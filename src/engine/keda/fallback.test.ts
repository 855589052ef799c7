import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Fallback } from '../../api/scaled-object.js';
import { err, ok } from '../../lib/result.js';
import { applyFallback, computeFallbackMetric, decideFallbackStatus, isFallbackValid } from './fallback.js';
import type { ApplyFallbackInput } from './fallback.js';
import { scaledObject, trigger } from './test-helpers.js';

const METRIC = 's0-prometheus';
const failure = err({ metricName: METRIC, message: 'connection refused' });

function f1(fallback: Partial<Fallback>, rest: Partial<ApplyFallbackInput> = {}): ReturnType<typeof applyFallback> {
  return applyFallback({
    scaledObject: scaledObject({
      spec: {
        fallback: { failureThreshold: 3, replicas: 10, behavior: 'static', ...fallback },
        triggers: [trigger({ type: 'prometheus', metricName: METRIC, targetValue: 10 })],
      },
    }),
    metricName: METRIC,
    targetType: 'AverageValue',
    targetValue: 10,
    measurement: failure,
    health: { [METRIC]: { numberOfFailures: 3, status: 'Failing' } },
    currentReplicas: 1,
    readyRunningPods: 1,
    ...rest,
  });
}

test('F1: threshold 3, replicas 10, AverageValue 10, prior failures 3, error → metric 100, health Failing/4', () => {
  const r = f1({});
  assert.deepEqual(r.outcome, { kind: 'fallback', metricName: METRIC, value: 100, message: 'connection refused' });
  assert.equal(r.isFallbackActive, true);
  assert.deepEqual(r.health[METRIC], { numberOfFailures: 4, status: 'Failing' });
});

test('F2: currentReplicasIfHigher, cur 4 → 100 (10 × 10)', () => {
  const r = f1({ behavior: 'currentReplicasIfHigher' }, { currentReplicas: 4 });
  assert.equal(r.outcome.kind === 'fallback' ? r.outcome.value : NaN, 100);
});

test('F3: currentReplicas, cur 6 → 60', () => {
  const r = f1({ behavior: 'currentReplicas' }, { currentReplicas: 6 });
  assert.equal(r.outcome.kind === 'fallback' ? r.outcome.value : NaN, 60);
});

test('F4: static, cur 15 → 100', () => {
  const r = f1({ behavior: 'static' }, { currentReplicas: 15 });
  assert.equal(r.outcome.kind === 'fallback' ? r.outcome.value : NaN, 100);
});

test('F5: prior failures 0, error → error propagated, failures 1', () => {
  const r = f1({}, { health: {} });
  assert.equal(r.outcome.kind, 'failed');
  assert.equal(r.isFallbackActive, false);
  assert.deepEqual(r.health[METRIC], { numberOfFailures: 1, status: 'Failing' });
});

test('currentReplicasIfLower takes the smaller of current and replicas', () => {
  const low = f1({ behavior: 'currentReplicasIfLower' }, { currentReplicas: 4 });
  const high = f1({ behavior: 'currentReplicasIfLower' }, { currentReplicas: 15 });
  assert.equal(low.outcome.kind === 'fallback' ? low.outcome.value : NaN, 40);
  assert.equal(high.outcome.kind === 'fallback' ? high.outcome.value : NaN, 100);
});

test('threshold is strict: failures reaching exactly the threshold do not engage', () => {
  const r = f1({}, { health: { [METRIC]: { numberOfFailures: 2, status: 'Failing' } } });
  assert.equal(r.outcome.kind, 'failed');
  assert.equal(r.health[METRIC]?.numberOfFailures, 3);
});

test('success resets health to 0/Happy', () => {
  const r = f1({}, { measurement: ok({ value: 3, isActive: true }) });
  assert.deepEqual(r.outcome, { kind: 'measured', metricName: METRIC, value: 3, isActive: true });
  assert.deepEqual(r.health[METRIC], { numberOfFailures: 0, status: 'Happy' });
});

test('Value target: divided by Ready+Running pods; 0 such pods is an error', () => {
  assert.deepEqual(
    computeFallbackMetric({ replicas: 10, targetType: 'Value', targetValue: 10, readyRunningPods: 4 }),
    ok(25),
  );
  assert.equal(
    computeFallbackMetric({ replicas: 10, targetType: 'Value', targetValue: 10, readyRunningPods: 0 }).ok,
    false,
  );
  const r = f1({}, { targetType: 'Value', readyRunningPods: 0 });
  assert.equal(r.outcome.kind, 'failed');
  assert.equal(r.isFallbackActive, false);
});

test('without a fallback no health is tracked', () => {
  const r = applyFallback({
    scaledObject: scaledObject(),
    metricName: METRIC,
    targetType: 'AverageValue',
    targetValue: 10,
    measurement: failure,
    health: {},
    currentReplicas: 1,
    readyRunningPods: 1,
  });
  assert.deepEqual(r.health, {});
  assert.equal(r.outcome.kind, 'failed');
});

test('fallback validity: needs a non-cpu/memory trigger unless scalingModifiers are used', () => {
  const fallback: Fallback = { failureThreshold: 3, replicas: 2, behavior: 'static' };
  const cpuOnly = [
    trigger({ type: 'cpu', targetType: 'Utilization' }),
    trigger({ type: 'memory', targetType: 'Utilization' }),
  ];
  assert.equal(isFallbackValid(scaledObject({ spec: { fallback, triggers: cpuOnly } })), false);
  assert.equal(isFallbackValid(scaledObject({ spec: { fallback, triggers: [...cpuOnly, trigger()] } })), true);
  const modifiers = { formula: 'a', target: 2, activationTarget: 0, metricType: 'AverageValue' as const };
  assert.equal(
    isFallbackValid(
      scaledObject({
        spec: {
          fallback,
          triggers: cpuOnly,
          advanced: {
            restoreToOriginalReplicaCount: false,
            horizontalPodAutoscalerConfig: {},
            scalingModifiers: modifiers,
          },
        },
      }),
    ),
    true,
  );
  assert.equal(isFallbackValid(scaledObject()), false);
});

test('Fallback condition and events on transitions', () => {
  const so = scaledObject({ spec: { fallback: { failureThreshold: 1, replicas: 2, behavior: 'static' } } });
  const engaged = decideFallbackStatus({ scaledObject: so, health: { m: { numberOfFailures: 2, status: 'Failing' } } });
  assert.deepEqual(engaged.condition, {
    type: 'Fallback',
    status: 'True',
    reason: 'FallbackExists',
    message: 'At least one trigger is falling back on this scaled object',
  });
  assert.deepEqual(
    engaged.events.map((e) => e.reason),
    ['ScaledObjectFallbackActivated'],
  );
  const still = decideFallbackStatus({
    scaledObject: so,
    health: { m: { numberOfFailures: 3, status: 'Failing' } },
    ...(engaged.condition ? { previous: engaged.condition } : {}),
  });
  assert.deepEqual(still.events, []);
  const healed = decideFallbackStatus({
    scaledObject: so,
    health: { m: { numberOfFailures: 0, status: 'Happy' } },
    ...(engaged.condition ? { previous: engaged.condition } : {}),
  });
  assert.equal(healed.condition?.reason, 'NoFallbackFound');
  assert.deepEqual(
    healed.events.map((e) => e.reason),
    ['ScaledObjectFallbackDeactivated'],
  );
  assert.deepEqual(decideFallbackStatus({ scaledObject: scaledObject(), health: {} }), { events: [] });
});
