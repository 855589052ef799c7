export { syncHpa, emptyHpaMemory, hpaPath } from './sync.js';
export type { HpaPath, HpaSyncInput, HpaSyncResult } from './sync.js';
export { resolveHpaBehavior, hpaMinReplicas, DEFAULT_HPA_OPTIONS } from './behavior.js';
export type { PauseAnnotations } from './behavior.js';
export { rescaleFailedConditions } from './conditions.js';
export type * from './types.js';
