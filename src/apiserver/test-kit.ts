import { ObjectStore } from '../cluster/store.js';
import { Random } from '../lib/random.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import type { ApiHandler } from './handler.js';
import { createApiHandler } from './handler.js';

export const BASE = 'http://127.0.0.1:6443';
export const EPOCH = Date.UTC(2026, 0, 1);

export interface Kit {
  readonly store: ObjectStore;
  readonly clock: VirtualClock;
  readonly handle: ApiHandler;
  /** Sends a request; `body` objects are JSON-encoded. */
  call(
    method: string,
    path: string,
    options?: { body?: unknown; contentType?: string; accept?: string; token?: string },
  ): Promise<Response>;
  json(response: Response): Promise<Record<string, unknown>>;
}

/** A handler over a fresh store on a virtual clock, for tests that need no socket. */
export function newKit(options: { historyLimit?: number; token?: string } = {}): Kit {
  const clock = new VirtualClock(EPOCH);
  const store = new ObjectStore({
    clock,
    random: new Random(3),
    ...(options.historyLimit === undefined ? {} : { historyLimit: options.historyLimit }),
  });
  const handle = createApiHandler({ store, clock, token: options.token });
  return {
    store,
    clock,
    handle,
    call(method, path, callOptions = {}) {
      const headers: Record<string, string> = {};
      if (callOptions.accept !== undefined) headers.accept = callOptions.accept;
      if (callOptions.token !== undefined) headers.authorization = `Bearer ${callOptions.token}`;
      let body: string | undefined;
      if (callOptions.body !== undefined) {
        body = typeof callOptions.body === 'string' ? callOptions.body : JSON.stringify(callOptions.body);
        headers['content-type'] = callOptions.contentType ?? 'application/json';
      }
      return handle(new Request(`${BASE}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }));
    },
    async json(response) {
      return (await response.json()) as Record<string, unknown>;
    },
  };
}

export function deploymentBody(name: string, replicas = 1): Record<string, unknown> {
  return {
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

export const DEPLOYMENTS_PATH = '/apis/apps/v1/namespaces/default/deployments';

/** Reads a watch body until `count` events arrived (or the stream ended), then cancels it. */
export async function readEvents(response: Response, count: number): Promise<Record<string, unknown>[]> {
  const reader = response.body?.getReader();
  if (reader === undefined) return [];
  const decoder = new TextDecoder();
  const events: Record<string, unknown>[] = [];
  let buffer = '';
  while (events.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      events.push(JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf('\n');
    }
  }
  await reader.cancel();
  return events;
}
