import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaskLimiter } from './task-limiter.js';

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('TaskLimiter', () => {
  it('runs at most `limit` tasks at once, the rest in arrival order as slots free up', async () => {
    const limiter = new TaskLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const done = gates.map((gate, index) =>
      limiter.run(async () => {
        started.push(index);
        await gate.promise;
        return index;
      }),
    );
    await Promise.resolve();
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(limiter.load(), { running: 2, waiting: 2 });
    gates[1]?.resolve();
    await done[1];
    await Promise.resolve();
    assert.deepEqual(started, [0, 1, 2]);
    gates[0]?.resolve();
    gates[2]?.resolve();
    gates[3]?.resolve();
    assert.deepEqual(await Promise.all(done), [0, 1, 2, 3]);
    assert.deepEqual(limiter.load(), { running: 0, waiting: 0 });
  });

  it('a failing task frees its slot', async () => {
    const limiter = new TaskLimiter(1);
    await assert.rejects(
      limiter.run(() => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await limiter.run(() => Promise.resolve(7)), 7);
    assert.deepEqual(limiter.load(), { running: 0, waiting: 0 });
  });

  it('a task answered at once, or throwing at once, frees its slot too', async () => {
    const limiter = new TaskLimiter(1);
    assert.equal(await limiter.run(() => 3), 3);
    await assert.rejects(
      limiter.run(() => {
        throw new Error('sync boom');
      }),
      /sync boom/,
    );
    assert.equal(await limiter.run(() => Promise.resolve(4)), 4);
    assert.deepEqual(limiter.load(), { running: 0, waiting: 0 });
  });

  it('starts a task at once while a slot is free', () => {
    const limiter = new TaskLimiter(1);
    let started = false;
    void limiter.run(async () => {
      started = true;
    });
    assert.equal(started, true);
  });
});
