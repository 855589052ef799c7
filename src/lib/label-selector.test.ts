import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatSelector, matchesLabels, parseSelector, fromStructuredSelector } from './label-selector.js';
import type { LabelSelector } from './label-selector.js';

function parsed(text: string): LabelSelector {
  const result = parseSelector(text);
  if (!result.ok) assert.fail(`${text}: ${result.error.message}`);
  return result.value;
}

function matches(text: string, labels: Record<string, string>): boolean {
  return matchesLabels(parsed(text), labels);
}

test('the seed selector matches primary pods and not cloud pods', () => {
  const seed = 'app=my-web-app, environment notin (cloud)';
  assert.equal(matches(seed, { app: 'my-web-app' }), true);
  assert.equal(matches(seed, { app: 'my-web-app', environment: 'on-prem' }), true);
  assert.equal(matches(seed, { app: 'my-web-app', environment: 'cloud' }), false);
  assert.equal(matches(seed, { app: 'other' }), false);
});

test('notin and != match a pod without the key', () => {
  assert.equal(matches('env notin (a,b)', {}), true);
  assert.equal(matches('env!=a', {}), true);
  assert.equal(matches('env!=a', { env: 'a' }), false);
  assert.equal(matches('env!=a', { env: 'b' }), true);
});

test('=, == and in require the key', () => {
  assert.equal(matches('env=a', {}), false);
  assert.equal(matches('env==a', { env: 'a' }), true);
  assert.equal(matches('env in (a, b)', { env: 'b' }), true);
  assert.equal(matches('env in (a, b)', { env: 'c' }), false);
});

test('existence and non-existence', () => {
  assert.equal(matches('env', { env: '' }), true);
  assert.equal(matches('env', {}), false);
  assert.equal(matches('!env', {}), true);
  assert.equal(matches('! env', { env: 'x' }), false);
});

test('empty selector matches everything; whitespace is ignored', () => {
  assert.equal(matches('', {}), true);
  assert.equal(matches('   ', { a: 'b' }), true);
  assert.equal(matches(' a = b ,  c  in ( d , e ) ', { a: 'b', c: 'e' }), true);
});

test('prefixed keys and empty values', () => {
  assert.equal(matches('app.kubernetes.io/name=web', { 'app.kubernetes.io/name': 'web' }), true);
  assert.equal(matches('tier=', { tier: '' }), true);
  assert.equal(matches('tier in (a,)', { tier: '' }), true);
});

const errorCases: [string, number, RegExp][] = [
  ['app=', -1, /./], // valid: empty value
  ['app in cloud', 7, /opening parenthesis/],
  ['app in (a b)', 10, /comma or a closing parenthesis/],
  ['app in (a', 9, /found the end/],
  [',app', 0, /label key/],
  ['app=a b', 6, /comma or the end/],
  ['app notin', 9, /opening parenthesis/],
  ['-bad=x', 0, /invalid label key/],
  ['app=-x', 4, /invalid label value/],
  ['Foo_/x=y', 0, /prefix must be a DNS subdomain/],
  [`${'a'.repeat(64)}=x`, 0, /1-63 characters/],
  ['app==(x)', 5, /comma or the end/],
  ['app in ()', 8, /at least one value/],
  ['app notin ( )', 12, /at least one value/],
];

for (const [text, position, message] of errorCases) {
  test(`selector error: ${JSON.stringify(text)}`, () => {
    const result = parseSelector(text);
    if (position < 0) {
      assert.equal(result.ok, true);
      return;
    }
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.equal(result.error.position, position);
    assert.match(result.error.message, message);
  });
}

test('structured selectors convert to the same requirements', () => {
  const result = fromStructuredSelector({
    matchLabels: { app: 'web' },
    matchExpressions: [{ key: 'environment', operator: 'NotIn', values: ['cloud'] }],
  });
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.equal(formatSelector(result.value), 'app=web,environment!=cloud');
  assert.equal(fromStructuredSelector({ matchExpressions: [{ key: 'a', operator: 'Gt' }] }).ok, false);
});

// ---- properties -------------------------------------------------------------------------------

const labelName = fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,8}[a-z0-9])?$/);
const labels = fc.dictionary(fc.constantFrom('app', 'env', 'tier', 'zone'), labelName, { maxKeys: 4 });
const requirement = fc.oneof(
  fc.record({
    operator: fc.constantFrom('In' as const, 'NotIn' as const),
    key: fc.constantFrom('app', 'env', 'tier'),
    values: fc.uniqueArray(labelName, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const),
    key: fc.constantFrom('app', 'env', 'tier'),
  }),
);
const selector = fc.array(requirement, { maxLength: 4 }).map((requirements) => ({
  requirements: requirements.map((r) => ('values' in r ? { ...r, values: [...r.values].sort() } : r)),
}));

test('property: format then parse gives a selector that matches exactly the same labels', () => {
  fc.assert(
    fc.property(selector, labels, (s, l) => {
      const reparsed = parsed(formatSelector(s));
      assert.equal(matchesLabels(reparsed, l), matchesLabels(s, l));
    }),
  );
});

test('property: NotIn is the negation of In, DoesNotExist of Exists', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('app', 'env'),
      fc.uniqueArray(labelName, { minLength: 1, maxLength: 3 }),
      labels,
      (key, values, l) => {
        const inSel: LabelSelector = { requirements: [{ operator: 'In', key, values }] };
        const notInSel: LabelSelector = { requirements: [{ operator: 'NotIn', key, values }] };
        assert.notEqual(matchesLabels(inSel, l), matchesLabels(notInSel, l));
        const exists: LabelSelector = { requirements: [{ operator: 'Exists', key }] };
        const absent: LabelSelector = { requirements: [{ operator: 'DoesNotExist', key }] };
        assert.notEqual(matchesLabels(exists, l), matchesLabels(absent, l));
      },
    ),
  );
});

test('property: the parser never throws on arbitrary input', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40 }), (text) => {
      const result = parseSelector(text);
      if (!result.ok) assert.ok(result.error.position >= 0 && result.error.position <= text.length);
    }),
  );
});

test('property: a conjunction matches iff every requirement matches alone', () => {
  fc.assert(
    fc.property(selector, labels, (s, l) => {
      const each = s.requirements.every((r) => matchesLabels({ requirements: [r] }, l));
      assert.equal(matchesLabels(s, l), each);
    }),
  );
});
