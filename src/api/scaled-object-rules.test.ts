import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseScaledObject } from './parse-scaled-object.js';
import { cpuTrigger, issueLines, minimalScaledObject, workloadTrigger } from './scaled-object-fixtures.js';

function issuesOf(raw: unknown): string[] {
  const result = parseScaledObject(raw);
  return result.ok ? [] : issueLines(result.error);
}

interface Case {
  readonly name: string;
  readonly spec: Record<string, unknown>;
  readonly issues: readonly string[];
}

function runCases(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(issuesOf(minimalScaledObject(c.spec)), c.issues));
  }
}

describe('fallback (CheckFallbackValid)', () => {
  runCases([
    { name: 'with an external trigger', spec: { fallback: { failureThreshold: 3, replicas: 1 } }, issues: [] },
    {
      name: 'with only cpu/memory triggers',
      spec: { minReplicaCount: 1, fallback: { failureThreshold: 3, replicas: 1 }, triggers: [cpuTrigger()] },
      issues: [
        'spec.fallback: fallback needs at least one trigger that is not cpu or memory (their values come from pods, not from KEDA), or scalingModifiers',
      ],
    },
    {
      name: 'with only cpu but scalingModifiers',
      spec: {
        fallback: { failureThreshold: 3, replicas: 1 },
        advanced: { scalingModifiers: { formula: 'c', target: '1' } },
        triggers: [cpuTrigger({ name: 'c' })],
      },
      issues: [],
    },
    {
      name: 'negative counts and an unknown behavior',
      spec: { fallback: { failureThreshold: -1, replicas: -2, behavior: 'sometimes' } },
      issues: [
        'spec.fallback.failureThreshold: expected an integer ≥ 0, received -1',
        'spec.fallback.replicas: expected an integer ≥ 0, received -2',
        'spec.fallback.behavior: expected one of "static", "currentReplicas", "currentReplicasIfHigher", "currentReplicasIfLower", received "sometimes"',
      ],
    },
    {
      name: 'missing replicas',
      spec: { fallback: { failureThreshold: 3, behavior: 'currentReplicasIfHigher' } },
      issues: ['spec.fallback.replicas: required: expected an integer'],
    },
  ]);
});

describe('advanced.horizontalPodAutoscalerConfig.behavior', () => {
  const hpa = (behavior: unknown) => ({ advanced: { horizontalPodAutoscalerConfig: { behavior } } });
  const prefix = 'spec.advanced.horizontalPodAutoscalerConfig.behavior';
  runCases([
    {
      name: 'policy type, value and period',
      spec: hpa({ scaleUp: { policies: [{ type: 'Replicas', value: 0, periodSeconds: 1801 }] } }),
      issues: [
        `${prefix}.scaleUp.policies[0].type: expected one of "Pods", "Percent", received "Replicas"`,
        `${prefix}.scaleUp.policies[0].value: expected an integer ≥ 1, received 0`,
        `${prefix}.scaleUp.policies[0].periodSeconds: expected an integer ≤ 1800, received 1801`,
      ],
    },
    {
      name: 'periodSeconds 0',
      spec: hpa({ scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 0 }] } }),
      issues: [`${prefix}.scaleDown.policies[0].periodSeconds: expected an integer ≥ 1, received 0`],
    },
    {
      name: 'selectPolicy and stabilization window',
      spec: hpa({ scaleDown: { selectPolicy: 'Maximum', stabilizationWindowSeconds: 3601 } }),
      issues: [
        `${prefix}.scaleDown.stabilizationWindowSeconds: expected an integer ≤ 3600, received 3601`,
        `${prefix}.scaleDown.selectPolicy: expected one of "Max", "Min", "Disabled", received "Maximum"`,
      ],
    },
    {
      name: 'negative tolerance',
      spec: hpa({ scaleUp: { tolerance: -0.1 } }),
      issues: [`${prefix}.scaleUp.tolerance: expected a number ≥ 0, received -0.1`],
    },
    {
      name: 'tolerance that is not a quantity',
      spec: hpa({ scaleUp: { tolerance: 'ten percent' } }),
      issues: [
        `${prefix}.scaleUp.tolerance: expected a number ≥ 0 or a quantity string such as "0.05" or "50m", received "ten percent"`,
      ],
    },
    {
      name: 'a misspelt field',
      spec: hpa({ scaleUp: { stabilisationWindowSeconds: 10 } }),
      issues: [`${prefix}.scaleUp.stabilisationWindowSeconds: unknown field "stabilisationWindowSeconds"`],
    },
  ]);
});

describe('advanced.scalingModifiers (§4.10)', () => {
  const mods = (scalingModifiers: unknown, triggers: unknown[] = [workloadTrigger({ name: 'a' })]) => ({
    advanced: { scalingModifiers },
    triggers,
  });
  const path = 'spec.advanced.scalingModifiers';
  runCases([
    { name: 'a valid formula over trigger names', spec: mods({ formula: '(a + 1) / 2', target: '1' }), issues: [] },
    { name: 'functions are not variables', spec: mods({ formula: 'max(a, 2)', target: '1' }), issues: [] },
    {
      name: "expr-lang's logic operators, as KEDA's docs write them",
      spec: mods({ formula: 'a > 1 && !(a > 5) || a == 0 ? 10 : 0', target: '1' }),
      issues: [],
    },
    {
      name: 'a variable hidden behind a logic operator is still checked',
      spec: mods({ formula: 'a > 1 && b > 1 ? 1 : 0', target: '1' }),
      issues: [`${path}.formula: formula uses "b", which is not a trigger name; trigger names: "a"`],
    },
    {
      name: 'formula is required once anything is set',
      spec: mods({ target: '2' }),
      issues: [`${path}.formula: required: expected a string`],
    },
    {
      name: 'target must be > 0',
      spec: mods({ formula: 'a', target: '0' }),
      issues: [`${path}.target: expected a number > 0, received 0`],
    },
    {
      name: 'target must be a number in a string',
      spec: mods({ formula: 'a', target: 'two' }),
      issues: [`${path}.target: expected a number > 0 as a string, e.g. "2", received "two"`],
    },
    {
      name: 'metricType Utilization is not allowed',
      spec: mods({ formula: 'a', target: '1', metricType: 'Utilization' }),
      issues: [`${path}.metricType: expected one of "AverageValue", "Value", received "Utilization"`],
    },
    {
      name: 'a syntax error',
      spec: mods({ formula: 'a +', target: '1' }),
      issues: [`${path}.formula: invalid formula: Unexpected end of expression (char 4)`],
    },
    {
      name: 'a variable that is not a trigger name',
      spec: mods({ formula: 'a + b', target: '1' }),
      issues: [`${path}.formula: formula uses "b", which is not a trigger name; trigger names: "a"`],
    },
    {
      name: 'unnamed triggers',
      spec: mods({ formula: 'x', target: '1' }, [workloadTrigger()]),
      issues: [
        `${path}.formula: formula uses "x", which is not a trigger name; trigger names: none (give triggers a name)`,
      ],
    },
  ]);
});

describe('triggers', () => {
  runCases([
    {
      name: 'at least one',
      spec: { triggers: [] },
      issues: ['spec.triggers: expected at least 1 item(s), received a list of 0'],
    },
    {
      name: 'unique names',
      spec: {
        triggers: [workloadTrigger({ name: 'x' }), workloadTrigger({ name: 'y' }), workloadTrigger({ name: 'x' })],
      },
      issues: ['spec.triggers[2].name: duplicate trigger name "x" (also used by spec.triggers[0])'],
    },
    {
      name: 'useCachedMetrics is not allowed for cpu',
      spec: { minReplicaCount: 1, triggers: [cpuTrigger({ useCachedMetrics: true })] },
      issues: [
        'spec.triggers[0].useCachedMetrics: useCachedMetrics is not supported for cpu triggers (the HPA reads them from pods)',
      ],
    },
    {
      name: 'useCachedMetrics is fine elsewhere',
      spec: { triggers: [workloadTrigger({ useCachedMetrics: true })] },
      issues: [],
    },
    {
      name: 'metricType enum',
      spec: { triggers: [workloadTrigger({ metricType: 'Average' })] },
      issues: [
        'spec.triggers[0].metricType: expected one of "AverageValue", "Value", "Utilization", received "Average"',
      ],
    },
    {
      name: 'metadata values are strings',
      spec: { triggers: [{ type: 'kubernetes-workload', metadata: { podSelector: 'app=web', value: 3 } }] },
      issues: ['spec.triggers[0].metadata.value: expected a string, received 3 (quote it: "3")'],
    },
    {
      name: 'authenticationRef needs a name and a known kind',
      spec: { triggers: [workloadTrigger({ authenticationRef: { kind: 'Secret' } })] },
      issues: [
        'spec.triggers[0].authenticationRef.name: required: expected a string',
        'spec.triggers[0].authenticationRef.kind: expected one of "TriggerAuthentication", "ClusterTriggerAuthentication", received "Secret"',
      ],
    },
  ]);

  it('an unknown type lists the supported ones', () => {
    const issues = issuesOf(minimalScaledObject({ triggers: [{ type: 'kafka', metadata: {} }] }));
    assert.equal(issues.length, 1);
    assert.match(
      issues[0] ?? '',
      /^spec\.triggers\[0\]\.type: unknown trigger type "kafka"; supported types: .*cpu.*kubernetes-workload/,
    );
  });

  it("prefixes a trigger's metadata issues with its path", () => {
    const trigger = { type: 'kubernetes-workload', metadata: { value: '0', activationValue: 'two' } };
    const issues = issuesOf(minimalScaledObject({ triggers: [workloadTrigger(), trigger] }));
    assert.ok(issues.length >= 3, issues.join('\n'));
    assert.ok(
      issues.every((line) => line.startsWith('spec.triggers[1].metadata.')),
      issues.join('\n'),
    );
    assert.ok(issues.some((line) => line.startsWith('spec.triggers[1].metadata.podSelector: ')));
    assert.ok(issues.some((line) => line.startsWith('spec.triggers[1].metadata.value: ')));
    assert.ok(issues.some((line) => line.startsWith('spec.triggers[1].metadata.activationValue: ')));
  });
});

describe('replica bounds property', () => {
  it('accepts exactly what CheckReplicaCountBoundsAreValid accepts, and fills min/max', () => {
    const optional = (arb: fc.Arbitrary<number>) => fc.option(arb, { nil: undefined });
    fc.assert(
      fc.property(
        optional(fc.integer({ min: 0, max: 8 })),
        optional(fc.integer({ min: 1, max: 8 })),
        optional(fc.integer({ min: 0, max: 8 })),
        (min, max, idle) => {
          const spec = {
            ...(min !== undefined && { minReplicaCount: min }),
            ...(max !== undefined && { maxReplicaCount: max }),
            ...(idle !== undefined && { idleReplicaCount: idle }),
          };
          const effectiveMin = min === undefined ? 0 : Math.max(1, min);
          const valid = effectiveMin <= (max ?? 100) && (idle === undefined || idle < effectiveMin);
          const result = parseScaledObject(minimalScaledObject(spec));
          assert.equal(result.ok, valid);
          if (result.ok) {
            assert.equal(result.value.spec.minReplicaCount, min ?? 0);
            assert.equal(result.value.spec.maxReplicaCount, max ?? 100);
          }
        },
      ),
    );
  });
});
