import { err } from '../lib/result.js';
import { cpuTrigger } from './cpu.js';
import { cronTrigger } from './cron.js';
import { kubernetesWorkloadTrigger } from './kubernetes-workload.js';
import { memoryTrigger } from './memory.js';
import { prometheusTrigger } from './prometheus.js';
import type { AnyTriggerDefinition, TriggerConfig, TriggerDefinition } from './trigger.js';

/**
 * Stores a definition with a specific config type behind the common `TriggerConfig`. `measure`
 * takes its config contravariantly, so a definition for one config type cannot stand for all;
 * the erased `measure` checks `type` first, and only configs its own `parse` produced carry it.
 */
export function eraseConfigType<C extends TriggerConfig>(definition: TriggerDefinition<C>): AnyTriggerDefinition {
  return {
    type: definition.type,
    metricSource: definition.metricSource,
    parse: (metadata, context) => definition.parse(metadata, context),
    // Not async: a measurement served from a cache comes back at once, without promise hops.
    measure: (config, sources) => {
      if (config.type !== definition.type) {
        return err({
          metricName: config.metricName,
          message: `a ${config.type} config was given to the ${definition.type} trigger`,
        });
      }
      return definition.measure(config as C, sources);
    },
  };
}

/**
 * Every supported trigger type, one file each, kept in alphabetical order (a test checks it).
 * To add a trigger: write `triggers/<type>.ts` and its test, then add one line here.
 */
const TRIGGERS: readonly AnyTriggerDefinition[] = [
  // TRIGGERS-START
  eraseConfigType(cpuTrigger),
  eraseConfigType(cronTrigger),
  eraseConfigType(kubernetesWorkloadTrigger),
  eraseConfigType(memoryTrigger),
  eraseConfigType(prometheusTrigger),
  // TRIGGERS-END
];

export function findTrigger(type: string): AnyTriggerDefinition | undefined {
  return TRIGGERS.find((trigger) => trigger.type === type);
}

export function supportedTriggerTypes(): string[] {
  return TRIGGERS.map((trigger) => trigger.type);
}
