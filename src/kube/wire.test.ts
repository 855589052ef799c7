import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toWire } from './wire.js';

class V1MicroTime extends Date {}

describe('toWire', () => {
  it('renders model Dates in the wire form and drops undefined fields', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    const object = {
      metadata: { name: 'p', creationTimestamp: new Date(at), labels: undefined },
      spec: { renewTime: new V1MicroTime(at + 123), items: [new Date(at + 7)] },
    };
    assert.deepEqual(toWire(object), {
      metadata: { name: 'p', creationTimestamp: '2026-01-02T03:04:05Z' },
      spec: { renewTime: '2026-01-02T03:04:05.123000Z', items: ['2026-01-02T03:04:05.007Z'] },
    });
  });

  it('takes a frozen object (deep-frozen JSON from the in-memory client) as it is', () => {
    const object = Object.freeze({ metadata: Object.freeze({ name: 'p' }) });
    assert.equal(toWire(object), object);
  });
});
