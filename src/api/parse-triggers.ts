import type { Issue } from '../lib/issues.js';
import { locateTriggerIssues } from '../triggers/trigger.js';
import { findTrigger, supportedTriggerTypes } from '../triggers/registry.js';
import type { TriggerConfig } from '../triggers/trigger.js';
import { triggerSchema } from './scaled-object-schema.js';

export interface ParsedTriggerConfigs {
  /** By trigger index; undefined where the trigger or its metadata is invalid. */
  readonly configs: readonly (TriggerConfig | undefined)[];
  readonly issues: readonly Issue[];
}

export interface TriggerParseOptions {
  readonly namespace: string;
  /** With scalingModifiers every trigger may be only a formula source (KEDA's AsMetricSource). */
  readonly formulaSource: boolean;
}

/**
 * Runs each trigger's own metadata parser (triggers/<type>.ts) on the raw `spec.triggers`, independently
 * of the rest of the object, so its issues are reported alongside the schema's. Structural issues of
 * the trigger itself are the schema's to report; such triggers are skipped here.
 */
export function parseTriggerConfigs(rawTriggers: unknown, options: TriggerParseOptions): ParsedTriggerConfigs {
  if (!Array.isArray(rawTriggers)) return { configs: [], issues: [] };
  const issues: Issue[] = [];
  const configs = rawTriggers.map((raw: unknown, index): TriggerConfig | undefined => {
    const shape = triggerSchema.safeParse(raw);
    if (!shape.success) return undefined;
    const trigger = shape.data;
    const definition = findTrigger(trigger.type);
    if (definition === undefined) {
      issues.push(unknownTypeIssue(trigger.type, index));
      return undefined;
    }
    const parsed = definition.parse(trigger.metadata, {
      namespace: options.namespace,
      triggerIndex: index,
      metricType: trigger.metricType,
      formulaSource: options.formulaSource,
    });
    if (!parsed.ok) {
      issues.push(...locateTriggerIssues(['spec', 'triggers', index], parsed.error));
      return undefined;
    }
    return parsed.value;
  });
  return { configs, issues };
}

function unknownTypeIssue(type: string, index: number): Issue {
  const supported = supportedTriggerTypes().sort();
  const list = supported.length > 0 ? supported.join(', ') : 'none registered';
  return {
    code: 'unknown_trigger',
    path: ['spec', 'triggers', index, 'type'],
    message: `unknown trigger type "${type}"; supported types: ${list}`,
    expected: `one of ${list}`,
    received: JSON.stringify(type),
  };
}
