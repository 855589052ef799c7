import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from './scenario.js';

test('the seed walkthrough scenario parses with defaults', () => {
  const result = parseScenario({
    duration: '10m',
    manifests: ['examples/seed'],
    actions: [
      { at: '3m', scale: { deployment: 'on-prem', replicas: 2 } },
      { at: '30s', scale: { deployment: 'on-prem', replicas: 3 } },
    ],
  });
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.equal(result.value.durationMs, 600_000);
  assert.deepEqual(result.value.manifests, [{ path: 'examples/seed' }]);
  assert.deepEqual(
    result.value.actions.map((a) => [a.atMs, a.index, a.action]),
    [
      [
        30_000,
        1,
        { type: 'scale', target: { kind: 'Deployment', name: 'on-prem', namespace: 'default' }, replicas: 3 },
      ],
      [
        180_000,
        0,
        { type: 'scale', target: { kind: 'Deployment', name: 'on-prem', namespace: 'default' }, replicas: 2 },
      ],
    ],
  );
});

test('every action kind', () => {
  const result = parseScenario({
    duration: 3600,
    seed: 7,
    hpaSyncPeriod: '15s',
    actions: [
      { at: 1, apply: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } },
      { at: 2, delete: { name: 'so' } },
      { at: 3, annotate: { name: 'so', annotations: { 'autoscaling.keda.sh/paused': 'true', gone: null } } },
      { at: 4, failEnvironment: 'cloud' },
      { at: 5, restoreEnvironment: 'cloud' },
      { at: 6, restartController: true },
    ],
  });
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.deepEqual(
    result.value.actions.map((a) => a.action.type),
    ['apply', 'delete', 'annotate', 'failEnvironment', 'restoreEnvironment', 'restartController'],
  );
  assert.equal(result.value.hpaSyncPeriodMs, 15_000);
});

test('errors name the field', () => {
  const result = parseScenario({
    duration: 'ten',
    actions: [
      { at: '1s', scale: { deployment: 'a' } },
      { at: '2h', failEnvironment: 'x' },
    ],
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.error[0]?.path, ['duration']);
  assert.match(result.error[0]?.message ?? '', /expected a duration/);
  assert.deepEqual(result.error[1]?.path, ['actions', 0]);
  assert.match(result.error[1]?.message ?? '', /expected an action/);
});

test('an action after the end is rejected', () => {
  const result = parseScenario({ duration: '1m', actions: [{ at: '2m', failEnvironment: 'cloud' }] });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.error[0]?.path, ['actions', 0, 'at']);
});
