import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatDuration, parseDuration } from './duration.js';

test('durations in every unit', () => {
  assert.deepEqual(parseDuration('30s'), { ok: true, value: 30_000 });
  assert.deepEqual(parseDuration('10m'), { ok: true, value: 600_000 });
  assert.deepEqual(parseDuration('1h30m'), { ok: true, value: 5_400_000 });
  assert.deepEqual(parseDuration('500ms'), { ok: true, value: 500 });
  assert.deepEqual(parseDuration('1.5h'), { ok: true, value: 5_400_000 });
  assert.deepEqual(parseDuration('2d'), { ok: true, value: 172_800_000 });
  assert.deepEqual(parseDuration('45'), { ok: true, value: 45_000 });
  assert.deepEqual(parseDuration(5), { ok: true, value: 5000 });
});

test('bad durations name what was expected', () => {
  for (const bad of ['', 'abc', '10x', '5m junk', '-3s']) {
    const result = parseDuration(bad);
    assert.equal(result.ok, false, bad);
    if (!result.ok) assert.match(result.error, /expected a duration/);
  }
  assert.equal(parseDuration(-1).ok, false);
});

test('property: format then parse is the identity on whole milliseconds', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 10 * 86_400_000 }), (ms) => {
      assert.deepEqual(parseDuration(formatDuration(ms)), { ok: true, value: ms });
    }),
  );
});
