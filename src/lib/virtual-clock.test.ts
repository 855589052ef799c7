import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { VirtualClock } from './virtual-clock.js';

test('timers fire in deadline order, ties in creation order, and time lands on each deadline', async () => {
  const clock = new VirtualClock(0);
  const fired: [string, number][] = [];
  clock.setTimer(20, () => fired.push(['b', clock.now()]));
  clock.setTimer(10, () => fired.push(['a', clock.now()]));
  clock.setTimer(20, () => fired.push(['c', clock.now()]));
  const cancel = clock.setTimer(15, () => fired.push(['cancelled', clock.now()]));
  cancel();
  await clock.runUntil(100);
  assert.deepEqual(fired, [
    ['a', 10],
    ['b', 20],
    ['c', 20],
  ]);
  assert.equal(clock.now(), 100);
  assert.equal(clock.nextDueMs(), undefined);
});

test('a timer set by a timer fires in the same run when due', async () => {
  const clock = new VirtualClock(0);
  const fired: number[] = [];
  clock.setTimer(5, () => clock.setTimer(5, () => fired.push(clock.now())));
  await clock.advance(10);
  assert.deepEqual(fired, [10]);
});

test('time never goes back', async () => {
  const clock = new VirtualClock(50);
  await assert.rejects(clock.runUntil(10), RangeError);
});

test('property: any set of timers, some cancelled, fires sorted by (deadline, creation)', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 40 }),
      async (specs) => {
        const clock = new VirtualClock(0);
        const fired: number[] = [];
        specs.forEach(([delay, cancelled], index) => {
          const cancel = clock.setTimer(delay, () => fired.push(index));
          if (cancelled) cancel();
        });
        await clock.runUntil(100);
        const expected = specs
          .map(([delay, cancelled], index) => ({ delay, cancelled, index }))
          .filter((t) => !t.cancelled)
          .sort((a, b) => a.delay - b.delay || a.index - b.index)
          .map((t) => t.index);
        assert.deepEqual(fired, expected);
      },
    ),
    { numRuns: 50 },
  );
});
