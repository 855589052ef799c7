import * as R from '../kube/resources.js';
import type { ResourceType } from '../kube/resources.js';

/** Paths of a scale subresource, as a CRD declares them (`.spec.replicas`). */
export interface ScalePaths {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

/** A resource type plus what discovery and the subresources need to know about it. */
export interface TypeInfo {
  readonly type: ResourceType;
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** With a status subresource, main writes keep the stored status and /status writes keep the rest. */
  readonly statusSubresource: boolean;
  readonly scale?: ScalePaths;
  /** Registered from a CustomResourceDefinition (deleted with it). */
  readonly custom: boolean;
}

const DEPLOYMENT_SCALE: ScalePaths = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.spec.selector',
};

function info(
  type: ResourceType,
  extra: Partial<Omit<TypeInfo, 'type' | 'singular' | 'custom'>> & { scale?: ScalePaths } = {},
): TypeInfo {
  return {
    type,
    singular: type.kind.toLowerCase(),
    shortNames: extra.shortNames ?? [],
    categories: extra.categories ?? [],
    statusSubresource: extra.statusSubresource ?? false,
    ...(extra.scale === undefined ? {} : { scale: extra.scale }),
    custom: false,
  };
}

/** The built-in kinds, with the short names kubectl users type. */
export const BUILT_IN_TYPES: readonly TypeInfo[] = [
  info(R.NAMESPACES, { shortNames: ['ns'], statusSubresource: true }),
  info(R.NODES, { shortNames: ['no'], statusSubresource: true }),
  info(R.PODS, { shortNames: ['po'], categories: ['all'], statusSubresource: true }),
  info(R.SERVICES, { shortNames: ['svc'], categories: ['all'], statusSubresource: true }),
  info(R.EVENTS, { shortNames: ['ev'] }),
  info(R.CONFIG_MAPS, { shortNames: ['cm'] }),
  info(R.SECRETS),
  info(R.DEPLOYMENTS, {
    shortNames: ['deploy'],
    categories: ['all'],
    statusSubresource: true,
    scale: DEPLOYMENT_SCALE,
  }),
  info(R.REPLICA_SETS, { shortNames: ['rs'], categories: ['all'], statusSubresource: true, scale: DEPLOYMENT_SCALE }),
  info(R.STATEFUL_SETS, { shortNames: ['sts'], categories: ['all'], statusSubresource: true, scale: DEPLOYMENT_SCALE }),
  info(R.ENDPOINT_SLICES),
  info(R.RUNTIME_CLASSES),
  info(R.LEASES),
  info(R.CRDS, { shortNames: ['crd', 'crds'], statusSubresource: true }),
];

// Every store call looks its type up by these keys; the ResourceType constants are few and reused.
const storageKeys = new WeakMap<ResourceType, string>();
const typeKeys = new WeakMap<ResourceType, string>();

/** Objects of every version of a group/resource share one storage key. */
export function storageKey(type: ResourceType): string {
  let key = storageKeys.get(type);
  if (key === undefined) {
    key = `${type.group}/${type.plural}`;
    storageKeys.set(type, key);
  }
  return key;
}

export function typeKey(type: ResourceType): string {
  let key = typeKeys.get(type);
  if (key === undefined) {
    key = `${type.group}/${type.version}/${type.plural}`;
    typeKeys.set(type, key);
  }
  return key;
}
