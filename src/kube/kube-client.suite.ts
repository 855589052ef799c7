import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { KubeClient, KubeObject, WatchEvent } from './client.js';
import { isAlreadyExists, isConflict, isNotFound, KubeError } from './errors.js';
import { CONFIG_MAPS, DEPLOYMENTS } from './resources.js';

/** What a contract run needs from an implementation: a fresh client, and how to tear it down. */
export interface ContractTarget {
  readonly client: KubeClient;
  /** Namespace the suite writes into; `default` unless told. */
  readonly namespace?: string;
  readonly close?: () => Promise<void> | void;
  /** Forgets watch history (as etcd compaction does), so older resourceVersions get 410; the `gone` case skips without it. */
  readonly expire?: () => Promise<void> | void;
}

export type ContractCase =
  | 'list'
  | 'watch'
  | 'watch-resume'
  | 'gone'
  | 'conflict'
  | 'not-found'
  | 'already-exists'
  | 'merge-patch'
  | 'scale'
  | 'status';

export interface ContractOptions {
  /** Cases this implementation skips, each with the reason. */
  readonly skip?: Partial<Record<ContractCase, string>>;
}

/**
 * The KubeClient contract every implementation passes (fake, in-process, HTTP): the API semantics
 * the controller and the informer rely on. Waits only on events, never on time.
 */
export function runKubeClientContract(
  name: string,
  makeClient: () => Promise<KubeClient | ContractTarget> | KubeClient | ContractTarget,
  options: ContractOptions = {},
): void {
  const run = (
    label: ContractCase,
    title: string,
    body: (client: KubeClient, ns: string, target: ContractTarget, skip: (reason: string) => void) => Promise<void>,
  ): void => {
    const skip = options.skip?.[label];
    it(title, { timeout: 10_000, ...(skip === undefined ? {} : { skip }) }, async (t) => {
      const made = await makeClient();
      const target: ContractTarget = 'client' in made ? made : { client: made };
      try {
        await body(target.client, target.namespace ?? 'default', target, (reason) => t.skip(reason));
      } finally {
        await target.close?.();
      }
    });
  };

  describe(`KubeClient contract: ${name}`, () => {
    run('list', 'lists with a resourceVersion and filters by label selector', async (client, ns) => {
      await client.create(CONFIG_MAPS, configMap(ns, 'a', { app: 'web' }));
      await client.create(CONFIG_MAPS, configMap(ns, 'b', { app: 'db' }));
      const all = await client.list<ConfigMap>(CONFIG_MAPS, { namespace: ns });
      assert.match(all.resourceVersion, /^\S+$/);
      assert.deepEqual(names(all.items), ['a', 'b']);
      const web = await client.list<ConfigMap>(CONFIG_MAPS, { namespace: ns, labelSelector: 'app=web' });
      assert.deepEqual(names(web.items), ['a']);
      const byName = await client.list<ConfigMap>(CONFIG_MAPS, { namespace: ns, fieldSelector: 'metadata.name=b' });
      assert.deepEqual(names(byName.items), ['b']);
    });

    run('watch', 'watches changes after the list resourceVersion, in order', async (client, ns) => {
      await client.create(CONFIG_MAPS, configMap(ns, 'before', {}));
      const listed = await client.list(CONFIG_MAPS, { namespace: ns });
      const events = collect();
      const handle = client.watch(
        CONFIG_MAPS,
        { namespace: ns, resourceVersion: listed.resourceVersion },
        events.push,
        events.close,
      );
      try {
        const created = await client.create(CONFIG_MAPS, configMap(ns, 'after', {}));
        await client.mergePatch(CONFIG_MAPS, { namespace: ns, name: 'after' }, { data: { k: 'v' } });
        await client.delete(CONFIG_MAPS, { namespace: ns, name: 'after' });
        const seen = await events.waitFor(3);
        assert.deepEqual(
          seen.map((e) => [e.type, e.object.metadata?.name]),
          [
            ['ADDED', 'after'],
            ['MODIFIED', 'after'],
            ['DELETED', 'after'],
          ],
        );
        assert.equal(seen[0]?.object.metadata?.resourceVersion, created.metadata?.resourceVersion);
      } finally {
        handle.stop();
      }
    });

    run('watch-resume', 'resumes a watch from a resourceVersion seen earlier', async (client, ns) => {
      const first = await client.create(CONFIG_MAPS, configMap(ns, 'one', {}));
      await client.create(CONFIG_MAPS, configMap(ns, 'two', {}));
      await client.mergePatch(CONFIG_MAPS, { namespace: ns, name: 'one' }, { data: { k: 'v' } });
      const events = collect();
      const from = first.metadata?.resourceVersion ?? '';
      const handle = client.watch(CONFIG_MAPS, { namespace: ns, resourceVersion: from }, events.push, events.close);
      try {
        const seen = await events.waitFor(2);
        assert.deepEqual(
          seen.map((e) => [e.type, e.object.metadata?.name]),
          [
            ['ADDED', 'two'],
            ['MODIFIED', 'one'],
          ],
        );
      } finally {
        handle.stop();
      }
    });

    run('gone', 'fails a watch from a compacted resourceVersion with 410 Gone', async (client, ns, target, skip) => {
      if (target.expire === undefined) return skip('the target offers no way to compact watch history');
      const first = await client.create(CONFIG_MAPS, configMap(ns, 'old', {}));
      await client.mergePatch(CONFIG_MAPS, { namespace: ns, name: 'old' }, { data: { k: 'v' } });
      await target.expire();
      const events = collect();
      const from = first.metadata?.resourceVersion ?? '';
      const handle = client.watch(CONFIG_MAPS, { namespace: ns, resourceVersion: from }, events.push, events.close);
      try {
        await assert.rejects(events.waitFor(1), (e: unknown) => {
          assert.ok(e instanceof KubeError && e.status === 410, `expected 410, got ${String(e)}`);
          return true;
        });
      } finally {
        handle.stop();
      }
    });

    run('conflict', 'rejects an update with a stale resourceVersion with 409 Conflict', async (client, ns) => {
      const created = await client.create(CONFIG_MAPS, configMap(ns, 'c', {}));
      const updated = await client.update(CONFIG_MAPS, { ...created, data: { n: '1' } });
      assert.notEqual(updated.metadata?.resourceVersion, created.metadata?.resourceVersion);
      await assert.rejects(client.update(CONFIG_MAPS, { ...created, data: { n: '2' } }), (e: unknown) => {
        assert.ok(isConflict(e), `expected 409 Conflict, got ${String(e)}`);
        return true;
      });
      const current = await client.get<ConfigMap>(CONFIG_MAPS, { namespace: ns, name: 'c' });
      assert.deepEqual(current.data, { n: '1' });
    });

    run('not-found', 'answers 404 NotFound for a missing object', async (client, ns) => {
      const ref = { namespace: ns, name: 'missing' };
      for (const attempt of [
        client.get(CONFIG_MAPS, ref),
        client.delete(CONFIG_MAPS, ref),
        client.mergePatch(CONFIG_MAPS, ref, { data: {} }),
        client.getScale(DEPLOYMENTS, ref),
      ]) {
        await assert.rejects(attempt, (e: unknown) => {
          assert.ok(isNotFound(e), `expected 404, got ${String(e)}`);
          assert.equal((e as KubeError).reason, 'NotFound');
          return true;
        });
      }
    });

    run('already-exists', 'answers 409 AlreadyExists when creating an existing name', async (client, ns) => {
      await client.create(CONFIG_MAPS, configMap(ns, 'dup', {}));
      await assert.rejects(client.create(CONFIG_MAPS, configMap(ns, 'dup', {})), (e: unknown) => isAlreadyExists(e));
    });

    run('merge-patch', 'applies a JSON merge patch: nested merge, null deletes', async (client, ns) => {
      await client.create(CONFIG_MAPS, {
        ...configMap(ns, 'p', { keep: 'yes', drop: 'yes' }),
        data: { a: '1', b: '2' },
      });
      const patched = await client.mergePatch<ConfigMap>(
        CONFIG_MAPS,
        { namespace: ns, name: 'p' },
        { metadata: { labels: { drop: null, added: 'yes' } }, data: { b: null, c: '3' } },
      );
      assert.deepEqual(patched.metadata?.labels, { keep: 'yes', added: 'yes' });
      assert.deepEqual(patched.data, { a: '1', c: '3' });
    });

    run('scale', 'reads and writes replicas through the scale subresource', async (client, ns) => {
      await client.create(DEPLOYMENTS, deployment(ns, 'web', 2));
      const ref = { namespace: ns, name: 'web' };
      const scale = await client.getScale(DEPLOYMENTS, ref);
      assert.equal(scale.spec?.replicas, 2);
      assert.equal(scale.metadata?.name, 'web');
      const written = await client.writeScale(DEPLOYMENTS, ref, 5);
      assert.equal(written.spec?.replicas, 5);
      const current = await client.get<Deployment>(DEPLOYMENTS, ref);
      assert.equal(current.spec?.replicas, 5);
      assert.equal((await client.getScale(DEPLOYMENTS, ref)).spec?.replicas, 5);
    });

    run('status', 'updates status through the status subresource, leaving spec alone', async (client, ns) => {
      const created = await client.create(DEPLOYMENTS, deployment(ns, 'st', 1));
      const updated = await client.updateStatus<Deployment>(DEPLOYMENTS, {
        ...created,
        spec: {
          ...created.spec,
          replicas: 9,
          selector: created.spec?.selector ?? {},
          template: created.spec?.template ?? {},
        },
        status: { observedGeneration: 1, replicas: 0 },
      });
      assert.equal(updated.status?.observedGeneration, 1);
      assert.equal(updated.spec?.replicas, 1);
      await assert.rejects(client.updateStatus(DEPLOYMENTS, { ...created, status: { replicas: 3 } }), (e: unknown) =>
        isConflict(e),
      );
    });
  });
}

function configMap(namespace: string, name: string, labels: Record<string, string>): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name, labels } };
}

function deployment(namespace: string, name: string, replicas: number): Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { namespace, name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] } },
    },
  };
}

function names(items: readonly KubeObject[]): string[] {
  return items.map((i) => i.metadata?.name ?? '').sort();
}

/** Collects watch events; `waitFor(n)` resolves once n arrived and rejects if the stream fails first. */
function collect(): {
  push: (event: WatchEvent<KubeObject>) => void;
  close: (error?: KubeError) => void;
  waitFor: (count: number) => Promise<WatchEvent<KubeObject>[]>;
} {
  const events: WatchEvent<KubeObject>[] = [];
  let wake: (() => void) | undefined;
  let failure: KubeError | undefined;
  return {
    push: (event) => {
      if (event.type === 'BOOKMARK') return;
      events.push(event);
      wake?.();
    },
    close: (error) => {
      failure = error ?? new KubeError(0, 'Closed', 'watch closed before the expected events arrived');
      wake?.();
    },
    waitFor: async (count) => {
      while (events.length < count) {
        if (failure !== undefined) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      return events.slice(0, count);
    },
  };
}
