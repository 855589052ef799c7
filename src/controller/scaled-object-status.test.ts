import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Condition } from '../engine/keda/types.js';
import { INITIAL_CONDITIONS, mergeConditions } from './scaled-object-status.js';

const ACTIVE: Condition = { type: 'Active', status: 'True', reason: 'ScalerActive', message: 'Scaling is performed' };
const EXTRA = { type: 'Custom', status: 'True' } as unknown as Condition;

describe('mergeConditions', () => {
  it('replaces by type in place and appends new types last', () => {
    const merged = mergeConditions(INITIAL_CONDITIONS, [EXTRA, ACTIVE]);
    assert.deepEqual(
      merged.map((c) => [c.type, c.status]),
      [
        ['Ready', 'Unknown'],
        ['Active', 'True'],
        ['Fallback', 'Unknown'],
        ['Paused', 'False'],
        ['Custom', 'True'],
      ],
    );
  });

  it('returns the same list when every update is already there', () => {
    const current = mergeConditions(INITIAL_CONDITIONS, [ACTIVE]);
    assert.equal(mergeConditions(current, [{ ...ACTIVE }]), current);
  });

  it('restores KEDA order and drops duplicates from a status written elsewhere', () => {
    const stored: Condition[] = [ACTIVE, { type: 'Ready', status: 'True' }, { ...ACTIVE, status: 'False' }];
    assert.deepEqual(
      mergeConditions(stored, []).map((c) => [c.type, c.status]),
      [
        ['Ready', 'True'],
        ['Active', 'False'],
        ['Fallback', 'Unknown'],
        ['Paused', 'False'],
      ],
    );
  });
});
