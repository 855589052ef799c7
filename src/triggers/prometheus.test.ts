import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PrometheusConfig } from './prometheus.js';
import { parsePrometheus, prometheusTrigger } from './prometheus.js';
import { buildPrometheusRequest, goQueryEscape, parsePrometheusResponse } from './prometheus-request.js';
import { context, fakeSources, FIXED_NOW } from './test-support.js';

const BASE = { serverAddress: 'http://prom:9090', query: 'sum(rate(http_requests_total[1m]))', threshold: '10' };

function config(metadata: Record<string, string> = {}): PrometheusConfig {
  const parsed = parsePrometheus({ ...BASE, ...metadata }, context());
  assert.ok(parsed.ok, JSON.stringify(parsed));
  return parsed.value;
}

function issuesOf(metadata: Record<string, string>) {
  const parsed = parsePrometheus(metadata, context());
  assert.ok(!parsed.ok, 'expected issues');
  return parsed.error;
}

test('P1: an empty result is 0 with ignoreNullValues and an error without', () => {
  const body = '{"data":{"result":[]}}';
  assert.deepEqual(parsePrometheusResponse(200, body, true), { ok: true, value: 0 });
  assert.deepEqual(parsePrometheusResponse(200, body, false), {
    ok: false,
    error: "prometheus metrics 'prometheus' target may be lost, the result is empty",
  });
  assert.deepEqual(parsePrometheusResponse(200, '{}', true), { ok: true, value: 0 });
});

test('P2: a single series value "2" is 2', () => {
  assert.deepEqual(parsePrometheusResponse(200, '{"data":{"result":[{"value":["1","2"]}]}}', true), {
    ok: true,
    value: 2,
  });
});

test('P3: several series, a one-entry value and HTTP 400 are errors even with ignoreNullValues', () => {
  assert.deepEqual(parsePrometheusResponse(200, '{"data":{"result":[{},{}]}}', true), {
    ok: false,
    error: 'prometheus query returned multiple elements',
  });
  assert.deepEqual(parsePrometheusResponse(200, '{"data":{"result":[{"value":["1"]}]}}', true), {
    ok: false,
    error: "prometheus query didn't return enough values",
  });
  assert.deepEqual(parsePrometheusResponse(400, '{"data":{"result":[{"value":["1","2"]}]}}', true), {
    ok: false,
    error: 'prometheus query api returned error. status: 400',
  });
});

test('P4: +Inf, -Inf and NaN are 0 with ignoreNullValues and errors without', () => {
  for (const [text, shown] of [
    ['+Inf', '+Inf'],
    ['-Inf', '-Inf'],
    ['NaN', 'NaN'],
  ] as const) {
    const body = `{"data":{"result":[{"value":[1, "${text}"]}]}}`;
    assert.deepEqual(parsePrometheusResponse(200, body, true), { ok: true, value: 0 }, text);
    assert.deepEqual(parsePrometheusResponse(200, body, false), {
      ok: false,
      error: `prometheus query returns ${shown}`,
    });
  }
});

test('P5: malformed customHeaders, negative or non-numeric timeout, missing threshold or query are errors; timeout "1000" is 1000 ms', () => {
  assert.deepEqual(issuesOf({ ...BASE, customHeaders: 'key1=value1,key2' }), [
    {
      code: 'invalid_value',
      path: ['customHeaders'],
      message: 'expected key=value pairs separated by commas; element 2 (key "key2") has no "="',
      expected: 'key1=value1,key2=value2',
    },
  ]);
  assert.deepEqual(issuesOf({ ...BASE, timeout: '-1' }), [
    {
      code: 'invalid_value',
      path: ['timeout'],
      message: 'expected a duration that is not negative, received "-1"',
      expected: 'a duration that is not negative',
      received: '-1',
    },
  ]);
  assert.deepEqual(
    issuesOf({ ...BASE, timeout: 'a' }).map((i) => [i.path, i.message]),
    [[['timeout'], 'expected a duration such as "5s" or a number of milliseconds such as "3000", received "a"']],
  );
  assert.deepEqual(issuesOf({ serverAddress: 'http://prom:9090', query: 'up' }), [
    {
      code: 'required',
      path: ['threshold'],
      message: 'required: expected a number, the target value per replica',
      expected: 'a number, the target value per replica',
    },
  ]);
  assert.deepEqual(
    issuesOf({ serverAddress: 'http://prom:9090', threshold: '1' }).map((i) => i.path),
    [['query']],
  );
  assert.equal(config({ timeout: '1000' }).timeoutMs, 1000);
});

test('parse: defaults and every optional parameter', () => {
  const base = config();
  assert.equal(base.metricName, 's0-prometheus');
  assert.equal(base.targetValue, 10);
  assert.equal(base.activationThreshold, 0);
  assert.equal(base.ignoreNullValues, true);
  assert.equal(base.unsafeSsl, false);
  assert.equal(base.timeoutMs, 3000);
  assert.deepEqual(base.auth, { modes: [] });
  const full = config({
    activationThreshold: '2.5',
    namespace: 'team-a',
    customHeaders: 'X-Org=1, X-Env = prod',
    queryParameters: 'dedup=true',
    ignoreNullValues: 'false',
    unsafeSsl: 'true',
    timeout: '1.5s',
    metricName: 'ignored',
    awsRegion: 'eu-west-1',
  });
  assert.equal(full.metricName, 's0-prometheus');
  assert.equal(full.activationThreshold, 2.5);
  assert.equal(full.namespace, 'team-a');
  assert.deepEqual(full.customHeaders, { 'X-Org': '1', 'X-Env': 'prod' });
  assert.deepEqual(full.queryParameters, { dedup: 'true' });
  assert.equal(full.ignoreNullValues, false);
  assert.equal(full.unsafeSsl, true);
  assert.equal(full.timeoutMs, 1500);
  assert.equal(full.awsRegion, 'eu-west-1');
  assert.equal(config({ timeout: '0' }).timeoutMs, 3000);
});

test('parse: bad numbers and booleans name the key, the value and what was expected', () => {
  assert.deepEqual(
    issuesOf({ ...BASE, threshold: '1,5', ignoreNullValues: 'yes' }).map((i) => [i.path, i.message]),
    [
      [['threshold'], 'expected a number such as "10" or "2.5", received "1,5"'],
      [['ignoreNullValues'], 'expected a boolean ("true" or "false"), received "yes"'],
    ],
  );
});

test('auth: bearer, basic, custom and tls need their parameters; secrets never appear in issues', () => {
  assert.deepEqual(issuesOf({ ...BASE, authModes: 'bearer' }), [
    {
      code: 'required',
      path: ['bearerToken'],
      message: 'required with authModes bearer',
      expected: 'a value for bearerToken',
    },
  ]);
  assert.deepEqual(
    issuesOf({ ...BASE, authModes: 'tls,custom', customAuthValue: 's3cret' }).map((i) => i.path),
    [['customAuthHeader'], ['cert'], ['key']],
  );
  const both = issuesOf({ ...BASE, authModes: 'bearer,basic', bearerToken: 's3cret', username: 'u', password: 'pw' });
  assert.deepEqual(
    both.map((i) => [i.path, i.message]),
    [[['authModes'], 'expected at most one of bearer, basic and oauth, received "bearer,basic"']],
  );
  const unknown = issuesOf({ ...BASE, authMode: 'kerberos' });
  assert.deepEqual(
    unknown.map((i) => i.path),
    [['authMode']],
  );
  for (const issue of [...both, ...unknown]) assert.ok(!JSON.stringify(issue).includes('s3cret'));
  assert.ok(parsePrometheus({ ...BASE, authModes: 'oauth' }, context()).ok);
});

test('request: URL with escaped query, RFC 3339 UTC time, namespace and sorted parameters', () => {
  const cfg = config({ namespace: 'team-a', queryParameters: 'b=2 2,a=1' });
  assert.deepEqual(buildPrometheusRequest(cfg, FIXED_NOW + 123), {
    url:
      'http://prom:9090/api/v1/query?query=sum%28rate%28http_requests_total%5B1m%5D%29%29' +
      '&time=2024-03-30T12:00:00Z&namespace=team-a&a=1&b=2+2',
    headers: {},
  });
  assert.equal(goQueryEscape("a b!'*~"), 'a+b%21%27%2A~');
});

test('request: custom headers, then the auth header (bearer, basic or custom)', () => {
  const bearer = config({ customHeaders: 'X-Org=1', authModes: 'bearer', bearerToken: 'tok' });
  assert.deepEqual(buildPrometheusRequest(bearer, FIXED_NOW).headers, { 'X-Org': '1', Authorization: 'Bearer tok' });
  const basic = config({ authModes: 'basic', username: 'user', password: 'pass' });
  assert.deepEqual(buildPrometheusRequest(basic, FIXED_NOW).headers, { Authorization: 'Basic dXNlcjpwYXNz' });
  const custom = config({ authModes: 'custom', customAuthHeader: 'X-Key', customAuthValue: 'v' });
  assert.deepEqual(buildPrometheusRequest(custom, FIXED_NOW).headers, { 'X-Key': 'v' });
});

test('response: a scalar result is an error; a null sample is −1; status and resultType are not checked', () => {
  const scalar = parsePrometheusResponse(200, '{"data":{"resultType":"scalar","result":[1,"2"]}}', true);
  assert.equal(scalar.ok, false);
  assert.deepEqual(parsePrometheusResponse(200, '{"data":{"result":[{"value":[1,null]}]}}', true), {
    ok: true,
    value: -1,
  });
  const body = '{"status":"error","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"value":[1,"3.5"]}]}}';
  assert.deepEqual(parsePrometheusResponse(200, body, true), { ok: true, value: 3.5 });
  assert.deepEqual(parsePrometheusResponse(200, '{"data":{"result":[{"value":[]}]}}', true), { ok: true, value: 0 });
  assert.equal(parsePrometheusResponse(200, '{"data":{"result":[{"value":[]}]}}', false).ok, false);
  assert.equal(parsePrometheusResponse(200, 'not json', true).ok, false);
  assert.equal(parsePrometheusResponse(200, '{"data":{"result":[{"value":[1,"abc"]}]}}', true).ok, false);
});

test('measure: value and strict activation; a null sample is exported as 0 and inactive', async () => {
  const cfg = config({ activationThreshold: '2' });
  const reply = (v: string) => ({ status: 200, body: `{"data":{"result":[{"value":[1,${v}]}]}}` });
  assert.deepEqual(await prometheusTrigger.measure(cfg, fakeSources({ responses: [reply('"2"')] })), {
    ok: true,
    value: { value: 2, isActive: false },
  });
  assert.deepEqual(await prometheusTrigger.measure(cfg, fakeSources({ responses: [reply('"2.0001"')] })), {
    ok: true,
    value: { value: 2, isActive: true },
  });
  assert.deepEqual(await prometheusTrigger.measure(cfg, fakeSources({ responses: [reply('null')] })), {
    ok: true,
    value: { value: 0, isActive: false },
  });
});

test('measure: retries once, as KEDA does, and passes timeout and TLS settings to fetch', async () => {
  const cfg = config({ timeout: '250', unsafeSsl: 'true' });
  const recovering = fakeSources({
    responses: [new Error('connection refused'), { status: 200, body: '{"data":{"result":[{"value":[1,"7"]}]}}' }],
  });
  assert.deepEqual(await prometheusTrigger.measure(cfg, recovering), { ok: true, value: { value: 7, isActive: true } });
  assert.equal(recovering.calls.length, 2);
  assert.deepEqual(recovering.calls[0]?.init, { headers: {}, timeoutMs: 250, insecureSkipVerify: true });
  const failing = fakeSources({ responses: [{ status: 503, body: '' }] });
  assert.deepEqual(await prometheusTrigger.measure(cfg, failing), {
    ok: false,
    error: { metricName: 's0-prometheus', message: 'prometheus query api returned error. status: 503' },
  });
  assert.equal(failing.calls.length, 2);
});

test('property: parse never throws on arbitrary string maps', () => {
  const keys = fc.constantFrom(
    'serverAddress',
    'query',
    'threshold',
    'activationThreshold',
    'customHeaders',
    'queryParameters',
    'timeout',
    'ignoreNullValues',
    'authModes',
    'bearerToken',
  );
  fc.assert(
    fc.property(fc.dictionary(keys, fc.string()), (metadata) => {
      parsePrometheus(metadata, context());
    }),
  );
});

test('property: response parsing never throws', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.string(), fc.json()),
      fc.integer({ min: 100, max: 599 }),
      fc.boolean(),
      (body, status, ignore) => {
        parsePrometheusResponse(status, body, ignore);
      },
    ),
  );
});
