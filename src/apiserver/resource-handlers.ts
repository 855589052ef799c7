import type { JsonObject } from '../cluster/json.js';
import { getPath, isJsonObject } from '../cluster/json.js';
import type { StoreDeleteOptions } from '../cluster/store.js';
import { apiVersionOf } from '../kube/resources.js';
import type { ResourceCall } from './call.js';
import { checkIdentity, objectResponse, refOf } from './call.js';
import { applyPatch, checkPatchType } from './patch.js';
import { mediaType, readJson, readObjectBody } from './request-body.js';
import { badRequest, jsonResponse, successStatus } from './status.js';
import { parseIncludeObject, printerFor, toTable, wantsTable } from './table.js';
import { assertValidMetadata } from './validate-metadata.js';
import { watchResponse } from './watch-stream.js';

function selectors(call: ResourceCall, name?: string) {
  const params = call.url.searchParams;
  const fields = [params.get('fieldSelector') ?? '', name === undefined ? '' : `metadata.name=${name}`]
    .filter((s) => s !== '')
    .join(',');
  return {
    namespace: call.info.type.namespaced ? call.route.namespace : undefined,
    labelSelector: params.get('labelSelector') ?? undefined,
    fieldSelector: fields === '' ? undefined : fields,
  };
}

function isWatch(call: ResourceCall): boolean {
  const value = call.url.searchParams.get('watch');
  return value === 'true' || value === '1';
}

/** GET on a collection (or, with `?watch`, on one object): list or watch. */
export function listOrWatch(call: ResourceCall, name?: string): Response {
  const params = call.url.searchParams;
  const accept = call.request.headers.get('accept') ?? '';
  const table = wantsTable(accept)
    ? { printer: printerFor(call.store, call.info), includeObject: parseIncludeObject(params.get('includeObject')) }
    : undefined;
  if (isWatch(call)) {
    const timeout = params.get('timeoutSeconds');
    return watchResponse({
      store: call.store,
      clock: call.clock,
      info: call.info,
      watch: { ...selectors(call, name), resourceVersion: params.get('resourceVersion') ?? undefined },
      timeoutSeconds: timeout === null || !/^\d+$/.test(timeout) ? undefined : Number(timeout),
      table,
      signal: call.request.signal,
    });
  }
  const list = call.store.list<JsonObject>(call.info.type, selectors(call, name));
  if (table !== undefined) {
    return jsonResponse(
      toTable({ ...table, objects: list.items, now: call.clock.now(), resourceVersion: list.resourceVersion }),
    );
  }
  return jsonResponse({
    kind: `${call.info.type.kind}List`,
    apiVersion: apiVersionOf(call.info.type),
    metadata: { resourceVersion: list.resourceVersion },
    items: list.items,
  });
}

export function getObject(call: ResourceCall, name: string): Response {
  return objectResponse(call, call.store.get<JsonObject>(call.info.type, refOf(call, name)));
}

/** POST: apiVersion and kind come from the URL (clients such as client-node leave them out). */
export async function createObject(call: ResourceCall): Promise<Response> {
  const body = await readObjectBody(call.request);
  const { type } = call.info;
  if (body.kind !== undefined && body.kind !== type.kind) {
    throw badRequest(`the kind in the body (${String(body.kind)}) does not match the URL's resource (${type.kind})`);
  }
  const metadata = isJsonObject(body.metadata) ? { ...body.metadata } : {};
  if (type.namespaced && call.route.namespace !== undefined) {
    if (metadata.namespace === undefined || metadata.namespace === '') metadata.namespace = call.route.namespace;
    if (metadata.namespace !== call.route.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
  }
  const object: JsonObject = { ...body, apiVersion: apiVersionOf(type), kind: type.kind, metadata };
  assertValidMetadata(type, object);
  return objectResponse(call, call.store.create<JsonObject>(type, object), 201);
}

/** PUT: optimistic concurrency on `metadata.resourceVersion` (409 when stale). */
export async function updateObject(call: ResourceCall, name: string, subresource?: 'status'): Promise<Response> {
  const object = checkIdentity(call, name, await readObjectBody(call.request));
  assertValidMetadata(call.info.type, object);
  const stored =
    subresource === 'status'
      ? call.store.updateStatus<JsonObject>(call.info.type, object)
      : call.store.update<JsonObject>(call.info.type, object);
  return objectResponse(call, stored);
}

/** PATCH: applied to the stored object, then written like a PUT (a resourceVersion in the patch is a precondition). */
export async function patchObject(call: ResourceCall, name: string, subresource?: 'status'): Promise<Response> {
  const contentType = mediaType(call.request);
  checkPatchType(contentType, call.info.custom);
  const patch = await readJson(call.request);
  const current = call.store.get<JsonObject>(call.info.type, refOf(call, name));
  const patched = applyPatch({ current, patch, contentType, custom: call.info.custom });
  if (getPath(patched, 'metadata.name') !== name) throw badRequest('metadata.name cannot be changed by a patch');
  if (getPath(patched, 'metadata.namespace') !== getPath(current, 'metadata.namespace')) {
    throw badRequest('metadata.namespace cannot be changed by a patch');
  }
  assertValidMetadata(call.info.type, patched);
  const stored =
    subresource === 'status'
      ? call.store.updateStatus<JsonObject>(call.info.type, patched)
      : call.store.update<JsonObject>(call.info.type, patched);
  return objectResponse(call, stored);
}

async function deleteOptions(call: ResourceCall): Promise<StoreDeleteOptions> {
  const body = await readJson(call.request);
  const fromBody = isJsonObject(body) ? body : {};
  const params = call.url.searchParams;
  const policy = params.get('propagationPolicy') ?? fromBody.propagationPolicy;
  const grace = params.get('gracePeriodSeconds') ?? fromBody.gracePeriodSeconds;
  const preconditions = isJsonObject(fromBody.preconditions) ? fromBody.preconditions : {};
  if (
    policy !== undefined &&
    policy !== null &&
    policy !== 'Foreground' &&
    policy !== 'Background' &&
    policy !== 'Orphan'
  ) {
    throw badRequest(`propagationPolicy must be Foreground, Background or Orphan, not ${JSON.stringify(policy)}`);
  }
  const options: {
    propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
    gracePeriodSeconds?: number;
    preconditions?: { resourceVersion?: string; uid?: string };
  } = {};
  if (typeof policy === 'string') options.propagationPolicy = policy;
  if (grace !== undefined && grace !== null && Number.isFinite(Number(grace)))
    options.gracePeriodSeconds = Number(grace);
  const pre: { resourceVersion?: string; uid?: string } = {};
  if (typeof preconditions.resourceVersion === 'string') pre.resourceVersion = preconditions.resourceVersion;
  if (typeof preconditions.uid === 'string') pre.uid = preconditions.uid;
  if (Object.keys(pre).length > 0) options.preconditions = pre;
  return options;
}

/** DELETE: the object while finalizers or a grace period keep it, otherwise a Success Status. */
export async function deleteOne(call: ResourceCall, name: string): Promise<Response> {
  const options = await deleteOptions(call);
  const ref = refOf(call, name);
  const last = call.store.delete<JsonObject>(call.info.type, ref, options);
  if (call.store.find(call.info.type, ref) !== undefined) return jsonResponse(last);
  return jsonResponse(
    successStatus({
      name,
      group: call.info.type.group,
      kind: call.info.type.plural,
      uid: getPath(last, 'metadata.uid'),
    }),
  );
}

/** DELETE on a collection: every matching object, answered as the list of what was deleted. */
export async function deleteCollection(call: ResourceCall): Promise<Response> {
  const options = await deleteOptions(call);
  const list = call.store.list<JsonObject>(call.info.type, selectors(call));
  const items = list.items.map((object) => {
    const name = String(getPath(object, 'metadata.name') ?? '');
    const namespace = getPath(object, 'metadata.namespace');
    const ref = typeof namespace === 'string' ? { namespace, name } : { name };
    return call.store.delete<JsonObject>(call.info.type, ref, options);
  });
  return jsonResponse({
    kind: `${call.info.type.kind}List`,
    apiVersion: apiVersionOf(call.info.type),
    metadata: { resourceVersion: call.store.currentResourceVersion() },
    items,
  });
}
