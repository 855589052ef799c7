import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../lib/random.js';
import { FakeKubeClient } from './fake-client.js';
import { isNotLeader, leaderIdentity, leaderOnlyWrites } from './leader-gate.js';
import { CONFIG_MAPS, DEPLOYMENTS } from './resources.js';

describe('leaderOnlyWrites', () => {
  it('passes reads always and writes only while leading', async () => {
    const fake = new FakeKubeClient();
    await fake.create(DEPLOYMENTS, { metadata: { namespace: 'ns', name: 'web' }, spec: { replicas: 1 } });
    let leading = false;
    const gated = leaderOnlyWrites(fake, () => leading);
    assert.equal((await gated.getScale(DEPLOYMENTS, { namespace: 'ns', name: 'web' })).spec?.replicas, 1);
    await assert.rejects(gated.writeScale(DEPLOYMENTS, { namespace: 'ns', name: 'web' }, 3), isNotLeader);
    await assert.rejects(gated.create(CONFIG_MAPS, { metadata: { namespace: 'ns', name: 'c' } }), isNotLeader);
    assert.equal(fake.callsTo('writeScale').length, 0);
    leading = true;
    assert.equal((await gated.writeScale(DEPLOYMENTS, { namespace: 'ns', name: 'web' }, 3)).spec?.replicas, 3);
  });

  it('builds distinct identities from the host name', () => {
    const random = new Random(9);
    const a = leaderIdentity(random, 'spillway-0');
    const b = leaderIdentity(random, 'spillway-0');
    assert.match(a, /^spillway-0_[0-9a-f]{8}$/);
    assert.notEqual(a, b);
  });
});
