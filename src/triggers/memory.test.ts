import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryTrigger } from './memory.js';
import { parseQuantity } from './quantity.js';
import { toHpaResourceMetric } from './resource-metric.js';
import { context } from './test-support.js';

test('memory: AverageValue in binary units', () => {
  const parsed = memoryTrigger.parse({ value: '1Gi' }, context({ metricType: 'AverageValue' }));
  assert.ok(parsed.ok);
  assert.equal(parsed.value.targetValue, 2 ** 30);
  assert.deepEqual(toHpaResourceMetric(parsed.value), {
    type: 'Resource',
    resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } },
  });
});

test('memory: metricType Value is rejected; a bad quantity names what was expected', () => {
  const parsed = memoryTrigger.parse({ value: '1GB' }, context({ metricType: 'Value' }));
  assert.ok(!parsed.ok);
  assert.deepEqual(
    parsed.error.map((i) => [i.path, i.message]),
    [
      [['$trigger', 'metricType'], 'expected Utilization or AverageValue, received "Value"'],
      [['value'], 'expected an integer percentage such as "60", received "1GB"'],
    ],
  );
  const quantity = memoryTrigger.parse({ value: '1GB' }, context({ metricType: 'AverageValue' }));
  assert.ok(!quantity.ok);
  assert.equal(quantity.error[0]?.message, 'expected a Kubernetes quantity such as "500m" or "1Gi", received "1GB"');
});

test('quantity: suffixes and exponents', () => {
  assert.equal(parseQuantity('500m'), 0.5);
  assert.equal(parseQuantity('2k'), 2000);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('.5Mi'), 2 ** 19);
  assert.equal(parseQuantity('1.5'), 1.5);
  assert.equal(parseQuantity('abc'), undefined);
  assert.equal(parseQuantity('1Kb'), undefined);
});
