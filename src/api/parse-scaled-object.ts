import type { Issue } from '../lib/issues.js';
import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';
import type { TriggerConfig } from '../triggers/trigger.js';
import { annotationFlags } from './scaled-object-annotations.js';
import { scaledObjectSchema } from './scaled-object-schema.js';
import type { WireHpaBehavior, WireScaledObject, WireTrigger } from './scaled-object-schema.js';
import type { HpaBehavior, HpaScalingRules, ScaledObject, TriggerSpec } from './scaled-object.js';
import { parseTriggerConfigs } from './parse-triggers.js';
import { issuesFromZod } from './zod-issues.js';

export interface ScaledObjectCheck {
  /** Present when there is no error (warnings allowed). */
  readonly scaledObject?: ScaledObject;
  /** Every error and warning, all at once. */
  readonly issues: readonly Issue[];
}

/**
 * Parses a `keda.sh/v1alpha1` (or `spillway.io/v1alpha1`) ScaledObject into its typed, defaulted form.
 * Every issue is reported at once with its path; warnings do not fail the parse.
 */
export function parseScaledObject(raw: unknown): Result<ScaledObject, Issue[]> {
  const checked = checkScaledObject(raw);
  return checked.scaledObject !== undefined ? ok(checked.scaledObject) : err([...checked.issues]);
}

/** Like parseScaledObject, but keeps warnings next to a valid object (for `spillway validate`). */
export function checkScaledObject(raw: unknown): ScaledObjectCheck {
  const parsed = scaledObjectSchema.safeParse(raw, { reportInput: true });
  const triggers = parseTriggerConfigs(field(raw, 'spec', 'triggers'), {
    namespace: namespaceOf(raw),
    formulaSource: usesScalingModifiers(raw),
  });
  const issues = [...(parsed.success ? [] : issuesFromZod(parsed.error.issues)), ...triggers.issues];
  if (!parsed.success || issues.some((issue) => issue.severity !== 'warning')) return { issues };
  return { scaledObject: toScaledObject(parsed.data, triggers.configs), issues };
}

function field(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function namespaceOf(raw: unknown): string {
  const namespace = field(raw, 'metadata', 'namespace');
  return typeof namespace === 'string' && namespace !== '' ? namespace : 'default';
}

function usesScalingModifiers(raw: unknown): boolean {
  const modifiers = field(raw, 'spec', 'advanced', 'scalingModifiers');
  return typeof modifiers === 'object' && modifiers !== null && Object.keys(modifiers).length > 0;
}

function toScaledObject(wire: WireScaledObject, configs: readonly (TriggerConfig | undefined)[]): ScaledObject {
  const { metadata: meta, spec } = wire;
  const advanced = spec.advanced;
  const hpaConfig = advanced.horizontalPodAutoscalerConfig;
  return {
    apiVersion: wire.apiVersion,
    kind: 'ScaledObject',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      ...(meta.uid !== undefined && { uid: meta.uid }),
      ...(meta.generation !== undefined && { generation: meta.generation }),
      ...(meta.resourceVersion !== undefined && { resourceVersion: meta.resourceVersion }),
      ...(meta.creationTimestamp !== undefined && { creationTimestampMs: meta.creationTimestamp }),
      ...(meta.deletionTimestamp !== undefined && { deletionTimestampMs: meta.deletionTimestamp }),
      labels: meta.labels,
      annotations: meta.annotations,
      finalizers: meta.finalizers,
    },
    spec: {
      scaleTargetRef: {
        apiVersion: spec.scaleTargetRef.apiVersion,
        kind: spec.scaleTargetRef.kind,
        name: spec.scaleTargetRef.name,
        ...(spec.scaleTargetRef.envSourceContainerName !== undefined && {
          envSourceContainerName: spec.scaleTargetRef.envSourceContainerName,
        }),
      },
      pollingIntervalMs: spec.pollingInterval * 1000,
      cooldownPeriodMs: spec.cooldownPeriod * 1000,
      initialCooldownPeriodMs: spec.initialCooldownPeriod * 1000,
      minReplicaCount: spec.minReplicaCount ?? 0,
      maxReplicaCount: spec.maxReplicaCount ?? 100,
      ...(spec.idleReplicaCount !== undefined && { idleReplicaCount: spec.idleReplicaCount }),
      ...(spec.fallback !== undefined && { fallback: spec.fallback }),
      advanced: {
        restoreToOriginalReplicaCount: advanced.restoreToOriginalReplicaCount,
        horizontalPodAutoscalerConfig: {
          ...(hpaConfig.name !== undefined && { name: hpaConfig.name }),
          ...(hpaConfig.behavior !== undefined && { behavior: toHpaBehavior(hpaConfig.behavior) }),
        },
        ...(advanced.scalingModifiers !== undefined && { scalingModifiers: advanced.scalingModifiers }),
      },
      triggers: spec.triggers.map((trigger, index) => toTriggerSpec(trigger, configs[index])),
    },
    annotations: annotationFlags(meta.annotations),
  };
}

function toTriggerSpec(trigger: WireTrigger, config: TriggerConfig | undefined): TriggerSpec {
  if (config === undefined) throw new Error(`bug: trigger "${trigger.type}" has no parsed config and no issue`);
  return {
    type: trigger.type,
    ...(trigger.name !== undefined && { name: trigger.name }),
    ...(trigger.metricType !== undefined && { metricType: trigger.metricType }),
    useCachedMetrics: trigger.useCachedMetrics,
    metadata: trigger.metadata,
    ...(trigger.authenticationRef !== undefined && {
      authenticationRef: {
        name: trigger.authenticationRef.name,
        ...(trigger.authenticationRef.kind !== undefined && { kind: trigger.authenticationRef.kind }),
      },
    }),
    config,
  };
}

type WireScalingRules = NonNullable<WireHpaBehavior['scaleUp']>;

function toHpaBehavior(behavior: WireHpaBehavior): HpaBehavior {
  return {
    ...(behavior.scaleUp !== undefined && { scaleUp: toScalingRules(behavior.scaleUp) }),
    ...(behavior.scaleDown !== undefined && { scaleDown: toScalingRules(behavior.scaleDown) }),
  };
}

function toScalingRules(rules: WireScalingRules): HpaScalingRules {
  return {
    ...(rules.stabilizationWindowSeconds !== undefined && {
      stabilizationWindowSeconds: rules.stabilizationWindowSeconds,
    }),
    ...(rules.selectPolicy !== undefined && { selectPolicy: rules.selectPolicy }),
    ...(rules.policies !== undefined && { policies: rules.policies }),
    ...(rules.tolerance !== undefined && { tolerance: rules.tolerance }),
  };
}
