import type { z } from 'zod';
import type { PathSegment } from '../lib/issues.js';

/** A field path for whenFieldsValid; `'*'` stands for any list index. */
export type FieldPattern = readonly (PathSegment | '*')[];

/**
 * A `when` for cross-field refinements. zod skips refinements once any field has failed, which would
 * hide, say, an `idleReplicaCount` error behind an unrelated bad trigger. This runs the refinement
 * unless an issue sits on one of the fields it reads, inside one, or on one of their parents.
 */
export function whenFieldsValid(...fields: readonly FieldPattern[]): (payload: z.core.ParsePayload) => boolean {
  return (payload) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some((issue) => {
      if (issue.code === 'unrecognized_keys') return false;
      const path = issue.path ?? [];
      return fields.some((field) => isPrefix(path, field) || isPrefix(field, path));
    });
}

function isPrefix(shorter: readonly PropertyKey[], longer: readonly PropertyKey[]): boolean {
  if (shorter.length > longer.length) return false;
  return shorter.every((segment, i) => matches(segment, longer[i]));
}

function matches(a: PropertyKey | undefined, b: PropertyKey | undefined): boolean {
  if (a === '*') return typeof b === 'number';
  if (b === '*') return typeof a === 'number';
  return a === b;
}
