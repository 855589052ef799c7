import { test } from 'node:test';
import assert from 'node:assert/strict';
import { proposeExternalPerPod, proposeExternalValue } from './external-proposals.js';
import type { HpaPod } from './types.js';

const T = { scaleUp: 0.1, scaleDown: 0.1 };
const pod = (name: string, ready: boolean, phase: HpaPod['phase'] = 'Running'): HpaPod => ({
  name,
  phase,
  ready,
  deleted: false,
});

test('AverageValue with status 0 divides by zero: ceil(U/A)', () => {
  const proposal = proposeExternalPerPod({ statusReplicas: 0, usageMilli: 7500, targetMilli: 2000, tolerances: T });
  assert.equal(proposal.replicas, 4);
  assert.equal(proposal.rule, 'UsageOverAverageTarget');
});

test('AverageValue with status 0 and usage 0 (NaN ratio) proposes 0', () => {
  assert.equal(
    proposeExternalPerPod({ statusReplicas: 0, usageMilli: 0, targetMilli: 2000, tolerances: T }).replicas,
    0,
  );
});

test('AverageValue within tolerance returns status replicas, not spec', () => {
  const proposal = proposeExternalPerPod({ statusReplicas: 4, usageMilli: 8200, targetMilli: 2000, tolerances: T });
  assert.equal(proposal.replicas, 4);
  assert.equal(proposal.value, 2.05);
});

test('AverageValue outside tolerance downward: ceil(U/A)', () => {
  assert.equal(
    proposeExternalPerPod({ statusReplicas: 10, usageMilli: 5000, targetMilli: 1000, tolerances: T }).replicas,
    5,
  );
});

test('Value from zero replicas: ceil(ratio) without tolerance and without pods', () => {
  const result = proposeExternalValue({
    specReplicas: 0,
    usageMilli: 1050,
    targetMilli: 1000,
    tolerances: T,
    pods: [],
  });
  assert.ok(result.ok);
  assert.equal(result.value.replicas, 2);
  assert.equal(result.value.rule, 'RatioFromZero');
});

test('Value with no pods at all outside tolerance is an error', () => {
  const result = proposeExternalValue({
    specReplicas: 2,
    usageMilli: 5000,
    targetMilli: 1000,
    tolerances: T,
    pods: [],
  });
  assert.deepEqual(result, {
    ok: false,
    error: 'unable to calculate ready pods: no pods returned by selector while calculating replica count',
  });
});

test('Value with no pods but within tolerance returns current: the pod list is not consulted', () => {
  const result = proposeExternalValue({
    specReplicas: 2,
    usageMilli: 1000,
    targetMilli: 1000,
    tolerances: T,
    pods: [],
  });
  assert.ok(result.ok);
  assert.equal(result.value.replicas, 2);
});

test('Value counts only Running and Ready pods; zero ready pods proposes 0', () => {
  const pods = [pod('a', false), pod('b', true, 'Pending'), pod('c', false)];
  const result = proposeExternalValue({ specReplicas: 3, usageMilli: 5000, targetMilli: 1000, tolerances: T, pods });
  assert.ok(result.ok);
  assert.equal(result.value.replicas, 0);
});
