import type { TypeInfo } from '../cluster/resource-registry.js';
import { compareStrings } from '../lib/compare-strings.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

/** What `kubectl version` shows for the server; 1.32 matches the kubectl these docs were checked with. */
export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0-spillway',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '1970-01-01T00:00:00Z',
    goVersion: 'n/a',
    compiler: 'spillway',
    platform: `${process.platform}/${process.arch}`,
  };
}

/** `GET /api`: only the core group's one version. */
export function legacyVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

interface GroupVersions {
  readonly name: string;
  readonly versions: string[];
}

function namedGroups(types: readonly TypeInfo[]): GroupVersions[] {
  const groups = new Map<string, Set<string>>();
  for (const { type } of types) {
    if (type.group === '') continue;
    const versions = groups.get(type.group) ?? new Set<string>();
    versions.add(type.version);
    groups.set(type.group, versions);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([name, versions]) => ({ name, versions: [...versions].sort() }));
}

function groupBody(group: GroupVersions): Record<string, unknown> {
  const versions = group.versions.map((version) => ({ groupVersion: `${group.name}/${version}`, version }));
  return { name: group.name, versions, preferredVersion: versions[0] };
}

/** `GET /apis`: every named group (built-in and from CRDs). */
export function groupList(types: readonly TypeInfo[]): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: namedGroups(types).map(groupBody) };
}

/** `GET /apis/<group>`, or undefined when nothing in that group is served. */
export function apiGroup(types: readonly TypeInfo[], name: string): Record<string, unknown> | undefined {
  const group = namedGroups(types).find((g) => g.name === name);
  return group === undefined ? undefined : { kind: 'APIGroup', apiVersion: 'v1', ...groupBody(group) };
}

/** `GET /api/v1`, `GET /apis/<group>/<version>`: resources with verbs, short names and subresources. */
export function resourceList(
  types: readonly TypeInfo[],
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const served = types
    .filter((t) => t.type.group === group && t.type.version === version)
    .sort((a, b) => compareStrings(a.type.plural, b.type.plural));
  if (served.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const info of served) {
    const { type } = info;
    resources.push({
      name: type.plural,
      singularName: info.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: VERBS,
      ...(info.shortNames.length > 0 ? { shortNames: [...info.shortNames] } : {}),
      ...(info.categories.length > 0 ? { categories: [...info.categories] } : {}),
    });
    if (info.scale !== undefined) {
      resources.push({
        name: `${type.plural}/scale`,
        singularName: '',
        namespaced: type.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: SUBRESOURCE_VERBS,
      });
    }
    if (info.statusSubresource) {
      resources.push({
        name: `${type.plural}/status`,
        singularName: '',
        namespaced: type.namespaced,
        kind: type.kind,
        verbs: SUBRESOURCE_VERBS,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? version : `${group}/${version}`,
    resources,
  };
}
