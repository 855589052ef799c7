import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { SystemClock } from '../../lib/clock.js';
import { Random } from '../../lib/random.js';
import { Informer } from '../informer.js';
import { CONFIG_MAPS } from '../resources.js';
import { HttpKubeClient } from './http-kube-client.js';
import { kubeConfigForServer } from './kubeconfig.js';
import { TestApiServer } from './test-api-server.js';

describe('Informer over HTTP', () => {
  it('syncs, resumes after the server ends the stream, and relists on a 410 ERROR event', async () => {
    const server = await TestApiServer.start();
    const clock = new SystemClock();
    const client = new HttpKubeClient(kubeConfigForServer(server.url), { clock, random: new Random(2) });
    const informer = new Informer<ConfigMap>(client, CONFIG_MAPS, { clock, random: new Random(3), namespace: 'ns' });
    const changes: string[] = [];
    informer.onChange((type, object) => changes.push(`${type} ${object.metadata?.name}`));
    try {
      await server.fake.create(CONFIG_MAPS, { metadata: { namespace: 'ns', name: 'a' } });
      informer.start();
      assert.equal(await informer.waitForSync(), true);
      await waitFor(() => server.fake.openWatches() === 1);

      await server.fake.create(CONFIG_MAPS, { metadata: { namespace: 'ns', name: 'b' } });
      await waitFor(() => changes.length === 2);
      server.fake.closeWatches();
      await waitFor(() => server.fake.openWatches() === 1);
      await server.fake.create(CONFIG_MAPS, { metadata: { namespace: 'ns', name: 'c' } });
      await waitFor(() => changes.length === 3);
      assert.equal(server.requests.filter((r) => !r.url.includes('watch=')).length, 1, 'no relist after a clean end');

      server.fake.closeWatches();
      await server.fake.delete(CONFIG_MAPS, { namespace: 'ns', name: 'a' });
      server.fake.expireWatches();
      await waitFor(() => changes.includes('delete a'));
      assert.deepEqual(changes, ['add a', 'add b', 'add c', 'delete a']);
      assert.equal(server.requests.filter((r) => !r.url.includes('watch=')).length, 2, 'one relist after 410');
      assert.deepEqual(
        informer
          .list('ns')
          .map((o) => o.metadata?.name)
          .sort(),
        ['b', 'c'],
      );
    } finally {
      informer.stop();
      await server.close();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const clock = new SystemClock();
  for (let i = 0; i < 1000 && !condition(); i++) await clock.sleep(5);
  assert.ok(condition(), 'condition not reached');
}
