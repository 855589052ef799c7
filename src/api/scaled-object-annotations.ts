import { z } from 'zod';
import { ANNOTATIONS } from './scaled-object.js';
import type { ScaledObjectAnnotations } from './scaled-object.js';

const INT32_MAX = 2147483647;

/**
 * The annotations whose values can be wrong. The pause flags accept any value (KEDA reads a
 * non-boolean as "pause"), so only paused-replicas and spillway's own flag are checked here.
 */
export const annotationsSchema = z
  .object({
    [ANNOTATIONS.pausedReplicas]: z
      .string()
      .regex(/^\d+$/, { error: 'expected an integer ≥ 0 as a string, e.g. "0"', abort: true })
      .refine((text) => Number(text) <= INT32_MAX, { error: `expected an integer ≤ ${INT32_MAX}` })
      .optional(),
    [ANNOTATIONS.evaluateOnChange]: z.enum(['true', 'false']).optional(),
  })
  .catchall(z.string())
  .default({});

/** Go's strconv.ParseBool, which KEDA uses for its flags. */
const GO_FALSE = new Set(['0', 'f', 'F', 'false', 'FALSE', 'False']);

/** Present and not a Go "false": KEDA treats an unparsable value as true. */
function isFlagSet(annotations: Readonly<Record<string, string>>, key: string): boolean {
  const value = annotations[key];
  return value !== undefined && !GO_FALSE.has(value);
}

/** The control flags, from annotations already checked by `annotationsSchema`. */
export function annotationFlags(annotations: Readonly<Record<string, string>>): ScaledObjectAnnotations {
  const pausedReplicas = annotations[ANNOTATIONS.pausedReplicas];
  return {
    paused: isFlagSet(annotations, ANNOTATIONS.paused),
    ...(pausedReplicas !== undefined && { pausedReplicas: Number.parseInt(pausedReplicas, 10) }),
    pausedScaleIn: isFlagSet(annotations, ANNOTATIONS.pausedScaleIn),
    pausedScaleOut: isFlagSet(annotations, ANNOTATIONS.pausedScaleOut),
    forceActivation: isFlagSet(annotations, ANNOTATIONS.forceActivation),
    evaluateOnChange: annotations[ANNOTATIONS.evaluateOnChange] === 'true',
  };
}
