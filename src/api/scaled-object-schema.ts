import { z } from 'zod';
import { annotationsSchema } from './scaled-object-annotations.js';
import { whenFieldsValid } from './field-checks.js';
import { hpaBehaviorSchema } from './hpa-behavior-schema.js';
import { int32 } from './int32.js';
import {
  checkFallbackHasExternalTrigger,
  checkNoCachedResourceMetrics,
  checkIdleBelowMin,
  checkMinNotAboveMax,
  checkScalingFormula,
  checkUniqueTriggerNames,
} from './scaled-object-rules.js';

/**
 * The wire form of a ScaledObject (the `keda.sh/v1alpha1` CRD, also served as `spillway.io/v1alpha1`),
 * with KEDA's defaults (spec/keda-hpa-semantics.md §4.1). Numbers are int32 like the CRD's, so
 * `"5"` is rejected as the API server would. Cross-field rules live in scaled-object-rules.ts.
 */
export const SCALED_OBJECT_API_VERSIONS = ['keda.sh/v1alpha1', 'spillway.io/v1alpha1'] as const;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// Go's strconv.ParseFloat for plain decimals, which KEDA uses for `target`.
const FLOAT_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const objectName = z
  .string()
  .max(253)
  .regex(DNS_SUBDOMAIN, { error: 'expected a DNS subdomain name (lowercase alphanumerics, "-" and ".")' });

const timestamp = z.iso.datetime({ offset: true }).transform((text) => Date.parse(text));

export const metadataSchema = z.looseObject({
  name: objectName,
  namespace: z
    .string()
    .max(63)
    .regex(DNS_LABEL, { error: 'expected a DNS label (lowercase alphanumerics and "-")' })
    .default('default'),
  uid: z.string().optional(),
  generation: z.int({ error: 'expected an integer' }).min(0).optional(),
  resourceVersion: z.string().optional(),
  creationTimestamp: timestamp.optional(),
  deletionTimestamp: timestamp.optional(),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: annotationsSchema,
  finalizers: z.array(z.string()).default([]),
});

const floatText = (what: string) =>
  z
    .string({ error: `expected ${what} as a string, e.g. "2"` })
    .regex(FLOAT_TEXT, { error: `expected ${what} as a string, e.g. "2"` })
    .transform(Number);

const scalingModifiersSchema = z.strictObject({
  formula: z.string().min(1),
  target: floatText('a number > 0').pipe(z.number().positive()),
  activationTarget: floatText('a number').default(0),
  metricType: z.enum(['AverageValue', 'Value']).default('AverageValue'),
});

// KEDA treats an empty `scalingModifiers: {}` as "not used" (IsUsingModifiers compares with the zero value).
const optionalScalingModifiers = z.preprocess(
  (value) => (isEmptyObject(value) ? undefined : value),
  scalingModifiersSchema.optional(),
);

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

const advancedSchema = z.strictObject({
  restoreToOriginalReplicaCount: z.boolean().default(false),
  horizontalPodAutoscalerConfig: z
    .strictObject({
      name: objectName.optional(),
      behavior: hpaBehaviorSchema.optional(),
    })
    .prefault({}),
  scalingModifiers: optionalScalingModifiers,
});

export const triggerSchema = z
  .strictObject({
    type: z.string().min(1),
    name: z.string().min(1).optional(),
    metadata: z.record(z.string(), z.string()),
    metricType: z.enum(['AverageValue', 'Value', 'Utilization']).optional(),
    useCachedMetrics: z.boolean().default(false),
    authenticationRef: z
      .strictObject({
        name: z.string().min(1),
        kind: z.enum(['TriggerAuthentication', 'ClusterTriggerAuthentication']).optional(),
      })
      .optional(),
  })
  .superRefine(checkNoCachedResourceMetrics, { when: whenFieldsValid(['type'], ['useCachedMetrics']) });

const fallbackSchema = z.strictObject({
  failureThreshold: int32(0),
  replicas: int32(0),
  behavior: z
    .enum(['static', 'currentReplicas', 'currentReplicasIfHigher', 'currentReplicasIfLower'])
    .default('static'),
});

export const specSchema = z
  .strictObject({
    scaleTargetRef: z.strictObject({
      apiVersion: z.string().min(1).default('apps/v1'),
      kind: z.string().min(1).default('Deployment'),
      name: z.string().min(1),
      envSourceContainerName: z.string().optional(),
    }),
    pollingInterval: int32(1).default(30),
    cooldownPeriod: int32(0).default(300),
    initialCooldownPeriod: int32(0).default(0),
    // Kept optional here: the idle bound depends on whether min was written (KEDA quirk, see rules).
    minReplicaCount: int32(0).optional(),
    maxReplicaCount: int32(1).optional(),
    idleReplicaCount: int32(0).optional(),
    fallback: fallbackSchema.optional(),
    advanced: advancedSchema.prefault({}),
    triggers: z
      .array(triggerSchema)
      .min(1)
      .superRefine(checkUniqueTriggerNames, { when: (payload) => Array.isArray(payload.value) }),
  })
  .superRefine(checkMinNotAboveMax, { when: whenFieldsValid(['minReplicaCount'], ['maxReplicaCount']) })
  .superRefine(checkIdleBelowMin, { when: whenFieldsValid(['minReplicaCount'], ['idleReplicaCount']) })
  .superRefine(checkFallbackHasExternalTrigger, {
    when: whenFieldsValid(['fallback'], ['advanced', 'scalingModifiers'], ['triggers', '*', 'type']),
  })
  .superRefine(checkScalingFormula, {
    when: whenFieldsValid(['advanced', 'scalingModifiers', 'formula'], ['triggers', '*', 'name']),
  });

export const scaledObjectSchema = z.looseObject({
  apiVersion: z.enum(SCALED_OBJECT_API_VERSIONS),
  kind: z.literal('ScaledObject'),
  metadata: metadataSchema,
  spec: specSchema,
});

export type WireScaledObject = z.output<typeof scaledObjectSchema>;
export type WireSpec = z.output<typeof specSchema>;
export type WireTrigger = z.output<typeof triggerSchema>;
export type WireHpaBehavior = z.output<typeof hpaBehaviorSchema>;
