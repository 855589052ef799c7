import { z } from 'zod';

const INT32_MAX = 2147483647;

/**
 * KEDA's and the HPA's numbers are int32 fields: the API server rejects "5", 1.5 and 3e9 alike.
 * The messages start with "expected" so issuesFromZod can say "integer" where zod says "number".
 */
export function int32(min: number, max = INT32_MAX) {
  return z
    .int({ error: 'expected an integer' })
    .min(min, { error: `expected an integer ≥ ${min}` })
    .max(max, { error: `expected an integer ≤ ${max}` });
}
