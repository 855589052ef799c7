import type { Pod } from 'kubernetes-types/core/v1.js';
import type { FetchedResponse, FetchInit, MetricSources, TriggerContext } from './trigger.js';

/** Shared fixtures for trigger tests: contexts, pods and a recording fake of MetricSources. */
export const FIXED_NOW = Date.UTC(2024, 2, 30, 12, 0, 0);

export function context(overrides: Partial<TriggerContext> = {}): TriggerContext {
  return { namespace: 'default', triggerIndex: 0, metricType: undefined, formulaSource: false, ...overrides };
}

export function pod(options: {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly phase?: string;
  readonly nodeName?: string;
  readonly deleting?: boolean;
}): Pod {
  return {
    metadata: {
      name: options.name ?? 'p',
      namespace: options.namespace ?? 'default',
      labels: options.labels ?? { app: 'demo' },
      ...(options.deleting === true ? { deletionTimestamp: '2024-03-30T11:59:00Z' } : {}),
    },
    spec: { containers: [], ...(options.nodeName === undefined ? {} : { nodeName: options.nodeName }) },
    status: options.phase === undefined ? {} : { phase: options.phase },
  };
}

export interface FakeSources extends MetricSources {
  readonly calls: { url: string; init: FetchInit }[];
}

/** Answers fetches from `responses` in order (an Error rejects); the last one repeats. */
export function fakeSources(options: {
  readonly now?: number;
  readonly pods?: readonly Pod[];
  readonly responses?: readonly (FetchedResponse | Error)[];
}): FakeSources {
  const calls: { url: string; init: FetchInit }[] = [];
  const responses = options.responses ?? [];
  return {
    now: options.now ?? FIXED_NOW,
    calls,
    podsMatching: () => options.pods ?? [],
    fetch: async (url, init) => {
      calls.push({ url, init });
      const next = responses[Math.min(calls.length - 1, responses.length - 1)];
      if (next === undefined) throw new Error('no response configured');
      if (next instanceof Error) throw next;
      return next;
    },
  };
}
