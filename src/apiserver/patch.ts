import type { JsonObject } from '../cluster/json.js';
import { applyMergePatch, isJsonObject } from '../cluster/json.js';
import { applyJsonPatch } from './json-patch.js';
import { APPLY_PATCH, JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH } from './request-body.js';
import { badRequest, unsupportedMediaType } from './status.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

/** Refuses an unsupported patch type before the body is read (an apply-patch body is YAML, not JSON). */
export function checkPatchType(contentType: string, custom: boolean): void {
  const accepted = custom ? [JSON_PATCH, MERGE_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH];
  if (!accepted.includes(contentType)) throw unsupportedMediaType(accepted);
}

/**
 * Applies a PATCH body by its Content-Type. Strategic merge needs the Go types' merge keys, so
 * custom resources refuse it with 415 as a real apiserver does; server-side apply is not served.
 */
export function applyPatch(options: {
  readonly current: JsonObject;
  readonly patch: unknown;
  readonly contentType: string;
  readonly custom: boolean;
}): JsonObject {
  const { current, patch, contentType } = options;
  const accepted = options.custom ? [JSON_PATCH, MERGE_PATCH] : [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH];
  let result: unknown;
  switch (contentType) {
    case MERGE_PATCH:
      if (!isJsonObject(patch)) throw badRequest('a merge patch must be a JSON object');
      result = applyMergePatch(current, patch);
      break;
    case JSON_PATCH:
      result = applyJsonPatch(current, patch);
      break;
    case STRATEGIC_MERGE_PATCH:
      if (options.custom) throw unsupportedMediaType(accepted);
      result = applyStrategicMergePatch(current, patch);
      break;
    case APPLY_PATCH:
    default:
      throw unsupportedMediaType(accepted);
  }
  if (!isJsonObject(result)) throw badRequest('the patched document is not a JSON object');
  return result;
}
