import type { z } from 'zod';
import type { PathSegment } from '../lib/issues.js';

/**
 * A `when` for cross-field refinements: zod skips refinements once any field has failed, which would
 * hide, say, `idleReplicaCount` errors behind an unrelated bad trigger. This runs the refinement
 * whenever the fields it reads parsed cleanly, so all issues are reported together.
 */
export function whenFieldsValid(...fields: readonly PathSegment[]): (payload: z.core.ParsePayload) => boolean {
  return (payload) =>
    typeof payload.value === 'object' &&
    payload.value !== null &&
    !payload.issues.some((issue) => {
      if (issue.code === 'unrecognized_keys') return false;
      const head = issue.path?.[0];
      return head === undefined || fields.includes(head as PathSegment);
    });
}
