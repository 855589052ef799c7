import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_ENVIRONMENTS, formatLocatedIssue, parseEnvironments } from './environments.js';

const GOOD = `environments:
  - name: on-prem
    region: dc-1
    residency: eu
    nodes: {count: 3, allocatable: {cpu: "4", memory: 16Gi, pods: "110"}}
    startup: {median: 2s, sigma: 0.3}
  - name: cloud
    runtimeClass: kata-remote
    nodes: {count: 1, allocatable: {cpu: "64", memory: 256Gi, kata.peerpods.io/vm: "10"}}
    startup: {median: 45s, sigma: 0.4}
    pricePerPodHour: 0.10
    networkLatency: 15ms
  - name: edge
    runtimeClass: {name: kata-edge, handler: kata-qemu, overhead: {cpu: 100m}}
    nodes: {count: 2, allocatable: {cpu: "2", memory: 4Gi}}
    startup: {fixed: 5s}
    spotInterruptionsPerHour: 0.5
`;

describe('parseEnvironments', () => {
  it('reads any number of environments, defaulting the primary and the peer-pods VM overhead', () => {
    const result = parseEnvironments(GOOD, 'envs.yaml');
    assert.ok(result.ok, JSON.stringify(result));
    const [onPrem, cloud, edge] = result.value;
    assert.equal(onPrem?.primary, true);
    assert.deepEqual(onPrem?.startup, { kind: 'logNormal', medianMs: 2_000, sigma: 0.3 });
    assert.equal(onPrem?.region, 'dc-1');
    assert.deepEqual(cloud?.runtimeClass, {
      name: 'kata-remote',
      handler: 'kata-remote',
      overhead: { 'kata.peerpods.io/vm': '1' },
    });
    assert.equal(cloud?.pricePerPodHour, 0.1);
    assert.equal(cloud?.networkLatencyMs, 15);
    assert.deepEqual(edge?.runtimeClass, { name: 'kata-edge', handler: 'kata-qemu', overhead: { cpu: '100m' } });
    assert.deepEqual(edge?.startup, { kind: 'fixed', ms: 5_000 });
    assert.equal(edge?.spotInterruptionsPerHour, 0.5);
  });

  it('reports every problem with file:line:column and the field path', () => {
    const text = `environments:
  - name: on-prem
    nodes: {count: 3, allocatable: {cpu: lots}}
    startup: {median: soon}
  - name: cloud
    nodes: {count: -1}
    startup: {fixed: 1s}
    colour: blue
`;
    const result = parseEnvironments(text, 'envs.yaml');
    assert.ok(!result.ok);
    assert.deepEqual(result.error.map(formatLocatedIssue), [
      'envs.yaml:3:42: environments[0].nodes.allocatable.cpu: expected a Kubernetes quantity such as 4, 500m or 16Gi',
      'envs.yaml:4:23: environments[0].startup.median: expected a duration like 30s, 10m, 1h30m or a number of seconds, got "soon"',
      'envs.yaml:8:13: environments[1].colour: unknown field "colour" (expected one of name, primary, region, residency, labels, runtimeClass, nodes, startup, pricePerPodHour, spotInterruptionsPerHour, networkLatency)',
      'envs.yaml:6:20: environments[1].nodes.count: expected a whole number of nodes, 0 or more',
      'envs.yaml:1:1: environments: exactly one environment must be primary (found 2: the one without runtimeClass, or marked primary: true)',
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const result = parseEnvironments('environments: [\n', 'bad.yaml');
    assert.ok(!result.ok);
    assert.match(formatLocatedIssue(result.error[0]!), /^bad\.yaml:\d+:\d+: YAML: /);
  });

  it('ships a default that models the seed: on-prem primary, cloud via kata-remote, spot via kata-remote-spot', () => {
    assert.deepEqual(
      DEFAULT_ENVIRONMENTS.map((e) => [e.name, e.primary, e.runtimeClass?.name]),
      [
        ['on-prem', true, undefined],
        ['cloud', false, 'kata-remote'],
        ['cloud-spot', false, 'kata-remote-spot'],
      ],
    );
  });
});
