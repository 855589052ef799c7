import { timingSafeEqual } from 'node:crypto';
import type { ObjectStore } from '../cluster/store.js';
import type { Clock } from '../lib/clock.js';
import type { ResourceCall } from './call.js';
import { apiGroup, groupList, legacyVersions, resourceList, versionInfo } from './discovery.js';
import { openApiV2 } from './openapi.js';
import {
  createObject,
  deleteCollection,
  deleteOne,
  getObject,
  listOrWatch,
  patchObject,
  updateObject,
} from './resource-handlers.js';
import type { ResourceRoute, Route } from './routes.js';
import { parseRoute } from './routes.js';
import { handleScale } from './scale-subresource.js';
import {
  badRequest,
  errorResponse,
  jsonResponse,
  methodNotAllowed,
  notFoundPath,
  toKubeError,
  unauthorized,
} from './status.js';

export interface ApiHandlerOptions {
  readonly store: ObjectStore;
  readonly clock: Clock;
  /** When set, every request but the health checks needs `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
  /** host:port advertised in `GET /api` (default 127.0.0.1). */
  readonly serverAddress?: string | undefined;
  /** Called with unexpected (non-KubeError) failures, which clients see as a bare 500. */
  readonly onInternalError?: ((error: unknown) => void) | undefined;
}

export type ApiHandler = (request: Request) => Promise<Response>;

function tokenMatches(expected: string, header: string | null): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (match?.[1] === undefined) return false;
  const given = Buffer.from(match[1].trim());
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * The Kubernetes REST surface over the embedded store, as `Request → Response` so tests need no
 * socket. Errors of every kind come back as Status bodies with the apiserver's codes and reasons.
 */
export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const { store, clock } = options;
  return async (request) => {
    try {
      const url = new URL(request.url);
      const route = parseRoute(url.pathname);
      if (route?.kind === 'health') return new Response('ok', { headers: { 'content-type': 'text/plain' } });
      if (options.token !== undefined && !tokenMatches(options.token, request.headers.get('authorization'))) {
        return errorResponse(unauthorized());
      }
      if (route === undefined) throw notFoundPath();
      if (route.kind === 'resource') return await serveResource({ store, clock, request, url, route });
      if (request.method !== 'GET' && request.method !== 'HEAD') throw methodNotAllowed(request.method);
      return serveDiscovery(route, store, request, options.serverAddress ?? '127.0.0.1');
    } catch (error) {
      const kubeError = toKubeError(error);
      if (kubeError.status === 500) options.onInternalError?.(error);
      return errorResponse(kubeError);
    }
  };
}

function serveDiscovery(
  route: Exclude<Route, ResourceRoute>,
  store: ObjectStore,
  request: Request,
  serverAddress: string,
): Response {
  const types = store.types();
  const found = (body: Record<string, unknown> | undefined): Response => {
    if (body === undefined) throw notFoundPath();
    return jsonResponse(body);
  };
  switch (route.kind) {
    case 'version':
      return jsonResponse(versionInfo());
    case 'legacy-versions':
      // Plain APIVersions/APIGroupList even when kubectl 1.32 offers the aggregated form first:
      // client-go reads the Content-Type and falls back to the legacy documents.
      return jsonResponse(legacyVersions(serverAddress));
    case 'groups':
      return jsonResponse(groupList(types));
    case 'group':
      return found(apiGroup(types, route.group));
    case 'resources':
      if (route.group === '' && route.version !== 'v1') throw notFoundPath();
      return found(resourceList(types, route.group, route.version));
    case 'openapi':
      // No v3 document: kubectl 1.32 falls back to v2 on a 404.
      if (route.version === 'v3' || route.rest !== '') throw notFoundPath();
      return openApiV2(request.headers.get('accept') ?? '');
    case 'health':
      return new Response('ok');
  }
}

async function serveResource(call: Omit<ResourceCall, 'info'>): Promise<Response> {
  const { route, request } = call;
  const info = call.store.resolve(route.group, route.version, route.plural);
  if (info === undefined) throw notFoundPath();
  if (!info.type.namespaced && route.namespace !== undefined) throw notFoundPath();
  const full: ResourceCall = { ...call, info };
  const method = request.method;
  // Refused rather than ignored: ignoring it would make `kubectl diff` and `--dry-run=server` write.
  if (method !== 'GET' && call.url.searchParams.has('dryRun'))
    throw badRequest('dryRun is not supported by this server');
  const name = route.name;
  if (name === undefined) {
    if (method === 'GET') return listOrWatch(full);
    if (method === 'POST') return createObject(full);
    if (method === 'DELETE') return deleteCollection(full);
    throw methodNotAllowed(method);
  }
  if (info.type.namespaced && route.namespace === undefined) throw notFoundPath();
  switch (route.subresource) {
    case undefined:
      if (method === 'GET') {
        const watch = call.url.searchParams.get('watch');
        return watch === 'true' || watch === '1' ? listOrWatch(full, name) : getObject(full, name);
      }
      if (method === 'PUT') return updateObject(full, name);
      if (method === 'PATCH') return patchObject(full, name);
      if (method === 'DELETE') return deleteOne(full, name);
      throw methodNotAllowed(method);
    case 'status':
      if (!info.statusSubresource) throw notFoundPath();
      if (method === 'GET') return getObject(full, name);
      if (method === 'PUT') return updateObject(full, name, 'status');
      if (method === 'PATCH') return patchObject(full, name, 'status');
      throw methodNotAllowed(method);
    case 'scale':
      if (info.scale === undefined) throw notFoundPath();
      if (method !== 'GET' && method !== 'PUT' && method !== 'PATCH') throw methodNotAllowed(method);
      return handleScale(full, name);
    default:
      throw notFoundPath();
  }
}
