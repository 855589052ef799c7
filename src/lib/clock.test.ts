import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTime } from './clock.js';

describe('formatTime', () => {
  it('matches the ISO form with the milliseconds dropped, across days, years and the epoch', () => {
    const samples = [
      0,
      999,
      1_000,
      -1,
      -86_400_001,
      Date.UTC(2026, 0, 1),
      Date.UTC(2026, 0, 1, 23, 59, 59, 999),
      Date.UTC(2024, 1, 29, 12, 0, 1),
      Date.UTC(1969, 11, 31, 23, 59, 59),
      Date.UTC(9999, 11, 31, 23, 59, 59),
      Date.UTC(12345, 5, 6, 7, 8, 9),
    ];
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2026, 0, 3); ms += 7_777) samples.push(ms);
    for (const ms of samples) {
      const second = Math.floor(ms / 1000) * 1000;
      assert.equal(formatTime(ms), new Date(second).toISOString().replace('.000Z', 'Z'), `for ${ms}`);
    }
  });
});
