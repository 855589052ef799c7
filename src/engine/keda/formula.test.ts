import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toMathjsSyntax } from '../../api/scaling-formula.js';
import { evaluateFormula } from './formula.js';

function value(formula: string, scope: Record<string, number | null> = {}): number | null {
  const r = evaluateFormula(formula, scope);
  if (!r.ok) assert.fail(r.error.message);
  return r.value;
}

function fails(formula: string, scope: Record<string, number | null> = {}): string {
  const r = evaluateFormula(formula, scope);
  assert.equal(r.ok, false, `${formula} should fail`);
  return r.ok ? '' : r.error.message;
}

test('arithmetic, ternaries, min/max and ?? over trigger values', () => {
  assert.equal(value('t1 + t2', { t1: 2, t2: 5 }), 7);
  assert.equal(value('t1 > 2 ? t1 : 0', { t1: 3 }), 3);
  assert.equal(value('max(t1, t2) / 2', { t1: 2, t2: 5 }), 2.5);
  assert.equal(value('min(t1, 1)', { t1: 2 }), 1);
  assert.equal(value('t1 ?? 4', { t1: null }), 4);
  assert.equal(value('t1', { t1: null }), null);
});

test('prototype property access is refused', () => {
  assert.match(fails('t1.constructor', { t1: 1 }), /constructor/);
  assert.match(fails('t1["constructor"]', { t1: 1 }), /constructor/);
  assert.ok(fails('"a".constructor.constructor("return 1")()').length > 0);
});

test('state-changing and parsing functions are disabled, assignments refused', () => {
  assert.match(fails('createUnit("foo")'), /not allowed/);
  assert.match(fails('import({})'), /not allowed/);
  assert.match(fails('evaluate("1")'), /not allowed/);
  assert.match(fails('a = 3'), /AssignmentNode/);
  assert.match(fails('f(x) = x'), /FunctionAssignmentNode/);
});

test('non-numbers and non-finite results are errors; unknown variables too', () => {
  assert.match(fails('t1 > 1', { t1: 2 }), /finite number/);
  assert.match(fails('1 / 0'), /finite number/);
  // The number-only mathjs build has no matrices at all: still an error, not a value.
  assert.match(fails('[1, 2]'), /finite number|matrix/);
  assert.match(fails('t1 + t3', { t1: 1 }), /t3/);
  assert.ok(fails('t1 +').length > 0);
});

test("expr-lang's &&, || and ! work as KEDA users write them; != and strings are left alone", () => {
  assert.equal(value('t1 > 1 && t2 < 5 ? 10 : 0', { t1: 2, t2: 3 }), 10);
  assert.equal(value('t1 > 1 && t2 < 5 ? 10 : 0', { t1: 2, t2: 6 }), 0);
  assert.equal(value('t1 > 5 || t2 > 5 ? 1 : 2', { t1: 2, t2: 6 }), 1);
  assert.equal(value('!(t1 > 1) ? 1 : 2', { t1: 2 }), 2);
  assert.equal(value('t1 != 2 ? 1 : 2', { t1: 2 }), 2);
  assert.equal(toMathjsSyntax('a&&b||!c != "x&&y"'), 'a and b or  not c != "x&&y"');
});

test('a formula is compiled once, and a changed formula is compiled anew', () => {
  assert.equal(value('t1 * 2', { t1: 2 }), 4);
  assert.equal(value('t1 * 2', { t1: 3 }), 6);
  assert.equal(value('t1 * 3', { t1: 3 }), 9);
});
