import type { JsonObject } from '../cluster/json.js';
import { isJsonObject } from '../cluster/json.js';
import type { TypeInfo } from '../cluster/resource-registry.js';
import type { ObjectStore } from '../cluster/store.js';
import type { Clock } from '../lib/clock.js';
import type { ObjectRef } from '../kube/client.js';
import type { ResourceRoute } from './routes.js';
import { badRequest } from './status.js';
import { parseIncludeObject, printerFor, toTable, wantsTable } from './table.js';
import { jsonResponse } from './status.js';

/** One request to a resource, resolved against the served types. */
export interface ResourceCall {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly request: Request;
  readonly url: URL;
  readonly route: ResourceRoute;
  readonly info: TypeInfo;
}

export function refOf(call: ResourceCall, name: string): ObjectRef {
  return call.info.type.namespaced && call.route.namespace !== undefined
    ? { namespace: call.route.namespace, name }
    : { name };
}

/** The URL names the object; a body naming another one is a 400, as in the apiserver. */
export function checkIdentity(call: ResourceCall, name: string, body: JsonObject): JsonObject {
  const metadata = isJsonObject(body.metadata) ? { ...body.metadata } : {};
  if (metadata.name === undefined || metadata.name === '') metadata.name = name;
  if (metadata.name !== name) {
    throw badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${name})`);
  }
  const namespace = call.info.type.namespaced ? call.route.namespace : undefined;
  if (namespace !== undefined) {
    if (metadata.namespace === undefined || metadata.namespace === '') metadata.namespace = namespace;
    if (metadata.namespace !== namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
  }
  return { ...body, metadata };
}

/** The object as JSON, or as a one-row Table when kubectl asked for one. */
export function objectResponse(call: ResourceCall, object: JsonObject, status = 200): Response {
  if (!wantsTable(call.request.headers.get('accept') ?? '')) return jsonResponse(object, status);
  return jsonResponse(
    toTable({
      printer: printerFor(call.store, call.info),
      objects: [object],
      now: call.clock.now(),
      includeObject: parseIncludeObject(call.url.searchParams.get('includeObject')),
    }),
    status,
  );
}
