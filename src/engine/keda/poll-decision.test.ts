import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decidePoll } from './poll-decision.js';
import type { PollInput } from './poll-decision.js';
import { scaledObject } from './test-helpers.js';
import type { ScaledObjectOverrides } from './test-helpers.js';
import type { ActivityState, Condition } from './types.js';

const NOW = 1_000_000;
const ACTIVE: ActivityState = { isActive: true, isError: false, activeTriggers: ['s0-workload-default'] };
const INACTIVE: ActivityState = { isActive: false, isError: false, activeTriggers: [] };
const ERROR: ActivityState = { isActive: false, isError: true, activeTriggers: [] };

function poll(
  so: ScaledObjectOverrides,
  rest: Partial<Omit<PollInput, 'scaledObject'>> & { currentReplicas: number },
): ReturnType<typeof decidePoll> {
  return decidePoll({ scaledObject: scaledObject(so), state: INACTIVE, status: {}, nowMs: NOW, ...rest });
}

function condition(conditions: readonly Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}

test('E1: min 0, cur 10, inactive, lastActiveTime nil, initialCooldown 0 → 0, Active False', () => {
  const d = poll({}, { currentReplicas: 10 });
  assert.equal(d.rule, 'deactivate');
  assert.deepEqual(d.replicas?.to, 0);
  assert.equal(condition(d.conditions, 'Active')?.status, 'False');
  assert.equal(condition(d.conditions, 'Active')?.reason, 'ScalerNotActive');
  assert.equal(d.events[0]?.message, 'Deactivated apps/v1.Deployment default/remote from 10 to 0');
  assert.equal(d.events[0]?.reason, 'KEDAScaleTargetDeactivated');
});

test('E2: min 5, cur 1, inactive, no idle → 5', () => {
  const d = poll({ spec: { minReplicaCount: 5 } }, { currentReplicas: 1 });
  assert.equal(d.rule, 'raise-to-min');
  assert.deepEqual(d.replicas, { from: 1, to: 5 });
  assert.deepEqual(d.events, []);
});

test('E3: min 0, cur 0, active → 1, ScalerActive, lastActiveTime set', () => {
  const d = poll({}, { currentReplicas: 0, state: ACTIVE });
  assert.equal(d.rule, 'activate');
  assert.equal(d.replicas?.to, 1);
  assert.equal(d.lastActiveTimeMs, NOW);
  assert.deepEqual(condition(d.conditions, 'Active'), {
    type: 'Active',
    status: 'True',
    reason: 'ScalerActive',
    message: 'Scaling is performed because triggers are active',
  });
  assert.equal(
    d.events[0]?.message,
    'Scaled apps/v1.Deployment default/remote from 0 to 1, triggered by s0-workload-default',
  );
});

test('E4: idle 0, min 5, cur 10, inactive → 0', () => {
  const d = poll({ spec: { idleReplicaCount: 0, minReplicaCount: 5 } }, { currentReplicas: 10 });
  assert.equal(d.rule, 'deactivate');
  assert.deepEqual(d.replicas?.to, 0);
});

test('E5: idle 0, min 5, cur 2, active → 5, event "…from 2 to 5, triggered by testTrigger"', () => {
  const d = poll(
    { spec: { idleReplicaCount: 0, minReplicaCount: 5 } },
    { currentReplicas: 2, state: { isActive: true, isError: false, activeTriggers: ['testTrigger'] } },
  );
  assert.equal(d.replicas?.to, 5);
  assert.equal(d.replicas?.event?.reason, 'KEDAScaleTargetActivated');
  assert.equal(
    d.replicas?.event?.message,
    'Scaled apps/v1.Deployment default/remote from 2 to 5, triggered by testTrigger',
  );
});

test('E6: paused-scale-in keeps 10 when inactive; paused-scale-out keeps 0 when active', () => {
  const inD = poll({ annotations: { pausedScaleIn: true } }, { currentReplicas: 10 });
  assert.equal(inD.rule, 'deactivate-blocked-by-paused-scale-in');
  assert.equal(inD.replicas, undefined);
  const outD = poll({ annotations: { pausedScaleOut: true } }, { currentReplicas: 0, state: ACTIVE });
  assert.equal(outD.rule, 'activate-blocked-by-paused-scale-out');
  assert.equal(outD.replicas, undefined);
  assert.equal(outD.lastActiveTimeMs, undefined);
});

test('E7: force-activation, min 0, cur 0, inactive → 1 with the forced message', () => {
  const d = poll({ annotations: { forceActivation: true } }, { currentReplicas: 0 });
  assert.equal(d.replicas?.to, 1);
  assert.equal(
    condition(d.conditions, 'Active')?.message,
    'Scaling is performed because activation is being forced by annotation',
  );
  assert.equal(
    d.events[0]?.message,
    'Scaled apps/v1.Deployment default/remote from 0 to 1, caused by forced activation annotation',
  );
  assert.equal(d.lastActiveTimeMs, NOW);
});

test('activation goes to min when min > 0 (cur 0, min 3 → 3)', () => {
  assert.equal(poll({ spec: { minReplicaCount: 3 } }, { currentReplicas: 0, state: ACTIVE }).replicas?.to, 3);
});

test('activation wins over a partial error when the target is at zero', () => {
  const d = poll({}, { currentReplicas: 0, state: { ...ACTIVE, isError: true } });
  assert.equal(d.rule, 'activate');
});

test('active with partial error: Ready Unknown PartialTriggerError, lastActiveTime NOT refreshed', () => {
  const d = poll({}, { currentReplicas: 2, state: { ...ACTIVE, isError: true }, status: { lastActiveTimeMs: 5 } });
  assert.equal(d.rule, 'active-partial-error');
  assert.equal(d.lastActiveTimeMs, 5);
  assert.deepEqual(condition(d.conditions, 'Ready'), {
    type: 'Ready',
    status: 'Unknown',
    reason: 'PartialTriggerError',
    message: 'Some triggers defined in ScaledObject are not working correctly',
  });
  assert.equal(d.replicas, undefined);
});

test('active above zero refreshes lastActiveTime and leaves replicas to the HPA', () => {
  const d = poll({}, { currentReplicas: 4, state: ACTIVE, status: { lastActiveTimeMs: 5 } });
  assert.equal(d.rule, 'active');
  assert.equal(d.lastActiveTimeMs, NOW);
  assert.equal(d.replicas, undefined);
  assert.equal(condition(d.conditions, 'Ready')?.reason, 'ScaledObjectReady');
});

test('idle set and cur ≥ min while active: no activation', () => {
  const d = poll({ spec: { idleReplicaCount: 0, minReplicaCount: 2 } }, { currentReplicas: 2, state: ACTIVE });
  assert.equal(d.rule, 'active');
});

test('inactive with error and fallback replicas ≠ 0: nothing, the HPA applies the fallback', () => {
  const d = poll(
    { spec: { fallback: { failureThreshold: 3, replicas: 4, behavior: 'static' } } },
    { currentReplicas: 10, state: ERROR },
  );
  assert.equal(d.rule, 'inactive-error-awaiting-fallback');
  assert.equal(d.replicas, undefined);
});

test('inactive with error and no fallback: Ready False TriggerError, no scale-down', () => {
  const d = poll({}, { currentReplicas: 10, state: ERROR });
  assert.equal(d.rule, 'inactive-error');
  assert.equal(d.replicas, undefined);
  assert.deepEqual(condition(d.conditions, 'Ready'), {
    type: 'Ready',
    status: 'False',
    reason: 'TriggerError',
    message: 'Triggers defined in ScaledObject are not working correctly',
  });
});

test('quirk: error with fallback replicas 0 falls through to scale to zero, and says so', () => {
  const d = poll(
    { spec: { fallback: { failureThreshold: 3, replicas: 0, behavior: 'static' } } },
    { currentReplicas: 3, state: ERROR },
  );
  assert.equal(d.rule, 'deactivate');
  assert.equal(d.replicas?.to, 0);
  assert.ok(d.reasons.some((r) => r.includes('fallback.replicas 0')));
});

test('cooldown: exactly at lastActiveTime + cooldownPeriod is NOT yet; 1 ms after is', () => {
  const status = { lastActiveTimeMs: NOW - 300_000 };
  const at = poll({}, { currentReplicas: 1, status });
  assert.equal(at.rule, 'cooldown');
  assert.equal(at.replicas, undefined);
  assert.equal(condition(at.conditions, 'Active')?.reason, 'ScalerCooldown');
  assert.equal(condition(at.conditions, 'Active')?.message, 'Scaler cooling down because triggers are not active');
  const after = poll({}, { currentReplicas: 1, status, nowMs: NOW + 1 });
  assert.equal(after.rule, 'deactivate');
  assert.equal(after.lastActiveTimeMs, NOW - 300_000);
});

test('initialCooldown with nil lastActiveTime: a poll at the creation instant waits (default 0)', () => {
  const d = poll({ metadata: { creationTimestampMs: NOW } }, { currentReplicas: 1 });
  assert.equal(d.rule, 'cooldown');
  assert.equal(
    poll({ metadata: { creationTimestampMs: NOW } }, { currentReplicas: 1, nowMs: NOW + 1 }).rule,
    'deactivate',
  );
});

test('initialCooldownPeriod measured from creation while lastActiveTime is nil', () => {
  const so = { metadata: { creationTimestampMs: 0 }, spec: { initialCooldownPeriodMs: 60_000 } };
  assert.equal(poll(so, { currentReplicas: 1, nowMs: 60_000 }).rule, 'cooldown');
  assert.equal(poll(so, { currentReplicas: 1, nowMs: 60_001 }).rule, 'deactivate');
  // Once lastActiveTime exists, the initial cooldown no longer matters.
  assert.equal(poll(so, { currentReplicas: 1, nowMs: 10, status: { lastActiveTimeMs: -400_000 } }).rule, 'deactivate');
});

test('partial error does not refresh lastActiveTime, so cooldown runs from the last clean active poll', () => {
  const first = poll({}, { currentReplicas: 2, state: ACTIVE, nowMs: 0 });
  const partial = poll(
    {},
    {
      currentReplicas: 2,
      state: { ...ACTIVE, isError: true },
      nowMs: 200_000,
      status: { lastActiveTimeMs: first.lastActiveTimeMs ?? -1 },
    },
  );
  assert.equal(partial.lastActiveTimeMs, 0);
  const later = poll(
    {},
    { currentReplicas: 2, nowMs: 300_001, status: { lastActiveTimeMs: partial.lastActiveTimeMs ?? -1 } },
  );
  assert.equal(later.rule, 'deactivate');
});

test('idle set: deactivation goes to idle, event names the idle count', () => {
  const d = poll({ spec: { idleReplicaCount: 1, minReplicaCount: 3 } }, { currentReplicas: 4 });
  assert.deepEqual(d.replicas?.to, 1);
  assert.equal(d.events[0]?.message, 'Deactivated apps/v1.Deployment default/remote from 4 to 1');
});

test('idle set and cur == idle: no change (not raised to min)', () => {
  assert.equal(poll({ spec: { idleReplicaCount: 0, minReplicaCount: 3 } }, { currentReplicas: 0 }).rule, 'no-change');
});

test('min > 0, no idle, cur ≥ min, inactive: no change (the HPA owns it)', () => {
  const d = poll({ spec: { minReplicaCount: 2 } }, { currentReplicas: 7 });
  assert.equal(d.rule, 'no-change');
  assert.equal(condition(d.conditions, 'Active')?.reason, 'ScalerNotActive');
});

test('min 0, cur 0, inactive: no change', () => {
  assert.equal(poll({}, { currentReplicas: 0 }).rule, 'no-change');
});

test('paused: Paused True ScaledObjectPaused, no scaling even if active', () => {
  const d = poll(
    { annotations: { paused: true } },
    { currentReplicas: 0, state: ACTIVE, status: { lastActiveTimeMs: 7 } },
  );
  assert.equal(d.rule, 'paused');
  assert.equal(d.replicas, undefined);
  assert.equal(d.lastActiveTimeMs, 7);
  assert.deepEqual(condition(d.conditions, 'Paused'), {
    type: 'Paused',
    status: 'True',
    reason: 'ScaledObjectPaused',
    message: 'ScaledObject is paused',
  });
});

test('paused-replicas: target set to N, then held', () => {
  const d = poll({ annotations: { pausedReplicas: 3 } }, { currentReplicas: 7, state: ACTIVE });
  assert.equal(d.rule, 'paused-replicas');
  assert.deepEqual(d.replicas, { from: 7, to: 3 });
  assert.equal(poll({ annotations: { pausedReplicas: 3 } }, { currentReplicas: 3 }).rule, 'paused');
});

test('scaleTargetKind from status is used in event messages', () => {
  const d = poll({}, { currentReplicas: 0, state: ACTIVE, status: { scaleTargetKind: 'apps/v1.StatefulSet' } });
  assert.equal(
    d.events[0]?.message,
    'Scaled apps/v1.StatefulSet default/remote from 0 to 1, triggered by s0-workload-default',
  );
});

test('multiple active triggers are joined with ";" in the activation event', () => {
  const d = poll({}, { currentReplicas: 0, state: { isActive: true, isError: false, activeTriggers: ['a', 'b'] } });
  assert.match(d.events[0]?.message ?? '', /triggered by a;b$/);
});
