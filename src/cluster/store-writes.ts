import type { Clock } from '../lib/clock.js';
import { formatTime } from '../lib/clock.js';
import type { Random } from '../lib/random.js';
import { NAMESPACES, apiVersionOf } from '../kube/resources.js';
import { validateCrd } from './crd-lifecycle.js';
import type { JsonObject } from './json.js';
import {
  copyReusing,
  copySharingFrozen,
  deepCopy,
  deepEqual,
  isJsonObject,
  isPlainObject,
  specPartsEqual,
  withFreshMetadata,
} from './json.js';
import { applyCreateDefaults, validateObject } from './object-defaults.js';
import type { TypeInfo } from './resource-registry.js';
import type { StoreState } from './store-state.js';
import { metaOf } from './store-state.js';
import { alreadyExists, conflict, forbidden, invalid, notFound, required } from './store-errors.js';

/**
 * Runs on every create after defaulting and before validation, like an apiserver admission
 * plugin: it may change the object or throw a KubeError to reject it.
 */
export type AdmissionHook = (info: TypeInfo, object: JsonObject) => void;

export interface WriteContext {
  readonly clock: Clock;
  readonly random: Random;
  readonly state: StoreState;
  readonly admission: readonly AdmissionHook[];
}

/** A POST body turned into the object to store (without its resourceVersion), or a KubeError. */
export function buildCreated(ctx: WriteContext, info: TypeInfo, input: unknown): JsonObject {
  const object = deepCopy(input) as JsonObject;
  const metadata: JsonObject = isJsonObject(object.metadata) ? object.metadata : {};
  object.metadata = metadata;
  if (info.type.namespaced) {
    if (typeof metadata.namespace !== 'string' || metadata.namespace === '') {
      throw invalid(info.type, String(metadata.name ?? ''), [required('metadata.namespace')]);
    }
    requireActiveNamespace(ctx.state, metadata.namespace);
  } else delete metadata.namespace;
  if ((metadata.name === undefined || metadata.name === '') && typeof metadata.generateName === 'string') {
    metadata.name = generateName(ctx, info, metadata.generateName, metadata.namespace);
  }
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  object.apiVersion = apiVersionOf(info.type);
  object.kind = info.type.kind;
  if (info.statusSubresource) delete object.status;
  applyCreateDefaults(info.type.kind, object, ctx.random);
  for (const hook of ctx.admission) hook(info, object);
  const causes = validateObject(info.type.kind, object);
  if (info.type.kind === 'CustomResourceDefinition') causes.push(...validateCrd(object));
  if (causes.length > 0) throw invalid(info.type, name, causes);
  if (ctx.state.find(info.type, metadata.namespace as string | undefined, name) !== undefined) {
    throw alreadyExists(info.type, name);
  }
  for (const field of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'managedFields']) delete metadata[field];
  metadata.uid = newUid(ctx.random);
  metadata.generation = 1;
  metadata.creationTimestamp = formatTime(ctx.clock.now());
  return object;
}

const SERVER_OWNED_METADATA = [
  'uid',
  'creationTimestamp',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'name',
  'namespace',
];

/**
 * A PUT body merged with the stored object: server-owned metadata kept, status or everything
 * else kept per subresource, generation bumped on spec changes. Undefined when nothing changed
 * (the apiserver does not bump the resourceVersion for a no-op write).
 */
export function buildUpdated(
  info: TypeInfo,
  current: JsonObject,
  input: unknown,
  mode: 'main' | 'status',
  /** The store built `input` itself (a merge-patched object): nobody else holds it, so no copy. */
  inputIsOwn = false,
): JsonObject | undefined {
  // Parts of the input taken from the stored object (a peeked view spread into a new object) stay shared.
  const incoming = inputIsOwn
    ? (input as JsonObject)
    : mode === 'status'
      ? statusWriteParts(input, current)
      : topLevelCopy(input, current);
  const inMeta: JsonObject = isJsonObject(incoming.metadata) ? incoming.metadata : {};
  const curMeta = current.metadata as JsonObject;
  const rv = inMeta.resourceVersion;
  const staleVersion = rv !== undefined && rv !== '' && rv !== curMeta.resourceVersion;
  if (staleVersion || (inMeta.uid !== undefined && inMeta.uid !== curMeta.uid)) {
    throw conflict(info.type, String(curMeta.name));
  }
  let next: JsonObject;
  if (mode === 'status') {
    next = withFreshMetadata(current);
    if (incoming.status === undefined) delete next.status;
    else next.status = incoming.status;
  } else {
    next = incoming;
    if (info.statusSubresource) {
      if (current.status === undefined) delete next.status;
      else next.status = current.status;
    }
    const meta: JsonObject = { ...inMeta };
    for (const field of SERVER_OWNED_METADATA) {
      if (curMeta[field] === undefined) delete meta[field];
      else meta[field] = curMeta[field];
    }
    next.metadata = meta;
    const causes = validateObject(info.type.kind, next);
    if (causes.length > 0) throw invalid(info.type, String(curMeta.name), causes);
  }
  next.apiVersion = apiVersionOf(info.type);
  next.kind = info.type.kind;
  const nextMeta = next.metadata as JsonObject;
  nextMeta.resourceVersion = curMeta.resourceVersion;
  if (mode === 'status' && next.apiVersion === current.apiVersion && next.kind === current.kind) {
    // Everything but the status is the stored object's own: the status alone decides.
    return deepEqual(next.status, current.status) ? undefined : next;
  }
  if (deepEqual(next, current)) return undefined;
  if (!specPartsEqual(next, current)) nextMeta.generation = Number(curMeta.generation ?? 0) + 1;
  return next;
}

/**
 * What a status write reads of its body: metadata (for the preconditions) and a copy of the
 * status. Controllers rewrite status with the whole object, mostly unchanged; copying all of it
 * only to compare the status is most of such a write's cost.
 */
function statusWriteParts(input: unknown, current: JsonObject): JsonObject {
  if (!isPlainObject(input) || (input.metadata !== undefined && !isPlainObject(input.metadata))) {
    return topLevelCopy(input, current);
  }
  const meta = input.metadata;
  const parts: JsonObject = { status: copyReusing(input.status, current.status) };
  if (meta !== undefined) {
    parts.metadata = copySharingFrozen({ resourceVersion: meta.resourceVersion, uid: meta.uid });
  }
  return parts;
}

/**
 * A copy of a write's body whose top level is always new (it is changed in place below); what it
 * restates of the stored object is the stored part itself.
 */
function topLevelCopy(input: unknown, current: JsonObject): JsonObject {
  const copy = copyReusing(input, current) as JsonObject;
  return copy === input || copy === current ? { ...copy } : copy;
}

function requireActiveNamespace(state: StoreState, namespace: string): void {
  const ns = state.find(NAMESPACES, undefined, namespace);
  if (ns === undefined) throw notFound(NAMESPACES, namespace);
  if (metaOf(ns).deletionTimestamp !== undefined) {
    throw forbidden(`unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}

function generateName(ctx: WriteContext, info: TypeInfo, prefix: string, namespace: unknown): string {
  const ns = typeof namespace === 'string' ? namespace : undefined;
  for (;;) {
    const candidate = `${prefix}${ctx.random.suffix(5)}`;
    if (ctx.state.find(info.type, ns, candidate) === undefined) return candidate;
  }
}

function newUid(random: Random): string {
  const hex = random.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
