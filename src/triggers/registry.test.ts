import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eraseConfigType, findTrigger, supportedTriggerTypes } from './registry.js';
import { kubernetesWorkloadTrigger } from './kubernetes-workload.js';
import { context, fakeSources } from './test-support.js';

// Tests run from dist/src/triggers; the sources are at the same relative place under the project root.
const here = dirname(fileURLToPath(import.meta.url));
const sourceDir = join(here, '..', '..', '..', 'src', 'triggers');

test('registry: sorted alphabetically', () => {
  const types = supportedTriggerTypes();
  assert.deepEqual(types, [...types].sort());
  assert.deepEqual(types, ['cpu', 'cron', 'kubernetes-workload', 'memory', 'prometheus']);
});

test('registry: every type has <type>.ts and <type>.test.ts beside it', () => {
  for (const type of supportedTriggerTypes()) {
    assert.ok(existsSync(join(sourceDir, `${type}.ts`)), `${type}.ts`);
    assert.ok(existsSync(join(sourceDir, `${type}.test.ts`)), `${type}.test.ts`);
  }
});

test('registry: the source lines between TRIGGERS-START and TRIGGERS-END are sorted', () => {
  const source = readFileSync(join(sourceDir, 'registry.ts'), 'utf8');
  const block = source.slice(source.indexOf('// TRIGGERS-START'), source.indexOf('// TRIGGERS-END'));
  const lines = block
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  assert.deepEqual(lines, [...lines].sort());
});

test('registry: findTrigger parses through the erased definition; unknown types are undefined', () => {
  assert.equal(findTrigger('nope'), undefined);
  const parsed = findTrigger('kubernetes-workload')?.parse({ podSelector: 'app=demo', value: '1' }, context());
  assert.ok(parsed?.ok);
});

test('registry: an erased measure refuses a config of another type', async () => {
  const erased = eraseConfigType(kubernetesWorkloadTrigger);
  const config = {
    type: 'cron',
    metricName: 's0-cron',
    targetType: 'AverageValue',
    targetValue: 1,
    activationThreshold: 0,
  } as const;
  assert.deepEqual(await erased.measure(config, fakeSources({})), {
    ok: false,
    error: { metricName: 's0-cron', message: 'a cron config was given to the kubernetes-workload trigger' },
  });
});
