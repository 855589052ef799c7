import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureOriginalReplicaCount, decideDeletion, decidePause, PAUSED_CONDITION } from './lifecycle.js';
import { scaledObject } from './test-helpers.js';

const restoring = { advanced: { restoreToOriginalReplicaCount: true, horizontalPodAutoscalerConfig: {} } };

test('originalReplicaCount is captured once, when nil', () => {
  assert.deepEqual(captureOriginalReplicaCount(undefined, 3), { originalReplicaCount: 3, isCaptured: true });
  assert.deepEqual(captureOriginalReplicaCount(3, 9), { originalReplicaCount: 3, isCaptured: false });
});

test('deletion with restoreToOriginalReplicaCount writes the original count back', () => {
  const d = decideDeletion({
    scaledObject: scaledObject({ spec: restoring }),
    originalReplicaCount: 2,
    currentReplicas: 7,
    isScaleTargetKnown: true,
  });
  assert.deepEqual(d.replicas, { from: 7, to: 2 });
  assert.deepEqual(d.events, [{ type: 'Normal', reason: 'ScaledObjectDeleted', message: 'ScaledObject was deleted' }]);
});

test('deletion without the flag, or with an unknown target, leaves replicas alone', () => {
  assert.equal(
    decideDeletion({
      scaledObject: scaledObject(),
      originalReplicaCount: 2,
      currentReplicas: 7,
      isScaleTargetKnown: true,
    }).replicas,
    undefined,
  );
  assert.equal(
    decideDeletion({
      scaledObject: scaledObject({ spec: restoring }),
      originalReplicaCount: 2,
      currentReplicas: 7,
      isScaleTargetKnown: false,
    }).replicas,
    undefined,
  );
});

test('paused-replicas: loop stops, target scaled to N, pausedReplicaCount N, event once', () => {
  const so = scaledObject({ annotations: { pausedReplicas: 4 } });
  const first = decidePause({ scaledObject: so, currentReplicas: 1 });
  assert.equal(first.isScalingRunning, false);
  assert.equal(first.pausedReplicaCount, 4);
  assert.deepEqual(first.replicas, { from: 1, to: 4 });
  assert.deepEqual(first.condition, PAUSED_CONDITION);
  assert.deepEqual(
    first.events.map((e) => e.reason),
    ['ScaledObjectPaused'],
  );
  const again = decidePause({
    scaledObject: so,
    currentReplicas: 4,
    pausedReplicaCount: 4,
    pausedCondition: PAUSED_CONDITION,
  });
  assert.equal(again.replicas, undefined);
  assert.deepEqual(again.events, []);
});

test('paused: loop stops, replicas frozen', () => {
  const d = decidePause({ scaledObject: scaledObject({ annotations: { paused: true } }), currentReplicas: 5 });
  assert.equal(d.isScalingRunning, false);
  assert.equal(d.replicas, undefined);
  assert.equal(d.pausedReplicaCount, undefined);
});

test('paused-scale-in / -out: Paused True but the loop keeps running', () => {
  const d = decidePause({ scaledObject: scaledObject({ annotations: { pausedScaleIn: true } }), currentReplicas: 5 });
  assert.equal(d.isScalingRunning, true);
  assert.equal(d.condition?.status, 'True');
});

test('removing the annotation: Paused False ScaledObjectUnpaused, event, pausedReplicaCount cleared', () => {
  const d = decidePause({
    scaledObject: scaledObject(),
    currentReplicas: 4,
    pausedReplicaCount: 4,
    pausedCondition: PAUSED_CONDITION,
  });
  assert.equal(d.isScalingRunning, true);
  assert.equal(d.pausedReplicaCount, undefined);
  assert.deepEqual(d.condition, {
    type: 'Paused',
    status: 'False',
    reason: 'ScaledObjectUnpaused',
    message: 'pause annotation removed for ScaledObject',
  });
  assert.deepEqual(
    d.events.map((e) => e.reason),
    ['ScaledObjectUnpaused'],
  );
});

test('never paused: nothing to do', () => {
  assert.deepEqual(decidePause({ scaledObject: scaledObject(), currentReplicas: 1 }), {
    isScalingRunning: true,
    events: [],
    reasons: [],
  });
});
