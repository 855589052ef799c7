import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuTrigger } from './cpu.js';
import { toHpaResourceMetric } from './resource-metric.js';
import { context, fakeSources } from './test-support.js';

test('cpu: Utilization becomes an HPA Resource metric with averageUtilization', () => {
  const parsed = cpuTrigger.parse({ value: '60' }, context({ metricType: 'Utilization' }));
  assert.ok(parsed.ok);
  assert.equal(parsed.value.metricName, 'cpu');
  assert.deepEqual(toHpaResourceMetric(parsed.value), {
    type: 'Resource',
    resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } },
  });
});

test('cpu: AverageValue keeps the quantity; containerName makes a ContainerResource metric', () => {
  const parsed = cpuTrigger.parse({ value: '500m', containerName: 'app' }, context({ metricType: 'AverageValue' }));
  assert.ok(parsed.ok);
  assert.equal(parsed.value.targetValue, 0.5);
  assert.deepEqual(toHpaResourceMetric(parsed.value), {
    type: 'ContainerResource',
    containerResource: { name: 'cpu', container: 'app', target: { type: 'AverageValue', averageValue: '500m' } },
  });
});

test('cpu: a missing metricType is an issue at the trigger level (the old `type` metadata is ignored)', () => {
  assert.deepEqual(cpuTrigger.parse({ value: '60', type: 'Utilization' }, context()), {
    ok: false,
    error: [
      {
        code: 'required',
        path: ['$trigger', 'metricType'],
        message: 'required for cpu triggers: expected Utilization or AverageValue',
        expected: 'Utilization or AverageValue',
      },
    ],
  });
});

test('cpu: bad values name the key and the received value', () => {
  const utilization = cpuTrigger.parse({ value: '60.5' }, context({ metricType: 'Utilization' }));
  assert.ok(!utilization.ok);
  assert.equal(utilization.error[0]?.message, 'expected an integer percentage such as "60", received "60.5"');
  const missing = cpuTrigger.parse({}, context({ metricType: 'AverageValue' }));
  assert.ok(!missing.ok);
  assert.deepEqual(missing.error[0]?.path, ['value']);
});

test('cpu: measure says the HPA reads the value from pod metrics', async () => {
  const parsed = cpuTrigger.parse({ value: '60' }, context({ metricType: 'Utilization' }));
  assert.ok(parsed.ok);
  const measured = await cpuTrigger.measure(parsed.value, fakeSources({}));
  assert.ok(!measured.ok);
  assert.match(measured.error.message, /pod metrics/);
});
