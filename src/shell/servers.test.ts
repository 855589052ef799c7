import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { startHealthServer, startMetricsServer } from './servers.js';

const loopback = { host: '127.0.0.1', port: 0 };

describe('health and metrics servers', () => {
  it('/healthz is always 200; /readyz follows isReady', async () => {
    let ready = false;
    const server = await startHealthServer({ address: loopback, isReady: () => ready });
    try {
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
      ready = true;
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      assert.equal((await fetch(`${server.url}/nope`)).status, 404);
    } finally {
      await server.close();
    }
  });

  it('/metrics serves the given registry in Prometheus text format', async () => {
    const registry = new Registry();
    const server = await startMetricsServer({ address: loopback, registry });
    try {
      const response = await fetch(`${server.url}/metrics`);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), registry.contentType);
    } finally {
      await server.close();
    }
  });

  it('off loopback a token is required, and requests must carry it', async () => {
    await assert.rejects(
      startHealthServer({ address: { host: '0.0.0.0', port: 0 }, isReady: () => true }),
      /needs a bearer token/,
    );
    const server = await startHealthServer({ address: loopback, isReady: () => true, token: 's3cret' });
    try {
      assert.equal((await fetch(`${server.url}/healthz`)).status, 401);
      const ok = await fetch(`${server.url}/healthz`, { headers: { authorization: 'Bearer s3cret' } });
      assert.equal(ok.status, 200);
    } finally {
      await server.close();
    }
  });
});
