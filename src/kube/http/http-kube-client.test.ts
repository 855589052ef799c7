import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiException } from '@kubernetes/client-node';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { Cancel, Clock } from '../../lib/clock.js';
import { SystemClock } from '../../lib/clock.js';
import { Random } from '../../lib/random.js';
import type { KubeObject, WatchEvent } from '../client.js';
import { KubeError } from '../errors.js';
import { runKubeClientContract } from '../kube-client.suite.js';
import { CONFIG_MAPS, DEPLOYMENTS } from '../resources.js';
import { toKubeError } from './errors.js';
import { HttpKubeClient } from './http-kube-client.js';
import { kubeConfigForServer, loadKubeConfig } from './kubeconfig.js';
import { TestApiServer } from './test-api-server.js';

const TOKEN = 'secret-token-do-not-log';

/** Time stands still; sleeps return at once but are recorded, so retry delays can be asserted exactly. */
class RecordingClock implements Clock {
  readonly sleeps: number[] = [];
  now(): number {
    return Date.UTC(2026, 0, 1);
  }
  setTimer(_delayMs: number, _callback: () => void): Cancel {
    return () => {};
  }
  async sleep(delayMs: number): Promise<void> {
    this.sleeps.push(delayMs);
  }
}

function clientFor(server: TestApiServer, clock: Clock = new RecordingClock()): HttpKubeClient {
  return new HttpKubeClient(kubeConfigForServer(server.url, { token: TOKEN }), { clock, random: new Random(5) });
}

runKubeClientContract('http (test API server)', async () => {
  const server = await TestApiServer.start();
  return {
    client: clientFor(server, new SystemClock()),
    close: () => server.close(),
    expire: () => server.fake.expireWatches(),
  };
});

describe('HttpKubeClient', () => {
  let server: TestApiServer;
  before(async () => {
    server = await TestApiServer.start();
  });
  after(async () => {
    await server.close();
  });

  it('sends merge patches as application/merge-patch+json, with the token', async () => {
    const client = clientFor(server);
    await client.create(CONFIG_MAPS, { metadata: { namespace: 'ns', name: 'mp' } });
    await client.create(DEPLOYMENTS, { metadata: { namespace: 'ns', name: 'web' }, spec: { replicas: 1 } });
    server.requests.length = 0;
    await client.mergePatch(CONFIG_MAPS, { namespace: 'ns', name: 'mp' }, { data: { a: '1' } });
    await client.writeScale(DEPLOYMENTS, { namespace: 'ns', name: 'web' }, 4);
    assert.deepEqual(
      server.requests.map((r) => [r.method, r.url, r.contentType, r.hasAuthorization]),
      [
        ['PATCH', '/api/v1/namespaces/ns/configmaps/mp', 'application/merge-patch+json', true],
        ['PATCH', '/apis/apps/v1/namespaces/ns/deployments/web/scale', 'application/merge-patch+json', true],
      ],
    );
  });

  it('fills in apiVersion and kind on list items, which servers leave out', async () => {
    const client = clientFor(server);
    await client.create(CONFIG_MAPS, { metadata: { namespace: 'kinds', name: 'k' } });
    const list = await client.list<ConfigMap>(CONFIG_MAPS, { namespace: 'kinds' });
    assert.deepEqual(
      list.items.map((i) => [i.apiVersion, i.kind]),
      [['v1', 'ConfigMap']],
    );
  });

  it("retries 429 after the server's Retry-After and 5xx with jittered backoff", async () => {
    const clock = new RecordingClock();
    const client = clientFor(server, clock);
    server.failNext(
      { status: 429, reason: 'TooManyRequests', retryAfter: '3' },
      { status: 500 },
      { status: 503, reason: 'ServiceUnavailable' },
    );
    const list = await client.list(CONFIG_MAPS, { namespace: 'none' });
    assert.equal(list.items.length, 0);
    assert.equal(clock.sleeps[0], 3000);
    assert.ok((clock.sleeps[1] ?? -1) >= 0 && (clock.sleeps[1] ?? 0) < 400);
    assert.ok((clock.sleeps[2] ?? -1) >= 0 && (clock.sleeps[2] ?? 0) < 800);
    assert.equal(clock.sleeps.length, 3);
  });

  it('gives up after the attempts with the Status as a KubeError; 4xx fail at once', async () => {
    const clock = new RecordingClock();
    const client = clientFor(server, clock);
    server.failNext(...Array.from({ length: 5 }, () => ({ status: 500 })));
    await assert.rejects(client.get(CONFIG_MAPS, { namespace: 'ns', name: 'x' }), (e: unknown) => {
      assert.ok(e instanceof KubeError);
      assert.deepEqual([e.status, e.reason, e.message], [500, 'InternalError', 'injected 500 InternalError']);
      return true;
    });
    assert.equal(clock.sleeps.length, 4);
    const before = server.requests.length;
    server.failNext({ status: 422, reason: 'Invalid' });
    await assert.rejects(client.get(CONFIG_MAPS, { namespace: 'ns', name: 'x' }), (e: unknown) => {
      return e instanceof KubeError && e.status === 422 && e.reason === 'Invalid';
    });
    assert.equal(server.requests.length, before + 1);
  });

  it('maps a refused connection to status 0 and never puts the token in the error', async () => {
    const dead = await TestApiServer.start();
    const url = dead.url;
    await dead.close();
    const clock = new RecordingClock();
    const client = new HttpKubeClient(kubeConfigForServer(url, { token: TOKEN }), { clock, random: new Random(1) });
    await assert.rejects(client.list(CONFIG_MAPS), (e: unknown) => {
      assert.ok(e instanceof KubeError);
      assert.equal(e.status, 0);
      assert.equal(e.reason, 'ConnectionError');
      assert.ok(!JSON.stringify({ message: e.message, details: e.details }).includes(TOKEN));
      return true;
    });
    assert.equal(clock.sleeps.length, 4);
  });

  it('streams watch events and reports a clean end, an ERROR 410 event and an HTTP 410', async () => {
    const client = clientFor(server);
    const { resourceVersion } = await client.list(CONFIG_MAPS, { namespace: 'w' });
    const events: WatchEvent<KubeObject>[] = [];
    const closed = new Promise<KubeError | undefined>((resolve) => {
      client.watch(CONFIG_MAPS, { namespace: 'w', resourceVersion }, (e) => events.push(e), resolve);
    });
    await waitFor(() => server.fake.openWatches() > 0);
    await client.create(CONFIG_MAPS, { metadata: { namespace: 'w', name: 'one' } });
    await waitFor(() => events.length === 1);
    server.fake.closeWatches();
    assert.equal(await closed, undefined);
    assert.deepEqual(
      events.map((e) => [e.type, e.object.metadata?.name, e.object.kind]),
      [['ADDED', 'one', 'ConfigMap']],
    );

    const gone = new Promise<KubeError | undefined>((resolve) => {
      client.watch(CONFIG_MAPS, { namespace: 'w', resourceVersion }, () => {}, resolve);
    });
    await waitFor(() => server.fake.openWatches() > 0);
    server.fake.expireWatches();
    const expired = await gone;
    assert.deepEqual([expired?.status, expired?.reason], [410, 'Expired']);

    server.failNext({ status: 410, reason: 'Gone', when: (method) => method === 'GET' });
    const httpGone = await new Promise<KubeError | undefined>((resolve) => {
      client.watch(CONFIG_MAPS, { namespace: 'w', resourceVersion }, () => {}, resolve);
    });
    assert.equal(httpGone?.status, 410);
  });

  it('stop() ends a watch without calling onClose', async () => {
    const client = clientFor(server);
    let closes = 0;
    const handle = client.watch(
      CONFIG_MAPS,
      { namespace: 's', resourceVersion: '' },
      () => {},
      () => closes++,
    );
    await waitFor(() => server.fake.openWatches() > 0);
    handle.stop();
    await waitFor(() => server.fake.openWatches() === 0);
    await new SystemClock().sleep(20);
    assert.equal(closes, 0);
  });
});

describe('loadKubeConfig', () => {
  it('loads a file and context, allowing plain http', async () => {
    const server = await TestApiServer.start();
    try {
      const dir = await mkdtemp(join(tmpdir(), 'spillway-kc-'));
      const file = join(dir, 'config');
      await writeFile(
        file,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters:',
          '- name: a',
          '  cluster: { server: "https://127.0.0.1:1" }',
          '- name: b',
          `  cluster: { server: "${server.url}" }`,
          'users:',
          '- name: u',
          `  user: { token: "${TOKEN}" }`,
          'contexts:',
          '- name: a',
          '  context: { cluster: a, user: u }',
          '- name: b',
          '  context: { cluster: b, user: u, namespace: team }',
          'current-context: a',
          '',
        ].join('\n'),
      );
      const kc = loadKubeConfig({ kubeconfig: file, context: 'b' });
      assert.equal(kc.getCurrentCluster()?.skipTLSVerify, true);
      const client = new HttpKubeClient(kc, { clock: new RecordingClock(), random: new Random(1) });
      assert.deepEqual((await client.list(CONFIG_MAPS, { namespace: 'team' })).items, []);
      assert.throws(() => loadKubeConfig({ kubeconfig: file, context: 'nope' }), /context "nope" not found/);
    } finally {
      await server.close();
    }
  });
});

describe('toKubeError', () => {
  it("reads client-node's ApiException, whose body is a JSON string in 1.4.0", () => {
    const body = JSON.stringify({ kind: 'Status', code: 409, reason: 'AlreadyExists', message: 'x already exists' });
    const error = toKubeError(new ApiException(409, 'HTTP-Code: 409', body, {}));
    assert.deepEqual([error.status, error.reason, error.message], [409, 'AlreadyExists', 'x already exists']);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const clock = new SystemClock();
  for (let i = 0; i < 500 && !condition(); i++) await clock.sleep(5);
  assert.ok(condition(), 'condition not reached');
}
