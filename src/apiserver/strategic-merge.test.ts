import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyStrategicMergePatch } from './strategic-merge.js';
import { formatHumanDuration } from './human-duration.js';
import { evaluateJsonPath, parseJsonPath } from './jsonpath.js';
import { startApiServer } from './node-server.js';
import { newKit } from './test-kit.js';

describe('applyStrategicMergePatch', () => {
  it('merges Service ports by port and container ports by containerPort', () => {
    const service = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    assert.deepEqual(applyStrategicMergePatch(service, { spec: { ports: [{ port: 80, name: 'http' }] } }), {
      spec: { ports: [{ port: 80, targetPort: 8080, name: 'http' }, { port: 443 }] },
    });
    const pod = { spec: { containers: [{ name: 'c', ports: [{ containerPort: 1 }] }] } };
    const patched = applyStrategicMergePatch(pod, {
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 2 }] }] },
    });
    assert.deepEqual(patched, {
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 1 }, { containerPort: 2 }] }] },
    });
  });

  it('replaces lists without a merge key, as a merge patch would', () => {
    const target = { spec: { args: ['a', 'b'], tolerations: [{ key: 'x' }] } };
    assert.deepEqual(applyStrategicMergePatch(target, { spec: { args: ['c'], tolerations: [] } }), {
      spec: { args: ['c'], tolerations: [] },
    });
  });

  it('honours $patch: replace on maps and lists, $retainKeys and $deleteFromPrimitiveList', () => {
    const target = {
      metadata: { finalizers: ['a', 'b'] },
      spec: {
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
        selector: { a: '1', b: '2' },
        env: [{ name: 'A', value: '1' }],
      },
    };
    const patched = applyStrategicMergePatch(target, {
      metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] },
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate' },
        selector: { $patch: 'replace', c: '3' },
        env: [{ $patch: 'replace' }, { name: 'B', value: '2' }],
      },
    });
    assert.deepEqual(patched, {
      metadata: { finalizers: ['b'] },
      spec: { strategy: { type: 'Recreate' }, selector: { c: '3' }, env: [{ name: 'B', value: '2' }] },
    });
  });

  it('$setElementOrder orders the merged list', () => {
    const target = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    const patched = applyStrategicMergePatch(target, {
      spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'a', image: 'x' }] },
    });
    assert.deepEqual(patched, { spec: { containers: [{ name: 'b' }, { name: 'a', image: 'x' }] } });
  });
});

describe('table helpers', () => {
  it('formats ages like apimachinery HumanDuration', () => {
    const cases: [number, string][] = [
      [-5_000, '<invalid>'],
      [0, '0s'],
      [119_000, '119s'],
      [150_000, '2m30s'],
      [600_000, '10m'],
      [3 * 3600_000 + 60_000, '3h1m'],
      [30 * 3600_000, '30h'],
      [50 * 3600_000, '2d2h'],
      [40 * 86400_000, '40d'],
      [3 * 365 * 86400_000, '3y'],
    ];
    for (const [ms, text] of cases) assert.equal(formatHumanDuration(ms), text, String(ms));
  });

  it('evaluates the printer-column JSONPath subset', () => {
    const object = {
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Active', status: 'False' },
        ],
      },
    };
    const steps = parseJsonPath('.status.conditions[?(@.type=="Active")].status');
    assert.ok(steps !== undefined);
    assert.deepEqual(evaluateJsonPath(object, steps), ['False']);
    assert.deepEqual(evaluateJsonPath(object, parseJsonPath('.status.conditions[*].type') ?? []), ['Ready', 'Active']);
    assert.equal(parseJsonPath('.a..b'), undefined);
  });
});

describe('startApiServer', () => {
  it('refuses a non-loopback address without TLS and a token', async () => {
    const { store, clock } = newKit();
    await assert.rejects(startApiServer({ store, clock, host: '0.0.0.0' }), /needs TLS/);
    await assert.rejects(
      startApiServer({ store, clock, host: '0.0.0.0', tls: { cert: 'x', key: 'y' } }),
      /bearer token/,
    );
  });
});
