import { test } from 'node:test';
import assert from 'node:assert/strict';
import { err, ok } from '../../lib/result.js';
import { DEFAULT_HPA_OPTIONS } from './behavior.js';
import { computeReplicasForMetrics, formatGoLabelSelector } from './combine.js';
import type { CombineInput } from './combine.js';
import type { MetricObservation } from './types.js';

const base: Omit<CombineInput, 'metrics'> = {
  specReplicas: 4,
  statusReplicas: 4,
  pods: [],
  tolerances: { scaleUp: 0.1, scaleDown: 0.1 },
  nowMs: 0,
  options: DEFAULT_HPA_OPTIONS,
  namespace: 'default',
};

const average = (name: string, usage: number, target = 1): MetricObservation => ({
  kind: 'external',
  name,
  selector: { 'scaledobject.keda.sh/name': 'web' },
  target: { type: 'AverageValue', value: target },
  measurement: ok(usage),
});
const failing = (name: string): MetricObservation => ({
  kind: 'external',
  name,
  selector: { 'scaledobject.keda.sh/name': 'web' },
  target: { type: 'AverageValue', value: 1 },
  measurement: err('connection refused'),
});

test('the maximum over successful metrics wins, and names its metric', () => {
  const { combined } = computeReplicasForMetrics({ ...base, metrics: [average('s0-a', 2), average('s1-b', 9)] });
  assert.ok(combined.ok);
  assert.equal(combined.replicas, 9);
  assert.equal(
    combined.metricDescription,
    'external metric s1-b(&LabelSelector{MatchLabels:map[string]string{scaledobject.keda.sh/name: web,},MatchExpressions:[]LabelSelectorRequirement{},})',
  );
});

test('all metrics failing: total failure with the first error reason and Kubernetes wording', () => {
  const result = computeReplicasForMetrics({ ...base, metrics: [failing('s0-a'), failing('s1-b')] });
  const selector = formatGoLabelSelector({ 'scaledobject.keda.sh/name': 'web' });
  assert.deepEqual(result.combined, {
    ok: false,
    reason: 'FailedGetExternalMetric',
    conditionMessage: `the HPA was unable to compute the replica count: unable to get external metric default/s0-a/${selector}: connection refused`,
    error: `invalid metrics (2 invalid out of 2), first error is: failed to get s0-a external metric value: failed to get s0-a external metric: unable to get external metric default/s0-a/${selector}: connection refused`,
  });
  assert.deepEqual(
    result.events.map((event) => event.reason),
    ['FailedGetExternalMetric', 'FailedGetExternalMetric'],
  );
});

test('partial failure whose maximum is below spec is a total failure: no scale-down on partial data', () => {
  const { combined } = computeReplicasForMetrics({ ...base, metrics: [failing('s0-a'), average('s1-b', 2)] });
  assert.equal(combined.ok, false);
});

test('partial failure whose maximum is at or above spec scales on the valid metrics', () => {
  const atSpec = computeReplicasForMetrics({ ...base, metrics: [failing('s0-a'), average('s1-b', 4)] }).combined;
  assert.ok(atSpec.ok);
  assert.equal(atSpec.replicas, 4);
  assert.match(atSpec.partialError ?? '', /^invalid metrics \(1 invalid out of 2\)/);
  const above = computeReplicasForMetrics({ ...base, metrics: [average('s1-b', 7), failing('s0-a')] }).combined;
  assert.ok(above.ok);
  assert.equal(above.replicas, 7);
});

test('a resource metric failure has reason FailedGetResourceMetric', () => {
  const metrics: MetricObservation[] = [
    { kind: 'resource', name: 'cpu', target: { type: 'Utilization', value: 50 }, error: 'metrics API unavailable' },
  ];
  const { combined, proposals } = computeReplicasForMetrics({ ...base, metrics });
  assert.ok(!combined.ok);
  assert.equal(combined.reason, 'FailedGetResourceMetric');
  assert.equal(
    combined.conditionMessage,
    'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: metrics API unavailable',
  );
  assert.deepEqual(proposals[0], {
    ok: false,
    name: 'cpu',
    kind: 'resource',
    reason: 'FailedGetResourceMetric',
    message: 'failed to get cpu utilization: unable to get metrics for resource cpu: metrics API unavailable',
  });
});

test('a Value metric without pods fails with the ready-pods error', () => {
  const metrics: MetricObservation[] = [
    { kind: 'external', name: 's0-a', target: { type: 'Value', value: 1 }, measurement: ok(10) },
  ];
  const { combined } = computeReplicasForMetrics({ ...base, metrics });
  assert.ok(!combined.ok);
  assert.match(combined.error, /failed to get external metric s0-a: unable to calculate ready pods/);
});

test('no selector prints as <nil>', () => {
  assert.equal(formatGoLabelSelector(undefined), '<nil>');
});
