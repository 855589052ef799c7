import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScaledObject } from './parse-scaled-object.js';
import { issueLines, minimalScaledObject } from './scaled-object-fixtures.js';
import type { ScaledObjectAnnotations } from './scaled-object.js';

function flags(annotations: Record<string, string>): ScaledObjectAnnotations {
  const result = parseScaledObject(minimalScaledObject({}, { annotations }));
  if (!result.ok) assert.fail(issueLines(result.error).join('\n'));
  return result.value.annotations;
}

function issues(annotations: Record<string, string>): string[] {
  const result = parseScaledObject(minimalScaledObject({}, { annotations }));
  return result.ok ? [] : issueLines(result.error);
}

describe('annotations (§4.9)', () => {
  const paused = 'autoscaling.keda.sh/paused';
  for (const [value, expected] of [
    ['true', true],
    ['yes', true],
    ['', true],
    ['false', false],
    ['False', false],
    ['0', false],
  ] as const) {
    it(`paused: "${value}" → ${expected} (Go ParseBool; a non-bool pauses)`, () => {
      assert.equal(flags({ [paused]: value }).paused, expected);
    });
  }

  it('reads every flag', () => {
    assert.deepEqual(
      flags({
        'autoscaling.keda.sh/paused-replicas': '0',
        'autoscaling.keda.sh/paused-scale-in': 'true',
        'autoscaling.keda.sh/paused-scale-out': 'true',
        'autoscaling.keda.sh/force-activation': 'true',
        'spillway.io/evaluate-on-change': 'true',
      }),
      {
        paused: false,
        pausedReplicas: 0,
        pausedScaleIn: true,
        pausedScaleOut: true,
        forceActivation: true,
        evaluateOnChange: true,
      },
    );
  });

  it('keeps the raw annotations in metadata', () => {
    const result = parseScaledObject(minimalScaledObject({}, { annotations: { note: 'x' } }));
    assert.ok(result.ok);
    assert.deepEqual(result.value.metadata.annotations, { note: 'x' });
  });

  const where = 'metadata.annotations["autoscaling.keda.sh/paused-replicas"]';
  for (const value of ['-1', 'two', '1.5', '']) {
    it(`paused-replicas "${value}" is an issue`, () => {
      assert.deepEqual(issues({ 'autoscaling.keda.sh/paused-replicas': value }), [
        `${where}: expected an integer ≥ 0 as a string, e.g. "0", received ${JSON.stringify(value)}`,
      ]);
    });
  }

  it('paused-replicas beyond int32 is an issue', () => {
    assert.deepEqual(issues({ 'autoscaling.keda.sh/paused-replicas': '3000000000' }), [
      `${where}: expected an integer ≤ 2147483647, received "3000000000"`,
    ]);
  });

  it('evaluate-on-change takes only "true" or "false"', () => {
    assert.deepEqual(issues({ 'spillway.io/evaluate-on-change': 'yes' }), [
      'metadata.annotations["spillway.io/evaluate-on-change"]: expected one of "true", "false", received "yes"',
    ]);
  });
});
