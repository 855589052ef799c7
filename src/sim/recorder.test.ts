import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectStore } from '../cluster/store.js';
import type { DecisionRecord } from '../controller/controller-context.js';
import { Random } from '../lib/random.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import { Recorder } from './recorder.js';

const START_MS = Date.UTC(2026, 0, 1);

function newRecorder(): Recorder {
  const store = new ObjectStore({ clock: new VirtualClock(START_MS), random: new Random(1) });
  return new Recorder(store, START_MS);
}

/** An idle KEDA poll of `default/web` at `seconds`, with the given fields changed. */
function poll(seconds: number, changes: Partial<Omit<DecisionRecord, 'atMs'>> = {}): DecisionRecord {
  return {
    atMs: START_MS + seconds * 1000,
    scaledObject: 'default/web',
    loop: 'keda',
    rule: 'no-change',
    target: 'apps/v1.Deployment default/web',
    fromReplicas: 0,
    toReplicas: 0,
    reasons: ['s0 = 1 (not active)', 'inactive at 0: no change'],
    ...changes,
  };
}

function record(recorder: Recorder, decisions: readonly DecisionRecord[]): void {
  for (const decision of decisions) recorder.recordDecision(decision);
}

/** `t`–`lastT` ×count per entry, in array order. */
function runs(recorder: Recorder): string[] {
  return recorder.decisions.map((d) => `${d.scaledObject} ${d.loop} ${d.t}-${d.lastT} ×${d.count}`);
}

describe('Recorder decision compaction', () => {
  it('a single decision is an entry of count 1 whose lastT is its t', () => {
    const recorder = newRecorder();
    recorder.recordDecision(poll(2.5));
    assert.deepEqual(recorder.decisions, [
      {
        t: 2.5,
        count: 1,
        lastT: 2.5,
        scaledObject: 'default/web',
        loop: 'keda',
        rule: 'no-change',
        target: 'apps/v1.Deployment default/web',
        fromReplicas: 0,
        toReplicas: 0,
        reasons: ['s0 = 1 (not active)', 'inactive at 0: no change'],
      },
    ]);
  });

  it('two identical decisions at one instant (a restarted controller) stay two entries', () => {
    const recorder = newRecorder();
    record(recorder, [poll(165), poll(170), poll(170), poll(175)]);
    assert.deepEqual(runs(recorder), ['default/web keda 165-170 ×2', 'default/web keda 170-175 ×2']);
  });

  it('identical consecutive decisions become one entry: first t, how many, last t', () => {
    const recorder = newRecorder();
    // Equal reasons in fresh arrays: compared element-wise, not by identity.
    record(
      recorder,
      [0, 5, 10, 15].map((t) => poll(t, { reasons: ['s0 = 1 (not active)', 'idle'] })),
    );
    assert.deepEqual(recorder.decisions, [
      {
        t: 0,
        count: 4,
        lastT: 15,
        scaledObject: 'default/web',
        loop: 'keda',
        rule: 'no-change',
        target: 'apps/v1.Deployment default/web',
        fromReplicas: 0,
        toReplicas: 0,
        reasons: ['s0 = 1 (not active)', 'idle'],
      },
    ]);
  });

  it('a decision that differs in one reason, the rule, the target or the replica count starts a new entry', () => {
    const variants: Partial<DecisionRecord>[] = [
      { reasons: ['s0 = 1 (not active)', 'inactive at 0: still no change'] },
      { reasons: ['s0 = 1 (not active)'] },
      { reasons: ['s0 = 1 (not active)', 'inactive at 0: no change', 'and more'] },
      { rule: 'paused' },
      { target: 'apps/v1.Deployment default/other' },
      { fromReplicas: 1, toReplicas: 1 },
    ];
    for (const variant of variants) {
      const recorder = newRecorder();
      // Each differs from the idle poll in that one respect only, both ways round.
      record(recorder, [poll(0), poll(5), poll(10, variant), poll(15, variant), poll(20), poll(25)]);
      const what = JSON.stringify(variant);
      assert.deepEqual(
        runs(recorder),
        ['default/web keda 0-5 ×2', 'default/web keda 10-15 ×2', 'default/web keda 20-25 ×2'],
        what,
      );
      assert.deepEqual(recorder.decisions[1], { ...recorder.decisions[0], ...variant, t: 10, lastT: 15 }, what);
    }
  });

  it('interleaved loops and ScaledObjects compact each on its own, entries ordered by their first t', () => {
    const recorder = newRecorder();
    for (const t of [0, 15, 30]) {
      record(recorder, [
        poll(t),
        poll(t, { loop: 'lifecycle' }),
        poll(t + 1, { scaledObject: 'default/api' }),
        poll(t + 5),
        poll(t + 10),
      ]);
    }
    assert.deepEqual(runs(recorder), [
      'default/web keda 0-40 ×9',
      'default/web lifecycle 0-30 ×3',
      'default/api keda 1-31 ×3',
    ]);
  });

  it('a decision of another loop or ScaledObject between two identical ones does not split them', () => {
    const recorder = newRecorder();
    record(recorder, [
      poll(0),
      poll(2, { scaledObject: 'default/api', fromReplicas: 1, toReplicas: 2 }),
      poll(3, { loop: 'hpa', fromReplicas: 3, toReplicas: 4 }),
      poll(5),
      poll(7, { scaledObject: 'default/api', rule: 'active' }),
      poll(10),
    ]);
    assert.deepEqual(runs(recorder), [
      'default/web keda 0-10 ×3',
      'default/api keda 2-2 ×1',
      'default/web hpa 3-3 ×1',
      'default/api keda 7-7 ×1',
    ]);
    const starts = recorder.decisions.map((d) => d.t);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => a - b),
    );
  });

  it('a decision that writes replicas is never merged, not even into an identical write', () => {
    const recorder = newRecorder();
    const write = { rule: 'activate', fromReplicas: 0, toReplicas: 1, reasons: ['activate: 0 → 1'] } as const;
    record(recorder, [
      poll(0),
      poll(5, write),
      poll(10, write),
      poll(15, { loop: 'hpa', ...write }),
      poll(30, { loop: 'hpa', ...write }),
      // 45 and 47 write nothing and follow a write that differs from them in one count only (to, then
      // from): a write's entry is never extended either.
      poll(45, { loop: 'hpa', ...write, toReplicas: 0 }),
      poll(46, { loop: 'hpa', ...write, fromReplicas: 1, toReplicas: 0 }),
      poll(47, { loop: 'hpa', ...write, fromReplicas: 0, toReplicas: 0 }),
      poll(50),
    ]);
    assert.deepEqual(runs(recorder), [
      'default/web keda 0-0 ×1',
      'default/web keda 5-5 ×1',
      'default/web keda 10-10 ×1',
      'default/web hpa 15-15 ×1',
      'default/web hpa 30-30 ×1',
      'default/web hpa 45-45 ×1',
      'default/web hpa 46-46 ×1',
      'default/web hpa 47-47 ×1',
      'default/web keda 50-50 ×1',
    ]);
  });
});
