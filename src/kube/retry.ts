import type { Clock } from '../lib/clock.js';
import type { Random } from '../lib/random.js';
import { computeBackoffMs } from './backoff.js';
import type { KubeClient, KubeObject, ObjectRef } from './client.js';
import { isConflict, isRetryable, KubeError } from './errors.js';
import type { ResourceType } from './resources.js';

export interface RetryOptions {
  readonly clock: Clock;
  readonly random: Random;
  /** Total tries including the first; 5 unless told. */
  readonly maxAttempts?: number;
  /** 200 ms unless told. */
  readonly initialMs?: number;
  /** 10 s unless told. */
  readonly maxMs?: number;
  /** A server's Retry-After is honoured up to this long; 60 s unless told. */
  readonly maxRetryAfterMs?: number;
  readonly isRetryable?: (error: unknown) => boolean;
  readonly onRetry?: (info: { readonly error: unknown; readonly attempt: number; readonly delayMs: number }) => void;
}

export const DEFAULT_RETRY = { maxAttempts: 5, initialMs: 200, maxMs: 10_000, maxRetryAfterMs: 60_000 } as const;

/** The wait before the next try: the server's Retry-After when it gave one, else full-jitter backoff. */
export function computeRetryDelayMs(error: unknown, attempt: number, options: RetryOptions): number {
  const retryAfterSeconds = error instanceof KubeError ? error.details?.retryAfterSeconds : undefined;
  if (retryAfterSeconds !== undefined && retryAfterSeconds >= 0) {
    return Math.min(retryAfterSeconds * 1000, options.maxRetryAfterMs ?? DEFAULT_RETRY.maxRetryAfterMs);
  }
  return computeBackoffMs(
    attempt,
    {
      initialMs: options.initialMs ?? DEFAULT_RETRY.initialMs,
      maxMs: options.maxMs ?? DEFAULT_RETRY.maxMs,
      jitter: 1,
    },
    options.random,
  );
}

/**
 * Runs `operation` until it succeeds, fails with an error that is not worth retrying (4xx other
 * than 429), or runs out of attempts; the last error is rethrown unchanged.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_RETRY.maxAttempts);
  const retryable = options.isRetryable ?? isRetryable;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt + 1 >= maxAttempts || !retryable(error)) throw error;
      const delayMs = computeRetryDelayMs(error, attempt, options);
      options.onRetry?.({ error, attempt, delayMs });
      await options.clock.sleep(delayMs);
    }
  }
}

export interface UpdateWithRetryOptions {
  /** Write through the status subresource (PUT …/status) instead of the object. */
  readonly subresource?: 'status';
  /** Tries including the first; 5 unless told (client-go's DefaultRetry). */
  readonly maxAttempts?: number;
}

/**
 * Read-modify-write that survives concurrent writers: on 409 Conflict it re-reads and applies
 * `mutate` again to the fresh object. `mutate` gets a private copy and returns the object to
 * write, or `undefined` when nothing needs changing (then nothing is written).
 */
export async function updateWithRetry<T extends KubeObject>(
  client: KubeClient,
  type: ResourceType,
  ref: ObjectRef,
  mutate: (current: T) => T | undefined,
  options: UpdateWithRetryOptions = {},
): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_RETRY.maxAttempts);
  for (let attempt = 0; ; attempt++) {
    const current = await client.get<T>(type, ref);
    const next = mutate(structuredClone(current));
    if (next === undefined) return current;
    try {
      return options.subresource === 'status' ? await client.updateStatus(type, next) : await client.update(type, next);
    } catch (error) {
      if (!isConflict(error) || attempt + 1 >= maxAttempts) throw error;
    }
  }
}
