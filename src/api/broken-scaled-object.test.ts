import assert from 'node:assert/strict';
import { it } from 'node:test';
import { parseScaledObject } from './parse-scaled-object.js';

// One object, many mistakes: every one is reported at once, each with its path, value and expectation.
it('reports every issue of a broken ScaledObject together', () => {
  const result = parseScaledObject({
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'Broken_Name', annotations: { 'autoscaling.keda.sh/paused-replicas': 'two' } },
    spec: {
      scaleTargetRef: {},
      pollingInterval: '30',
      maxReplicaCount: 0,
      idleReplicaCount: 0,
      advanced: { scalingModifiers: { formula: 'a + b', target: '1' } },
      triggers: [
        { type: 'kubernetes-workload', name: 'a', metadata: { podSelector: 'app=web', value: '3' } },
        { type: 'kafka', name: 'a', metadata: {} },
      ],
    },
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(
    result.error.map((issue) => ({ path: issue.path, message: issue.message, received: issue.received })),
    [
      {
        path: ['metadata', 'name'],
        message: 'expected a DNS subdomain name (lowercase alphanumerics, "-" and "."), received "Broken_Name"',
        received: '"Broken_Name"',
      },
      {
        path: ['metadata', 'annotations', 'autoscaling.keda.sh/paused-replicas'],
        message: 'expected an integer ≥ 0 as a string, e.g. "0", received "two"',
        received: '"two"',
      },
      {
        path: ['spec', 'scaleTargetRef', 'name'],
        message: 'required: expected a string',
        received: 'nothing',
      },
      {
        path: ['spec', 'pollingInterval'],
        message: 'expected an integer, received the string "30" (write the number without quotes)',
        received: '"30"',
      },
      {
        path: ['spec', 'maxReplicaCount'],
        message: 'expected an integer ≥ 1, received 0',
        received: '0',
      },
      {
        path: ['spec', 'triggers', 1, 'name'],
        message: 'duplicate trigger name "a" (also used by spec.triggers[0])',
        received: '"a"',
      },
      {
        path: ['spec', 'idleReplicaCount'],
        message:
          'idleReplicaCount (0) must be less than minReplicaCount; KEDA compares it with 0 when minReplicaCount is not set',
        received: '0',
      },
      {
        path: ['spec', 'triggers', 1, 'type'],
        message: 'unknown trigger type "kafka"; supported types: cpu, cron, kubernetes-workload, memory, prometheus',
        received: '"kafka"',
      },
    ],
  );
});
