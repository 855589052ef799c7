import type { CustomResourceColumnDefinition, CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { TypeInfo } from './resource-registry.js';

/** The types a CRD serves: one per served version, all sharing the group/plural storage. */
export function typesFromCrd(crd: CustomResourceDefinition): TypeInfo[] {
  const { group, names, scope } = crd.spec;
  return crd.spec.versions
    .filter((version) => version.served)
    .map((version) => ({
      type: { group, version: version.name, plural: names.plural, kind: names.kind, namespaced: scope !== 'Cluster' },
      singular: names.singular ?? names.kind.toLowerCase(),
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      statusSubresource: version.subresources?.status !== undefined,
      ...(version.subresources?.scale === undefined
        ? {}
        : {
            scale: {
              specReplicasPath: version.subresources.scale.specReplicasPath,
              statusReplicasPath: version.subresources.scale.statusReplicasPath,
              ...(version.subresources.scale.labelSelectorPath === undefined
                ? {}
                : { labelSelectorPath: version.subresources.scale.labelSelectorPath }),
            },
          }),
      custom: true,
    }));
}

// kubernetes-types lacks the x-kubernetes-* extensions; a non-literal skips the excess-property check.
const PERMISSIVE_SCHEMA = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

const condition = (type: string) => `.status.conditions[?(@.type=="${type}")].status`;

/** KEDA's columns (apis/keda/v1alpha1/scaledobject_types.go), so `kubectl get so` prints what it prints with KEDA. */
const SCALED_OBJECT_PRINTER_COLUMNS: CustomResourceColumnDefinition[] = [
  { name: 'ScaleTargetKind', type: 'string', jsonPath: '.status.scaleTargetKind' },
  { name: 'ScaleTargetName', type: 'string', jsonPath: '.spec.scaleTargetRef.name' },
  { name: 'Min', type: 'integer', jsonPath: '.spec.minReplicaCount' },
  { name: 'Max', type: 'integer', jsonPath: '.spec.maxReplicaCount' },
  { name: 'Ready', type: 'string', jsonPath: condition('Ready') },
  { name: 'Active', type: 'string', jsonPath: condition('Active') },
  { name: 'Fallback', type: 'string', jsonPath: condition('Fallback') },
  { name: 'Paused', type: 'string', jsonPath: condition('Paused') },
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
];

/**
 * KEDA's ScaledObject CRD, trimmed to what the store needs (names, scope, the status subresource)
 * with a permissive schema. Registered by default so the seed manifests apply without installing KEDA.
 */
export function scaledObjectCrd(): CustomResourceDefinition {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'scaledobjects.keda.sh' },
    spec: {
      group: 'keda.sh',
      names: {
        kind: 'ScaledObject',
        listKind: 'ScaledObjectList',
        plural: 'scaledobjects',
        singular: 'scaledobject',
        shortNames: ['so'],
      },
      scope: 'Namespaced',
      versions: [
        {
          name: 'v1alpha1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: { openAPIV3Schema: PERMISSIVE_SCHEMA },
          additionalPrinterColumns: SCALED_OBJECT_PRINTER_COLUMNS,
        },
      ],
    },
  };
}
