import { formatMicroTime, formatTime } from '../lib/clock.js';

/**
 * A deep copy in the JSON wire form. client-node's generated models carry `Date`s (and
 * `V1MicroTime`s) where the wire has strings, and list items differ from watch objects; caches
 * and comparisons only ever see this form. Copying also keeps callers from mutating the cache.
 * A frozen object is taken as it is: only the in-memory client freezes, and it hands out
 * deep-frozen JSON, already in wire form and immutable, which copying every event would only slow.
 */
export function toWire<T>(value: T): T {
  if (value !== null && typeof value === 'object' && Object.isFrozen(value)) return value;
  return normalise(value) as T;
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return formatDate(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined && typeof inner !== 'function') out[key] = normalise(inner);
    }
    return out;
  }
  return value;
}

function formatDate(date: Date): string {
  const ms = date.getTime();
  // V1MicroTime extends Date; matching by name keeps this module free of client-node.
  if (date.constructor.name === 'V1MicroTime') return formatMicroTime(ms);
  return ms % 1000 === 0 ? formatTime(ms) : date.toISOString();
}

/** Integer resourceVersions compare numerically; anything else only by equality. */
export function resourceVersionOf(object: { metadata?: { resourceVersion?: string } } | undefined): string {
  return object?.metadata?.resourceVersion ?? '';
}
