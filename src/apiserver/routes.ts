/** Where a request path points: a discovery document, or a resource (collection, object, subresource). */
export type Route =
  | { readonly kind: 'version' }
  | { readonly kind: 'health' }
  | { readonly kind: 'legacy-versions' }
  | { readonly kind: 'groups' }
  | { readonly kind: 'group'; readonly group: string }
  | { readonly kind: 'resources'; readonly group: string; readonly version: string }
  | { readonly kind: 'openapi'; readonly version: 'v2' | 'v3'; readonly rest: string }
  | ResourceRoute;

export interface ResourceRoute {
  readonly kind: 'resource';
  readonly group: string;
  readonly version: string;
  readonly namespace: string | undefined;
  readonly plural: string;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Parses `/api/v1/namespaces/ns/pods/name/status`-style paths; undefined for anything else. */
export function parseRoute(pathname: string): Route | undefined {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map((p) => decodeURIComponent(p));
  const [root, ...rest] = parts;
  if (root === undefined) return undefined;
  if (root === 'version' && rest.length === 0) return { kind: 'version' };
  if ((root === 'healthz' || root === 'readyz' || root === 'livez') && rest.length === 0) return { kind: 'health' };
  if (root === 'openapi' && (rest[0] === 'v2' || rest[0] === 'v3')) {
    return { kind: 'openapi', version: rest[0], rest: rest.slice(1).join('/') };
  }
  if (root === 'api') {
    if (rest.length === 0) return { kind: 'legacy-versions' };
    const [version, ...tail] = rest;
    if (version === undefined) return undefined;
    if (tail.length === 0) return { kind: 'resources', group: '', version };
    return resourceRoute('', version, tail);
  }
  if (root === 'apis') {
    const [group, version, ...tail] = rest;
    if (group === undefined) return { kind: 'groups' };
    if (version === undefined) return { kind: 'group', group };
    if (tail.length === 0) return { kind: 'resources', group, version };
    return resourceRoute(group, version, tail);
  }
  return undefined;
}

function resourceRoute(group: string, version: string, tail: readonly string[]): ResourceRoute | undefined {
  const route = (namespace: string | undefined, segments: readonly string[]): ResourceRoute | undefined => {
    const [plural, name, subresource, extra] = segments;
    if (plural === undefined || extra !== undefined) return undefined;
    return { kind: 'resource', group, version, namespace, plural, name, subresource };
  };
  if (tail[0] === 'namespaces' && tail.length >= 3) {
    const namespace = tail[1];
    const next = tail[2];
    if (group === '' && tail.length === 3 && next !== undefined && NAMESPACE_SUBRESOURCES.has(next)) {
      return route(undefined, tail);
    }
    return route(namespace, tail.slice(2));
  }
  return route(undefined, tail);
}
