/** The REST resources spillway reads and writes, named once. */
export interface ResourceType {
  readonly group: string; // '' for the core group
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

function resource(group: string, version: string, plural: string, kind: string, namespaced = true): ResourceType {
  return { group, version, plural, kind, namespaced };
}

export const NAMESPACES = resource('', 'v1', 'namespaces', 'Namespace', false);
export const NODES = resource('', 'v1', 'nodes', 'Node', false);
export const PODS = resource('', 'v1', 'pods', 'Pod');
export const SERVICES = resource('', 'v1', 'services', 'Service');
export const EVENTS = resource('', 'v1', 'events', 'Event');
export const CONFIG_MAPS = resource('', 'v1', 'configmaps', 'ConfigMap');
export const SECRETS = resource('', 'v1', 'secrets', 'Secret');
export const DEPLOYMENTS = resource('apps', 'v1', 'deployments', 'Deployment');
export const REPLICA_SETS = resource('apps', 'v1', 'replicasets', 'ReplicaSet');
export const STATEFUL_SETS = resource('apps', 'v1', 'statefulsets', 'StatefulSet');
export const ENDPOINT_SLICES = resource('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice');
export const RUNTIME_CLASSES = resource('node.k8s.io', 'v1', 'runtimeclasses', 'RuntimeClass', false);
export const LEASES = resource('coordination.k8s.io', 'v1', 'leases', 'Lease');
export const CRDS = resource(
  'apiextensions.k8s.io',
  'v1',
  'customresourcedefinitions',
  'CustomResourceDefinition',
  false,
);
export const SCALED_OBJECTS = resource('keda.sh', 'v1alpha1', 'scaledobjects', 'ScaledObject');
export const SPILLWAY_SCALED_OBJECTS = resource('spillway.io', 'v1alpha1', 'scaledobjects', 'ScaledObject');

export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** `apps/v1` + `Deployment` → the resource, for scale targets named by apiVersion and kind. */
export function resourceForKind(apiVersion: string, kind: string): ResourceType | undefined {
  return KNOWN_RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

export const KNOWN_RESOURCES: readonly ResourceType[] = [
  NAMESPACES,
  NODES,
  PODS,
  SERVICES,
  EVENTS,
  CONFIG_MAPS,
  SECRETS,
  DEPLOYMENTS,
  REPLICA_SETS,
  STATEFUL_SETS,
  ENDPOINT_SLICES,
  RUNTIME_CLASSES,
  LEASES,
  CRDS,
  SCALED_OBJECTS,
];
