import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseListenAddress } from './address.js';

describe('parseListenAddress', () => {
  const rows: [string, string, { host: string; port: number } | RegExp][] = [
    ['a bare port binds loopback', '8080', { host: '127.0.0.1', port: 8080 }],
    [':PORT binds loopback, not every interface', ':8080', { host: '127.0.0.1', port: 8080 }],
    ['host and port', '0.0.0.0:9090', { host: '0.0.0.0', port: 9090 }],
    ['IPv6 in brackets', '[::1]:0', { host: '::1', port: 0 }],
    ['port out of range', '70000', /out of range/],
    ['not an address', 'localhost', /not an address/],
  ];
  for (const [name, input, expected] of rows) {
    it(name, () => {
      const parsed = parseListenAddress(input);
      if (expected instanceof RegExp) {
        assert.equal(parsed.ok, false);
        if (!parsed.ok) assert.match(parsed.error, expected);
      } else assert.deepEqual(parsed, { ok: true, value: expected });
    });
  }
});
