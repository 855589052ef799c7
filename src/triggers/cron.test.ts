import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CronConfig } from './cron.js';
import { cronTrigger, encodeCronForName, isCronActive, parseCron } from './cron.js';
import { context, fakeSources } from './test-support.js';

function config(metadata: Record<string, string>, index = 0): CronConfig {
  const parsed = parseCron(metadata, context({ triggerIndex: index }));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.value;
}

const at = (iso: string) => Date.parse(iso);

test('window within a day (UTC): active from start until end', () => {
  const cfg = config({ start: '0 6 * * *', end: '0 20 * * *', timezone: 'UTC', desiredReplicas: '10' });
  assert.equal(isCronActive(cfg, at('2024-03-30T05:59:59Z')), false);
  assert.equal(isCronActive(cfg, at('2024-03-30T06:00:00Z')), true);
  assert.equal(isCronActive(cfg, at('2024-03-30T19:59:59Z')), true);
  assert.equal(isCronActive(cfg, at('2024-03-30T20:00:00Z')), false);
});

test('window across midnight: 22:00 to 06:00 is active at 23:00 and 03:00, not at 12:00', () => {
  const cfg = config({ start: '0 22 * * *', end: '0 6 * * *', timezone: 'UTC', desiredReplicas: '3' });
  assert.equal(isCronActive(cfg, at('2024-03-30T23:00:00Z')), true);
  assert.equal(isCronActive(cfg, at('2024-03-31T03:00:00Z')), true);
  assert.equal(isCronActive(cfg, at('2024-03-31T12:00:00Z')), false);
});

test('non-UTC time zone: 06:00-20:00 in Asia/Kolkata (UTC+05:30)', () => {
  const cfg = config({ start: '0 6 * * *', end: '0 20 * * *', timezone: 'Asia/Kolkata', desiredReplicas: '10' });
  assert.equal(isCronActive(cfg, at('2024-03-30T00:29:00Z')), false); // 05:59 IST
  assert.equal(isCronActive(cfg, at('2024-03-30T00:31:00Z')), true); // 06:01 IST
  assert.equal(isCronActive(cfg, at('2024-03-30T14:29:00Z')), true); // 19:59 IST
  assert.equal(isCronActive(cfg, at('2024-03-30T14:31:00Z')), false); // 20:01 IST
});

test("measure: desiredReplicas inside the window, KEDA's 1 outside it", async () => {
  const cfg = config({ start: '0 6 * * *', end: '0 20 * * *', timezone: 'UTC', desiredReplicas: '10' });
  assert.deepEqual(await cronTrigger.measure(cfg, fakeSources({ now: at('2024-03-30T12:00:00Z') })), {
    ok: true,
    value: { value: 10, isActive: true },
  });
  assert.deepEqual(await cronTrigger.measure(cfg, fakeSources({ now: at('2024-03-30T21:00:00Z') })), {
    ok: true,
    value: { value: 1, isActive: false },
  });
});

test("metric name and target: s{i}-cron-{tz}-{start}-{end} with KEDA's encoding, AverageValue 1", () => {
  const cfg = config({ start: '*/5 6 ? * 1-5', end: '0 20 * * *', timezone: 'Europe/Berlin', desiredReplicas: '2' }, 3);
  assert.equal(cfg.metricName, 's3-cron-Europe-Berlin-xSl56Qmx1-5-020xxx');
  assert.equal(cfg.targetType, 'AverageValue');
  assert.equal(cfg.targetValue, 1);
  assert.equal(encodeCronForName('0 9,17 * * *'), '09,17xxx');
});

test('parse: missing parameters are each reported', () => {
  const parsed = parseCron({}, context());
  assert.ok(!parsed.ok);
  assert.deepEqual(
    parsed.error.map((i) => [i.code, i.path]),
    [
      ['required', ['start']],
      ['required', ['end']],
      ['required', ['timezone']],
      ['required', ['desiredReplicas']],
    ],
  );
});

test('parse: start == end, bad cron, bad time zone and desiredReplicas 0 are issues', () => {
  const same = parseCron({ start: '0 6 * * *', end: '0 6 * * *', timezone: 'UTC', desiredReplicas: '1' }, context());
  assert.deepEqual(same, {
    ok: false,
    error: [
      {
        code: 'invalid_value',
        path: ['end'],
        message: 'expected a schedule different from start, received the same "0 6 * * *"',
        expected: 'a schedule different from start',
        received: '0 6 * * *',
      },
    ],
  });
  const bad = parseCron(
    { start: '0 6 * *', end: '0 25 * * *', timezone: 'Mars/Olympus', desiredReplicas: '0' },
    context(),
  );
  assert.ok(!bad.ok);
  assert.deepEqual(
    bad.error.map((i) => [i.path, i.message]),
    [
      [
        ['start'],
        'expected a 5-field cron schedule such as "0 6 * * *", received "0 6 * *": expected exactly 5 fields (minute hour day-of-month month day-of-week), found 4',
      ],
      [
        ['end'],
        'expected a 5-field cron schedule such as "0 6 * * *", received "0 25 * * *": hour field "25": 25 is outside 0-23',
      ],
      [['timezone'], 'expected an IANA time zone name such as "Europe/Berlin", received "Mars/Olympus"'],
      [['desiredReplicas'], 'expected a non-zero integer, received "0"'],
    ],
  );
});

test('parse: robfig grammar only (no seconds, L, #, weekday 7); names and ? are fine', () => {
  const base = { end: '0 20 * * *', timezone: 'UTC', desiredReplicas: '1' };
  for (const start of ['0 0 6 * * *', '0 6 L * *', '0 6 * * 1#2', '0 6 * * 7', '*/0 6 * * *', '0 6 * * 5-1']) {
    assert.equal(parseCron({ ...base, start }, context()).ok, false, start);
  }
  for (const start of ['0 6 * JAN-MAR mon-fri', '0 6 ? * *', '0,30 6-8/2 1 * *']) {
    assert.equal(parseCron({ ...base, start }, context()).ok, true, start);
  }
  assert.equal(parseCron({ ...base, start: '0 6 * * *', timezone: 'europe/berlin' }, context()).ok, false);
  assert.equal(parseCron({ ...base, start: '0 6 * * *', timezone: '+01:00' }, context()).ok, false);
  assert.equal(parseCron({ ...base, start: '0 6 * * *', desiredReplicas: '1.5' }, context()).ok, false);
});

test('day of month and day of week both restricted: either matches (robfig OR)', () => {
  const cfg = config({ start: '0 0 1 * 1', end: '0 1 1 * 1', timezone: 'UTC', desiredReplicas: '1' });
  // 2024-05-01 is a Wednesday: it matches by day of month only.
  assert.equal(isCronActive(cfg, at('2024-05-01T00:30:00Z')), true);
  assert.equal(isCronActive(cfg, at('2024-05-02T00:30:00Z')), false);
  assert.equal(isCronActive(cfg, at('2024-05-06T00:30:00Z')), true);
});

test('property: parse never throws on arbitrary string maps', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom('start', 'end', 'timezone', 'desiredReplicas'), fc.string()),
      (metadata) => {
        parseCron(metadata, context());
      },
    ),
  );
});
