import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import type { Event, Pod } from 'kubernetes-types/core/v1.js';
import { startApiServer } from '../../src/apiserver/node-server.js';
import type { RunningApiServer } from '../../src/apiserver/node-server.js';
import type { Cluster } from '../../src/cluster/cluster.js';
import { createCluster } from '../../src/cluster/cluster.js';
import { EVENTS, PODS } from '../../src/kube/resources.js';
import { SystemClock } from '../../src/lib/clock.js';
import { Random } from '../../src/lib/random.js';
import type { Kubectl } from './kubectl-harness.js';
import { createKubectl, parseTable } from './kubectl-harness.js';

const SEED = fileURLToPath(new URL('../../../examples/seed/', import.meta.url));

/** Real kubectl against the embedded API server over the embedded cluster, in real time. */
describe('kubectl against the embedded API server', () => {
  const clock = new SystemClock();
  let cluster: Cluster;
  let server: RunningApiServer;
  let kubectl: Kubectl;

  before(async () => {
    cluster = createCluster({ clock, random: new Random(11) });
    cluster.start();
    server = await startApiServer({ store: cluster.store, clock });
    kubectl = await createKubectl(server.url);
  });

  after(async () => {
    await kubectl.dispose();
    await server.close();
    cluster.stop();
  });

  const podsOfApp = () =>
    cluster.store.list<Pod>(PODS, { namespace: 'default', labelSelector: 'app=my-web-app' }).items;

  it('apply -f examples/seed/ creates the Service, both Deployments and the ScaledObject', async () => {
    const out = await kubectl.ok('apply', '-f', SEED);
    assert.deepEqual(out.trim().split('\n').sort(), [
      'deployment.apps/on-prem created',
      'deployment.apps/remote created',
      'scaledobject.keda.sh/my-web-app-scaledobject created',
      'service/my-service created',
    ]);
  });

  it('get crd shows the ScaledObject CRD', async () => {
    assert.match(await kubectl.ok('get', 'crd'), /^scaledobjects\.keda\.sh\s/m);
  });

  it('get deploy prints the Deployment columns', async () => {
    const rows = parseTable(await kubectl.ok('get', 'deploy'));
    assert.deepEqual(rows[0], ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      ['on-prem', 'remote'],
    );
    assert.match(rows.find((r) => r[0] === 'remote')?.[1] ?? '', /^\d+\/0$/);
  });

  it('get pods -l app=my-web-app lists the pods the cluster created', async () => {
    for (let i = 0; i < 100 && podsOfApp().length === 0; i++) await clock.sleep(50);
    const expected = podsOfApp()
      .map((p) => p.metadata?.name ?? '')
      .sort();
    assert.ok(expected.length > 0, 'the deployment controller created pods');
    const rows = parseTable(await kubectl.ok('get', 'pods', '-l', 'app=my-web-app'));
    assert.deepEqual(rows[0], ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    const shown = rows.slice(1).map((r) => r[0] ?? '');
    // Pods may come and go between the two reads; every current one must be printed.
    for (const name of podsOfApp().map((p) => p.metadata?.name ?? '')) assert.ok(shown.includes(name), name);
    for (const row of rows.slice(1)) assert.match(row[1] ?? '', /^\d+\/1$/);
  });

  it('get scaledobjects and get so print KEDA columns', async () => {
    for (const resource of ['scaledobjects', 'so']) {
      const out = await kubectl.ok('get', resource);
      const header = out.split('\n')[0]?.trim().split(/\s+/);
      assert.deepEqual(header, [
        'NAME',
        'SCALETARGETKIND',
        'SCALETARGETNAME',
        'MIN',
        'MAX',
        'READY',
        'ACTIVE',
        'FALLBACK',
        'PAUSED',
        'AGE',
      ]);
      assert.match(out, /^my-web-app-scaledobject\s.*\bremote\s+0\s+4\s/m);
    }
  });

  it('scale deployment/on-prem --replicas=3 writes through the scale subresource', async () => {
    assert.equal(
      (await kubectl.ok('scale', 'deployment/on-prem', '--replicas=3')).trim(),
      'deployment.apps/on-prem scaled',
    );
    assert.equal(await kubectl.ok('get', 'deploy', 'on-prem', '-o', 'jsonpath={.spec.replicas}'), '3');
  });

  it('scale with an unmet --current-replicas precondition is refused', async () => {
    const result = await kubectl.run('scale', 'deployment/on-prem', '--replicas=2', '--current-replicas=7');
    assert.notEqual(result.code, 0);
  });

  it('get events prints the event columns for what the cluster recorded', async () => {
    const events = cluster.store.list<Event>(EVENTS, { namespace: 'default' }).items;
    const result = await kubectl.run('get', 'events');
    assert.equal(result.code, 0, result.stderr);
    if (events.length === 0) {
      assert.match(result.stderr, /No resources found in default namespace/);
      return;
    }
    const rows = parseTable(result.stdout);
    assert.deepEqual(rows[0], ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
    const reasons = new Set(rows.slice(1).map((r) => r[2]));
    for (const event of events) assert.ok(reasons.has(event.reason ?? ''), event.reason);
  });

  it('apply again leaves unchanged objects alone and resets replicas through a strategic merge patch', async () => {
    const lines = (await kubectl.ok('apply', '-f', SEED)).trim().split('\n').sort();
    assert.deepEqual(lines, [
      'deployment.apps/on-prem configured',
      'deployment.apps/remote unchanged',
      'scaledobject.keda.sh/my-web-app-scaledobject unchanged',
      'service/my-service unchanged',
    ]);
    assert.equal(await kubectl.ok('get', 'deploy', 'on-prem', '-o', 'jsonpath={.spec.replicas}'), '1');
  });

  it("errors come back as kubectl prints a real server's", async () => {
    const missing = await kubectl.run('get', 'deploy', 'nope');
    assert.equal(missing.stderr.trim(), 'Error from server (NotFound): deployments.apps "nope" not found');
    const smp = await kubectl.run('patch', 'so', 'my-web-app-scaledobject', '--type=strategic', '-p', '{"spec":{}}');
    assert.match(smp.stderr, /application\/strategic-merge-patch\+json is not supported/);
  });

  it('delete -f removes everything the seed created', async () => {
    const lines = (await kubectl.ok('delete', '-f', SEED)).trim().split('\n').sort();
    assert.deepEqual(lines, [
      'deployment.apps "on-prem" deleted',
      'deployment.apps "remote" deleted',
      'scaledobject.keda.sh "my-web-app-scaledobject" deleted',
      'service "my-service" deleted',
    ]);
    const after = await kubectl.run('get', 'deploy,so,svc');
    assert.equal(after.stdout.trim(), '');
    assert.match(after.stderr, /No resources found in default namespace/);
  });
});
