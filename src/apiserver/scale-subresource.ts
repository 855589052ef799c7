import type { JsonObject } from '../cluster/json.js';
import { getPath } from '../cluster/json.js';
import type { ResourceCall } from './call.js';
import { checkIdentity, refOf } from './call.js';
import { applyPatch, checkPatchType } from './patch.js';
import { mediaType, readJson, readObjectBody } from './request-body.js';
import { jsonResponse, methodNotAllowed } from './status.js';

function replicasOf(scale: JsonObject): number {
  const replicas = getPath(scale, 'spec.replicas');
  // The store answers non-integers with 422 spec.replicas, like the apiserver's Scale validation.
  return typeof replicas === 'number' ? replicas : Number.NaN;
}

function resourceVersionOf(scale: JsonObject): string | undefined {
  const rv = getPath(scale, 'metadata.resourceVersion');
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

function write(call: ResourceCall, name: string, scale: JsonObject): Response {
  const rv = resourceVersionOf(scale);
  const written = call.store.writeScale(
    call.info.type,
    refOf(call, name),
    replicasOf(scale),
    rv === undefined ? {} : { resourceVersion: rv },
  );
  return jsonResponse(written);
}

/**
 * `…/<name>/scale` as autoscaling/v1 Scale: GET reads it; PUT and PATCH write `spec.replicas`
 * through to the object, with the Scale's resourceVersion as a precondition (409 when stale).
 */
export async function handleScale(call: ResourceCall, name: string): Promise<Response> {
  const ref = refOf(call, name);
  switch (call.request.method) {
    case 'GET':
      return jsonResponse(call.store.getScale(call.info.type, ref));
    case 'PUT':
      return write(call, name, checkIdentity(call, name, await readObjectBody(call.request)));
    case 'PATCH': {
      const contentType = mediaType(call.request);
      checkPatchType(contentType, false);
      const patch = await readJson(call.request);
      const current = call.store.getScale(call.info.type, ref) as unknown as JsonObject;
      // Scale is a built-in kind, so strategic merge is accepted even when the target is a custom resource.
      const patched = applyPatch({ current, patch, contentType, custom: false });
      return write(call, name, patched);
    }
    default:
      throw methodNotAllowed(call.request.method);
  }
}
