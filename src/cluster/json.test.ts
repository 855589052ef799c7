import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyMergePatch, copyReusing, copySharingFrozen, deepCopy, deepEqual, deepFreeze, getPath } from './json.js';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('deepCopy', () => {
  it('gives what a JSON round trip gives', () => {
    const samples: unknown[] = [
      { a: 1, b: 'x', c: true, d: null, e: [1, 'two', { f: [] }] },
      { dropped: undefined, fn: () => 1, kept: 0 },
      [undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY, -0],
      { when: new Date(Date.UTC(2026, 0, 1)), custom: { toJSON: () => 'custom' } },
      { nested: { deeper: { deepest: [[1], [2, [3]]] } } },
      Object.assign(Object.create(null) as object, { bare: 1 }),
      JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'),
      'text',
      42,
      null,
    ];
    for (const sample of samples) assert.deepEqual(deepCopy(sample), roundTrip(sample));
    const proto = deepCopy(JSON.parse('{"__proto__": {"polluted": true}}') as object);
    assert.equal(Object.getPrototypeOf(proto), Object.prototype);
    assert.deepEqual(Object.keys(proto), ['__proto__']);
  });

  it('shares nothing with the original, frozen or not', () => {
    const original = deepFreeze({ a: { b: [1, { c: 2 }] } });
    const copy = deepCopy(original);
    assert.notEqual(copy.a, original.a);
    assert.notEqual(copy.a.b[1], original.a.b[1]);
    assert.ok(!Object.isFrozen(copy.a.b));
  });
});

describe('copySharingFrozen', () => {
  it('shares frozen subtrees and copies the rest', () => {
    const frozen = deepFreeze({ spec: { replicas: 1 } });
    const mutable = { labels: { app: 'web' } };
    const input = { spec: frozen.spec, metadata: mutable };
    const copy = copySharingFrozen(input);
    assert.notEqual(copy, input);
    assert.equal(copy.spec, frozen.spec);
    assert.notEqual(copy.metadata, mutable);
    assert.notEqual(copy.metadata.labels, mutable.labels);
    assert.deepEqual(copy, input);
  });
});

describe('applyMergePatch', () => {
  it('keeps the untouched and unchanged parts of a frozen target, and builds the changed path anew', () => {
    const target = deepFreeze({
      metadata: { name: 'a', labels: { app: 'web' } },
      spec: { replicas: 1, template: { containers: [{ name: 'c' }] } },
      status: { conditions: [{ type: 'Ready' }], phase: 'Running' },
    });
    const patched = applyMergePatch(target, {
      spec: { replicas: 2 },
      status: { conditions: [{ type: 'Ready' }], phase: null },
    }) as typeof target;
    assert.deepEqual(patched, {
      metadata: { name: 'a', labels: { app: 'web' } },
      spec: { replicas: 2, template: { containers: [{ name: 'c' }] } },
      status: { conditions: [{ type: 'Ready' }] },
    });
    assert.equal(patched.metadata, target.metadata);
    assert.equal(patched.spec.template, target.spec.template);
    assert.equal(patched.status.conditions, target.status.conditions);
    assert.notEqual(patched.spec, target.spec);
    assert.ok(!Object.isFrozen(patched) && !Object.isFrozen(patched.spec));
  });

  it('copies a target that is not frozen, and never shares the patch', () => {
    const target = { a: { b: 1 }, c: [1], gone: undefined };
    const patch = { d: { e: [2] } };
    const patched = applyMergePatch(target, patch) as Record<string, unknown>;
    assert.deepEqual(patched, { a: { b: 1 }, c: [1], d: { e: [2] } });
    assert.notEqual(patched['a'], target.a);
    assert.notEqual(patched['c'], target.c);
    assert.notEqual((patched['d'] as { e: unknown }).e, patch.d.e);
    assert.ok(!('gone' in patched));
  });

  it('keeps a frozen subtree the patch restates unchanged, and still returns a new top level', () => {
    const target = deepFreeze({ status: { gvk: { group: 'apps', kind: 'Deployment' }, names: ['a'], n: 1 } });
    const patched = applyMergePatch(target, {
      status: { gvk: { group: 'apps', kind: 'Deployment' }, names: ['a'], n: 1 },
    }) as typeof target;
    assert.equal(patched.status, target.status);
    assert.notEqual(patched, target);
    assert.ok(!Object.isFrozen(patched));
    const changed = applyMergePatch(target, { status: { gvk: { kind: 'StatefulSet' }, extra: {} } }) as {
      status: { gvk: object; names: unknown; extra: object };
    };
    assert.deepEqual(changed, {
      status: { gvk: { group: 'apps', kind: 'StatefulSet' }, names: ['a'], n: 1, extra: {} },
    });
    assert.equal(changed.status.names, target.status.names);
  });

  it('merges a patch naming few keys of a frozen target in place of them, new keys last, removed keys gone', () => {
    const target = deepFreeze({ a: 1, status: { x: 1, y: 'old', z: [1] }, b: 2 });
    const patched = applyMergePatch(target, { status: { y: 'new', w: { v: 1 } }, c: 3 }) as Record<string, unknown>;
    assert.equal(JSON.stringify(patched), '{"a":1,"status":{"x":1,"y":"new","z":[1],"w":{"v":1}},"b":2,"c":3}');
    const removed = applyMergePatch(target, { status: { y: null, gone: null } }) as Record<string, unknown>;
    assert.equal(JSON.stringify(removed), '{"a":1,"status":{"x":1,"z":[1]},"b":2}');
    const same = applyMergePatch(target, { status: { y: 'old', gone: null } }) as typeof target;
    assert.equal(same.status, target.status);
  });

  it('treats a patch key holding undefined as absent', () => {
    const target = { a: { b: 1 } };
    const patched = applyMergePatch(target, { a: undefined }) as typeof target;
    assert.deepEqual(patched, { a: { b: 1 } });
    assert.notEqual(patched.a, target.a);
  });
});

describe('deepEqual', () => {
  it('compares structurally, with undefined keys as absent', () => {
    assert.ok(deepEqual({ a: [1, { b: 2 }], c: undefined }, { a: [1, { b: 2 }] }));
    assert.ok(!deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }));
    assert.ok(!deepEqual({ a: 1 }, { a: 1, b: 2 }));
    assert.ok(!deepEqual({ a: 1, b: undefined }, { a: 1, c: 2 }));
    assert.ok(!deepEqual([1], { 0: 1 }));
    assert.ok(!deepEqual({ 0: 1 }, [1]));
  });
});

describe('getPath', () => {
  it('reads dotted paths, the same path many times', () => {
    const object = { spec: { replicas: 3 } };
    for (let i = 0; i < 3; i++) assert.equal(getPath(object, 'spec.replicas'), 3);
    assert.equal(getPath(object, '.spec.replicas'), 3);
    assert.equal(getPath(object, 'spec.missing.deeper'), undefined);
  });
});

describe('copyReusing', () => {
  it('is the stored object itself when the value restates it, keys in the same order', () => {
    const stored = deepFreeze({ replicas: 2, conditions: [{ type: 'Ready', status: 'True' }] });
    const restated = { replicas: 2, gone: undefined, conditions: [{ type: 'Ready', status: 'True' }] };
    assert.equal(copyReusing(restated, stored), stored);
  });

  it('copies what differs and shares the parts that are equal', () => {
    const stored = deepFreeze({ a: { x: 1 }, list: [{ n: 1 }, { n: 2 }], b: 'same' });
    const value = { a: { x: 1 }, list: [{ n: 1 }, { n: 3 }], b: 'same', c: [undefined, -0, Number.NaN] };
    const copy = copyReusing(value, stored) as typeof value;
    assert.deepEqual(copy, roundTrip(value));
    assert.equal(copy.a, stored.a);
    assert.equal(copy.list[0], stored.list[0]);
    assert.notEqual(copy.list, stored.list);
    assert.notEqual(copy.list[1], value.list[1]);
    assert.ok(!Object.isFrozen(copy));
  });

  it('copies an equal part whose keys come in another order, so it serializes as given', () => {
    const stored = deepFreeze({ spec: { a: 1, b: 2 } });
    const copy = copyReusing({ spec: { b: 2, a: 1 } }, stored);
    assert.notEqual(copy.spec, stored.spec);
    assert.equal(JSON.stringify(copy), '{"spec":{"b":2,"a":1}}');
  });

  it('copies a shorter or longer value, and values that are not plain objects, as a round trip would', () => {
    const stored = deepFreeze({ list: [1, 2], when: {}, keys: { a: 1, b: 2 } });
    const value = { list: [1], when: new Date(Date.UTC(2026, 0, 1)), keys: { a: 1 } };
    const copy = copyReusing(value, stored);
    assert.deepEqual(copy, roundTrip(value));
    assert.deepEqual(copyReusing({ list: [1, 2, 3] }, stored), { list: [1, 2, 3] });
  });
});
