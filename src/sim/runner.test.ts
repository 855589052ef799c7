import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadScenarioFile, parseScenarioText } from './load-scenario.js';
import { runScenario } from './runner.js';
import { eventsNamed, replicasOf, SCENARIO_DIR, simulate } from './test-kit.js';

const WALKTHROUGH = { duration: '10m', manifests: ['../seed'], actions: seedActions() };

function seedActions() {
  return [
    { at: '30s', scale: { deployment: 'on-prem', replicas: 3 } },
    { at: '3m', scale: { deployment: 'on-prem', replicas: 2 } },
  ];
}

test('seed walkthrough: on-prem 1 → 3 makes remote 0 → 1 within one polling interval, Ready after the cloud start-up; 3 → 2 brings it back to 0 after the cooldown', async () => {
  const report = await simulate(WALKTHROUGH);
  const remote = replicasOf(report, 'remote');
  assert.deepEqual(
    remote.map(([, replicas]) => replicas),
    [0, 1, 0],
  );
  const [, up, down] = remote;
  assert.ok(up !== undefined && down !== undefined);
  // pollingInterval 5 s: the first poll after the third primary pod appears sees 3 > activationValue 2.
  assert.ok(up[0] > 30 && up[0] <= 35, `activated at ${up[0]}`);

  const remotePod = report.pods.filter((p) => p.name.startsWith('remote-'));
  const placed = remotePod.find((p) => p.environment === 'cloud');
  const ready = remotePod.find((p) => p.ready);
  assert.equal(placed?.t, up[0]);
  // Cloud VMs start in tens of seconds (log-normal, median 45 s), not instantly.
  assert.ok(ready !== undefined && ready.t - up[0] > 10, `ready ${String(ready?.t)} after placed ${up[0]}`);

  // The scaled-away primary pod still counts while it terminates (30 s grace); then the
  // cooldown (5 s, strict) runs from the last active poll.
  const activeRuns = report.decisions.filter((d) => d.rule === 'active' && d.t < down[0]);
  const lastActive = Math.max(...activeRuns.map((d) => d.lastT));
  assert.ok(lastActive < down[0], `an active run goes on past ${down[0]}`);
  assert.ok(
    down[0] > lastActive + 5 && down[0] <= lastActive + 10,
    `deactivated at ${down[0]}, last active ${lastActive}`,
  );
  assert.deepEqual(eventsNamed(report, 'KEDAScaleTargetActivated'), [up[0]]);
  assert.deepEqual(eventsNamed(report, 'KEDAScaleTargetDeactivated'), [down[0]]);
  const activated = report.events.find((e) => e.reason === 'KEDAScaleTargetActivated');
  assert.equal(activated?.object, 'ScaledObject/default/my-web-app-scaledobject');
  assert.equal(
    activated?.message,
    'Scaled apps/v1.Deployment default/remote from 0 to 1, triggered by s0-workload-default',
  );
  const cloud = report.cost.find((c) => c.environment === 'cloud');
  assert.ok(cloud !== undefined && cloud.cost > 0 && cloud.podSeconds >= down[0] - up[0]);
  assert.deepEqual(report.actionErrors, []);
});

test('determinism: the same seed gives the identical JSON report; another seed changes start-up draws', async () => {
  const first = JSON.stringify(await simulate(WALKTHROUGH, { seed: 7 }));
  const second = JSON.stringify(await simulate(WALKTHROUGH, { seed: 7 }));
  assert.equal(first, second);
  const other = JSON.stringify(await simulate(WALKTHROUGH, { seed: 8 }));
  assert.notEqual(first, other);
});

test('the example scenario file runs as the issue describes', async () => {
  const loaded = await loadScenarioFile(join(SCENARIO_DIR, 'seed-walkthrough.yaml'));
  assert.ok(loaded.ok);
  if (!loaded.ok) return;
  const result = await runScenario(loaded.value.scenario, { baseDir: loaded.value.baseDir, seed: 1 });
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.deepEqual(
    replicasOf(result.value, 'remote').map(([, r]) => r),
    [0, 1, 0],
  );
});

test('scenario errors name the file, line, column and field', async () => {
  const text = [
    'duration: 10m',
    'manifests: [../seed, ../missing]',
    'actions:',
    '  - at: 30s',
    '    scale: {deployment: on-prem, replicas: -1}',
  ].join('\n');
  const parsed = parseScenarioText(text, join(SCENARIO_DIR, 'bad.yaml'));
  assert.ok(!parsed.ok);
  if (parsed.ok) return;
  assert.deepEqual(
    parsed.error.map((i) => [i.position.line, i.issue.path.join('.')]),
    [[5, 'actions.0.scale.replicas']],
  );

  const runnable = parseScenarioText(text.replace('-1', '1') + '\n  - at: 1m\n    failEnvironment: mars', 'bad.yaml');
  assert.ok(runnable.ok);
  if (!runnable.ok) return;
  const result = await runScenario(runnable.value.scenario, {
    baseDir: SCENARIO_DIR,
    seed: 1,
    location: runnable.value,
  });
  assert.ok(!result.ok);
  if (result.ok) return;
  assert.deepEqual(
    result.error.map((i) => [i.file, i.position.line, i.issue.path.join('.')]),
    [
      ['bad.yaml', 2, 'manifests.1'],
      ['bad.yaml', 7, 'actions.1.failEnvironment'],
    ],
  );
  assert.match(result.error[1]?.issue.message ?? '', /unknown environment "mars"/);
});
