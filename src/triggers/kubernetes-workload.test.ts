import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubernetesWorkloadConfig } from './kubernetes-workload.js';
import { countWorkloadPods, kubernetesWorkloadTrigger, parseKubernetesWorkload } from './kubernetes-workload.js';
import { context, fakeSources, pod } from './test-support.js';

function config(metadata: Record<string, string>, ns = 'default', index = 0): KubernetesWorkloadConfig {
  const parsed = parseKubernetesWorkload(metadata, context({ namespace: ns, triggerIndex: index }));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.value;
}

async function measure(cfg: KubernetesWorkloadConfig, pods: readonly Pod[]) {
  const result = await kubernetesWorkloadTrigger.measure(cfg, fakeSources({ pods }));
  assert.ok(result.ok);
  return result.value;
}

const demoPods = (n: number, namespace = 'default') =>
  Array.from({ length: n }, (_, i) => pod({ name: `p${i}`, namespace, phase: 'Running' }));

test('KW1: pods in another namespace are not counted', async () => {
  const cfg = config({ podSelector: 'app=demo', value: '1' }, 'test');
  assert.deepEqual(await measure(cfg, demoPods(15, 'default')), { value: 0, isActive: false });
});

test('KW2: 0 / 1 / 15 pods with activationValue 0 are inactive / active / active', async () => {
  const cfg = config({ podSelector: 'app=demo', value: '1' });
  assert.deepEqual(await measure(cfg, demoPods(0)), { value: 0, isActive: false });
  assert.deepEqual(await measure(cfg, demoPods(1)), { value: 1, isActive: true });
  assert.deepEqual(await measure(cfg, demoPods(15)), { value: 15, isActive: true });
});

test('KW3: Running, Pending and Unknown pods count; Succeeded and Failed do not', async () => {
  const cfg = config({ podSelector: 'app=demo', value: '1' });
  for (const phase of ['Running', 'Pending', 'Unknown']) {
    assert.deepEqual(await measure(cfg, [pod({ phase })]), { value: 1, isActive: true }, phase);
  }
  for (const phase of ['Succeeded', 'Failed']) {
    assert.deepEqual(await measure(cfg, [pod({ phase })]), { value: 0, isActive: false }, phase);
  }
});

test('KW4: 2 on node-a, 1 on node-b, 1 unscheduled Pending, 1 Failed: count 4, groupByNode 2', () => {
  const pods = [
    pod({ name: 'a1', phase: 'Running', nodeName: 'node-a' }),
    pod({ name: 'a2', phase: 'Running', nodeName: 'node-a' }),
    pod({ name: 'b1', phase: 'Running', nodeName: 'node-b' }),
    pod({ name: 'pending', phase: 'Pending' }),
    pod({ name: 'failed', phase: 'Failed', nodeName: 'node-c' }),
  ];
  assert.equal(countWorkloadPods(config({ podSelector: 'app=demo', value: '1' }), pods, 'default'), 4);
  const grouped = config({ podSelector: 'app=demo', value: '1', groupByNode: 'true' });
  assert.equal(countWorkloadPods(grouped, pods, 'default'), 2);
});

test('KW5: metric names s0-workload-test and s1-workload-default', () => {
  assert.equal(config({ podSelector: 'app=demo', value: '1' }, 'test', 0).metricName, 's0-workload-test');
  assert.equal(config({ podSelector: 'app=demo', value: '1' }, 'default', 1).metricName, 's1-workload-default');
});

test('KW6: value "0", a missing podSelector and activationValue "aa" are errors', () => {
  assert.deepEqual(parseKubernetesWorkload({ podSelector: 'app=demo', value: '0' }, context()), {
    ok: false,
    error: [
      {
        code: 'invalid_value',
        path: ['value'],
        message: 'expected a number greater than 0, received "0"',
        expected: 'a number greater than 0',
        received: '0',
      },
    ],
  });
  assert.deepEqual(parseKubernetesWorkload({ value: '1' }, context()), {
    ok: false,
    error: [
      {
        code: 'required',
        path: ['podSelector'],
        message: 'required: expected a label selector such as "app=web"',
        expected: 'a label selector such as "app=web"',
      },
    ],
  });
  assert.deepEqual(parseKubernetesWorkload({ podSelector: 'app=demo', value: '1', activationValue: 'aa' }, context()), {
    ok: false,
    error: [
      {
        code: 'invalid_value',
        path: ['activationValue'],
        message: 'expected a number such as "10" or "2.5", received "aa"',
        expected: 'a number such as "10" or "2.5"',
        received: 'aa',
      },
    ],
  });
});

test('KW7: activationValue 2 is inactive at count 2 and active at 3 (strict >)', async () => {
  const cfg = config({ podSelector: 'app=demo', value: '1', activationValue: '2' });
  assert.deepEqual(await measure(cfg, demoPods(2)), { value: 2, isActive: false });
  assert.deepEqual(await measure(cfg, demoPods(3)), { value: 3, isActive: true });
});

test('parse: defaults, float value, target type from metricType', () => {
  const cfg = config({ podSelector: 'app=demo', value: '2.5' });
  assert.equal(cfg.value, 2.5);
  assert.equal(cfg.targetValue, 2.5);
  assert.equal(cfg.activationValue, 0);
  assert.equal(cfg.groupByNode, false);
  assert.equal(cfg.targetType, 'AverageValue');
  const valueTarget = parseKubernetesWorkload(
    { podSelector: 'app=demo', value: '1' },
    context({ metricType: 'Value' }),
  );
  assert.ok(valueTarget.ok && valueTarget.value.targetType === 'Value');
});

test('parse: Utilization is rejected at the trigger level', () => {
  const parsed = parseKubernetesWorkload(
    { podSelector: 'app=demo', value: '1' },
    context({ metricType: 'Utilization' }),
  );
  assert.ok(!parsed.ok);
  assert.deepEqual(
    parsed.error.map((i) => i.path),
    [['$trigger', 'metricType']],
  );
});

test('parse: a selector error carries its column', () => {
  const parsed = parseKubernetesWorkload({ podSelector: 'app in (a', value: '1' }, context());
  assert.ok(!parsed.ok);
  const [issue] = parsed.error;
  assert.equal(issue?.code, 'invalid_selector');
  assert.deepEqual(issue?.path, ['podSelector']);
  assert.match(issue?.message ?? '', /^invalid label selector "app in \(a" at column \d+: /);
});

test('parse: missing value is an error unless the trigger is only a formula source', () => {
  const missing = parseKubernetesWorkload({ podSelector: 'app=demo' }, context());
  assert.ok(!missing.ok);
  assert.deepEqual(missing.error, [
    {
      code: 'required',
      path: ['value'],
      message: 'required: expected a number greater than 0',
      expected: 'a number greater than 0',
    },
  ]);
  assert.ok(parseKubernetesWorkload({ podSelector: 'app=demo' }, context({ formulaSource: true })).ok);
  assert.ok(parseKubernetesWorkload({ podSelector: 'app=demo', value: '0' }, context({ formulaSource: true })).ok);
  const negative = parseKubernetesWorkload({ podSelector: 'app=demo', value: '-1' }, context());
  assert.ok(!negative.ok && negative.error[0]?.received === '-1');
});

test('parse: groupByNode takes Go booleans and rejects others; several issues are reported together', () => {
  assert.equal(config({ podSelector: 'app=demo', value: '1', groupByNode: 'T' }).groupByNode, true);
  const parsed = parseKubernetesWorkload({ podSelector: 'app=demo', value: 'x', groupByNode: 'yes' }, context());
  assert.ok(!parsed.ok);
  assert.deepEqual(
    parsed.error.map((i) => [i.path, i.message]),
    [
      [['value'], 'expected a number greater than 0, received "x"'],
      [['groupByNode'], 'expected a boolean ("true" or "false"), received "yes"'],
    ],
  );
});

test('metric name is normalized like KEDA NormalizeString', () => {
  assert.equal(config({ podSelector: 'app=demo', value: '1' }, 'a.b', 2).metricName, 's2-workload-a-b');
});

test('counting: notin matches pods without the label; terminating pods count; no readiness check', () => {
  const cfg = config({ podSelector: 'app=demo, environment notin (cloud)', value: '1' });
  const pods = [
    pod({ name: 'no-env', phase: 'Running' }),
    pod({ name: 'cloud', phase: 'Running', labels: { app: 'demo', environment: 'cloud' } }),
    pod({ name: 'terminating', phase: 'Running', deleting: true }),
    pod({ name: 'other-app', phase: 'Running', labels: { app: 'other' } }),
  ];
  assert.equal(countWorkloadPods(cfg, pods, 'default'), 2);
});

test('property: the count never exceeds the pods given', () => {
  const cfg = config({ podSelector: 'app=demo', value: '1' });
  const arbPod = fc
    .record({
      ns: fc.constantFrom('default', 'test'),
      app: fc.constantFrom('demo', 'other'),
      phase: fc.option(fc.constantFrom('Running', 'Pending', 'Unknown', 'Succeeded', 'Failed'), { nil: undefined }),
      node: fc.option(fc.constantFrom('', 'n1', 'n2'), { nil: undefined }),
    })
    .map((p) =>
      pod({
        namespace: p.ns,
        labels: { app: p.app },
        ...(p.phase === undefined ? {} : { phase: p.phase }),
        ...(p.node === undefined ? {} : { nodeName: p.node }),
      }),
    );
  fc.assert(
    fc.property(fc.array(arbPod, { maxLength: 30 }), fc.boolean(), (pods, groupByNode) => {
      const count = countWorkloadPods({ ...cfg, groupByNode }, pods, 'default');
      return count >= 0 && count <= pods.length && (!groupByNode || count <= countWorkloadPods(cfg, pods, 'default'));
    }),
  );
});

test('property: parse never throws on arbitrary string maps', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom('podSelector', 'value', 'activationValue', 'groupByNode', 'x'), fc.string()),
      fc.boolean(),
      (metadata, formulaSource) => {
        parseKubernetesWorkload(metadata, context({ formulaSource }));
      },
    ),
  );
});
