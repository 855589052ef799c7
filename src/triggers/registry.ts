import type { TriggerDefinition } from './trigger.js';

/**
 * Every supported trigger type, one file each, kept in alphabetical order (a test checks it).
 * To add a trigger: write `triggers/<type>.ts` and its test, then add one line here.
 */
const TRIGGERS: readonly TriggerDefinition[] = [
  // TRIGGERS-START
  // TRIGGERS-END
];

export function findTrigger(type: string): TriggerDefinition | undefined {
  return TRIGGERS.find((trigger) => trigger.type === type);
}

export function supportedTriggerTypes(): string[] {
  return TRIGGERS.map((trigger) => trigger.type);
}
