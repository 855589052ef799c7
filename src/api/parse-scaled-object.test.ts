import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScaledObject } from './parse-scaled-object.js';
import { issueLines, minimalScaledObject, seedScaledObject, workloadTrigger } from './scaled-object-fixtures.js';
import type { ScaledObject } from './scaled-object.js';

function parseOk(raw: unknown): ScaledObject {
  const result = parseScaledObject(raw);
  if (!result.ok) assert.fail(`expected a valid ScaledObject, got:\n${issueLines(result.error).join('\n')}`);
  return result.value;
}

function parseIssues(raw: unknown): string[] {
  const result = parseScaledObject(raw);
  assert.equal(result.ok, false, 'expected issues');
  return result.ok ? [] : issueLines(result.error);
}

describe('parseScaledObject: defaults (§4.1)', () => {
  it('fills the seed ScaledObject', () => {
    const so = parseOk(seedScaledObject());
    assert.equal(so.apiVersion, 'keda.sh/v1alpha1');
    assert.deepEqual(so.metadata, {
      name: 'my-web-app-scaledobject',
      namespace: 'default',
      labels: {},
      annotations: {},
      finalizers: [],
    });
    assert.deepEqual(so.spec.scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'remote' });
    assert.equal(so.spec.pollingIntervalMs, 5000);
    assert.equal(so.spec.cooldownPeriodMs, 5000);
    assert.equal(so.spec.initialCooldownPeriodMs, 0);
    assert.equal(so.spec.minReplicaCount, 0);
    assert.equal(so.spec.maxReplicaCount, 4);
    assert.equal(so.spec.idleReplicaCount, undefined);
    assert.equal(so.spec.fallback, undefined);
    assert.deepEqual(so.spec.advanced, { restoreToOriginalReplicaCount: true, horizontalPodAutoscalerConfig: {} });
    const [trigger] = so.spec.triggers;
    assert.equal(trigger?.type, 'kubernetes-workload');
    assert.equal(trigger?.useCachedMetrics, false);
    assert.equal(trigger?.config.type, 'kubernetes-workload');
    assert.equal(trigger?.config.metricName, 's0-workload-default');
    assert.equal(trigger?.config.targetType, 'AverageValue');
    assert.equal(trigger?.config.targetValue, 3);
    assert.equal(trigger?.config.activationThreshold, 2);
    assert.deepEqual(so.annotations, {
      paused: false,
      pausedScaleIn: false,
      pausedScaleOut: false,
      forceActivation: false,
      evaluateOnChange: false,
    });
  });

  it("uses KEDA's defaults when nothing optional is written", () => {
    const so = parseOk(minimalScaledObject());
    assert.equal(so.spec.pollingIntervalMs, 30_000);
    assert.equal(so.spec.cooldownPeriodMs, 300_000);
    assert.equal(so.spec.initialCooldownPeriodMs, 0);
    assert.equal(so.spec.minReplicaCount, 0);
    assert.equal(so.spec.maxReplicaCount, 100);
    assert.equal(so.spec.advanced.restoreToOriginalReplicaCount, false);
    assert.equal(so.spec.advanced.horizontalPodAutoscalerConfig.behavior, undefined);
    assert.equal(so.spec.advanced.scalingModifiers, undefined);
  });

  it('keeps metadata and converts timestamps to ms', () => {
    const so = parseOk(
      minimalScaledObject(
        {},
        {
          namespace: 'shop',
          uid: 'u-1',
          generation: 3,
          resourceVersion: '42',
          creationTimestamp: '2026-01-01T00:00:10Z',
          labels: { team: 'web' },
          finalizers: ['finalizer.keda.sh'],
        },
      ),
    );
    assert.equal(so.metadata.namespace, 'shop');
    assert.equal(so.metadata.creationTimestampMs, Date.UTC(2026, 0, 1, 0, 0, 10));
    assert.equal(so.metadata.generation, 3);
    assert.deepEqual(so.metadata.finalizers, ['finalizer.keda.sh']);
    assert.equal(so.spec.triggers[0]?.config.metricName, 's0-workload-shop');
  });

  it('accepts spillway.io/v1alpha1 with the same schema, and nothing else', () => {
    assert.equal(
      parseOk({ ...minimalScaledObject(), apiVersion: 'spillway.io/v1alpha1' }).apiVersion,
      'spillway.io/v1alpha1',
    );
    assert.deepEqual(parseIssues({ ...minimalScaledObject(), apiVersion: 'keda.sh/v1beta1' }), [
      'apiVersion: expected one of "keda.sh/v1alpha1", "spillway.io/v1alpha1", received "keda.sh/v1beta1"',
    ]);
  });

  it('copies a full HPA behavior, quantity tolerance included', () => {
    const behavior = {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
      scaleDown: {
        policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
        selectPolicy: 'Disabled',
        tolerance: '50m',
      },
    };
    const so = parseOk(
      minimalScaledObject({ advanced: { horizontalPodAutoscalerConfig: { name: 'hpa-x', behavior } } }),
    );
    assert.deepEqual(so.spec.advanced.horizontalPodAutoscalerConfig, {
      name: 'hpa-x',
      behavior: { scaleUp: behavior.scaleUp, scaleDown: { ...behavior.scaleDown, tolerance: 0.05 } },
    });
  });

  it('defaults fallback behavior to static and scalingModifiers fields', () => {
    const so = parseOk(
      minimalScaledObject({
        fallback: { failureThreshold: 3, replicas: 2 },
        advanced: { scalingModifiers: { formula: 'a * 2', target: '2.5' } },
        triggers: [workloadTrigger({ name: 'a' })],
      }),
    );
    assert.deepEqual(so.spec.fallback, { failureThreshold: 3, replicas: 2, behavior: 'static' });
    assert.deepEqual(so.spec.advanced.scalingModifiers, {
      formula: 'a * 2',
      target: 2.5,
      activationTarget: 0,
      metricType: 'AverageValue',
    });
  });

  it('treats an empty scalingModifiers as unused, as KEDA does', () => {
    assert.equal(
      parseOk(minimalScaledObject({ advanced: { scalingModifiers: {} } })).spec.advanced.scalingModifiers,
      undefined,
    );
  });
});

describe('parseScaledObject: replica bounds', () => {
  const cases: { name: string; spec: Record<string, unknown>; issues: string[] }[] = [
    {
      name: 'idle 0 with min 0 written passes (compared with max(1, min))',
      spec: { minReplicaCount: 0, idleReplicaCount: 0 },
      issues: [],
    },
    {
      name: 'idle 0 without min fails (compared with 0)',
      spec: { idleReplicaCount: 0 },
      issues: [
        'spec.idleReplicaCount: idleReplicaCount (0) must be less than minReplicaCount; KEDA compares it with 0 when minReplicaCount is not set',
      ],
    },
    {
      name: 'idle equal to min fails',
      spec: { minReplicaCount: 2, idleReplicaCount: 2 },
      issues: [
        'spec.idleReplicaCount: idleReplicaCount (2) must be less than minReplicaCount; KEDA compares it with 2, i.e. max(1, minReplicaCount)',
      ],
    },
    { name: 'idle below min passes', spec: { minReplicaCount: 2, idleReplicaCount: 1 }, issues: [] },
    {
      name: 'min above max',
      spec: { minReplicaCount: 5, maxReplicaCount: 3 },
      issues: ['spec.minReplicaCount: minReplicaCount (5) must be ≤ maxReplicaCount 3'],
    },
    {
      name: 'min above the default max',
      spec: { minReplicaCount: 101 },
      issues: ['spec.minReplicaCount: minReplicaCount (101) must be ≤ maxReplicaCount 100 (the default)'],
    },
    { name: 'min equal to max passes', spec: { minReplicaCount: 3, maxReplicaCount: 3 }, issues: [] },
    {
      name: 'max 0',
      spec: { maxReplicaCount: 0 },
      issues: ['spec.maxReplicaCount: expected an integer ≥ 1, received 0'],
    },
    {
      name: 'negative min',
      spec: { minReplicaCount: -1 },
      issues: ['spec.minReplicaCount: expected an integer ≥ 0, received -1'],
    },
    {
      name: 'min as a string',
      spec: { minReplicaCount: '1' },
      issues: ['spec.minReplicaCount: expected an integer, received the string "1" (write the number without quotes)'],
    },
    {
      name: 'fractional max',
      spec: { maxReplicaCount: 2.5 },
      issues: ['spec.maxReplicaCount: expected an integer, received 2.5'],
    },
    {
      name: 'max beyond int32',
      spec: { maxReplicaCount: 3_000_000_000 },
      issues: ['spec.maxReplicaCount: expected an integer ≤ 2147483647, received 3000000000'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = parseScaledObject(minimalScaledObject(c.spec));
      assert.deepEqual(result.ok ? [] : issueLines(result.error), c.issues);
    });
  }
});

describe('parseScaledObject: durations', () => {
  const cases: { name: string; spec: Record<string, unknown>; issues: string[] }[] = [
    {
      name: 'pollingInterval 0',
      spec: { pollingInterval: 0 },
      issues: ['spec.pollingInterval: expected an integer ≥ 1, received 0'],
    },
    { name: 'cooldownPeriod 0 passes', spec: { cooldownPeriod: 0 }, issues: [] },
    {
      name: 'negative cooldownPeriod',
      spec: { cooldownPeriod: -1 },
      issues: ['spec.cooldownPeriod: expected an integer ≥ 0, received -1'],
    },
    {
      name: 'initialCooldownPeriod as a duration string',
      spec: { initialCooldownPeriod: '30s' },
      issues: [
        'spec.initialCooldownPeriod: expected an integer, received the string "30s" (write the number without quotes)',
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = parseScaledObject(minimalScaledObject(c.spec));
      assert.deepEqual(result.ok ? [] : issueLines(result.error), c.issues);
    });
  }
  it('converts seconds to ms once', () => {
    const so = parseOk(minimalScaledObject({ pollingInterval: 1, cooldownPeriod: 0, initialCooldownPeriod: 120 }));
    assert.deepEqual(
      [so.spec.pollingIntervalMs, so.spec.cooldownPeriodMs, so.spec.initialCooldownPeriodMs],
      [1000, 0, 120_000],
    );
  });
});
