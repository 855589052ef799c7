import type { KubeObject } from '../kube/client.js';
import { formatTime, parseTime } from '../lib/clock.js';
import type { Condition, HealthMap, HealthStatus } from '../engine/keda/types.js';
import { CONDITION_REASON, CONDITION_TYPE } from '../engine/reasons.js';

/** `status` of a ScaledObject on the wire, as KEDA writes it (spec §4.12). */
export interface ScaledObjectStatusWire {
  scaleTargetKind?: string;
  scaleTargetGVKR?: { group: string; version: string; kind: string; resource: string };
  originalReplicaCount?: number;
  lastActiveTime?: string;
  externalMetricNames?: string[];
  resourceMetricNames?: string[];
  compositeScalerName?: string;
  conditions?: Condition[];
  health?: Record<string, HealthStatus>;
  triggersActivity?: Record<string, { isActive: boolean }>;
  pausedReplicaCount?: number;
  hpaName?: string;
  triggersTypes?: string;
}

export interface RawScaledObject extends KubeObject {
  spec?: unknown;
  status?: ScaledObjectStatusWire;
}

/** What the controller needs back from status after a restart: nothing else survives one. */
export interface PersistedState {
  readonly lastActiveTimeMs?: number;
  readonly originalReplicaCount?: number;
  readonly health: HealthMap;
  readonly conditions: readonly Condition[];
  readonly pausedReplicaCount?: number;
}

export function readPersistedState(raw: RawScaledObject): PersistedState {
  const status = raw.status ?? {};
  const lastActiveTimeMs = status.lastActiveTime === undefined ? undefined : parseTime(status.lastActiveTime);
  return {
    ...(lastActiveTimeMs !== undefined && { lastActiveTimeMs }),
    ...(status.originalReplicaCount !== undefined && { originalReplicaCount: status.originalReplicaCount }),
    ...(status.pausedReplicaCount !== undefined && { pausedReplicaCount: status.pausedReplicaCount }),
    health: status.health ?? {},
    conditions: status.conditions ?? INITIAL_CONDITIONS,
  };
}

/** KEDA's `GetInitializedConditions`. */
export const INITIAL_CONDITIONS: readonly Condition[] = [
  { type: CONDITION_TYPE.ready, status: 'Unknown' },
  { type: CONDITION_TYPE.active, status: 'Unknown' },
  { type: CONDITION_TYPE.fallback, status: 'Unknown' },
  { type: CONDITION_TYPE.paused, status: 'False' },
];

/** Replaces conditions by type, keeping KEDA's order (Ready, Active, Fallback, Paused, then others). */
export function mergeConditions(previous: readonly Condition[], updates: readonly Condition[]): readonly Condition[] {
  if (startsWithInitialTypes(previous)) return replaceInPlace(previous, updates);
  const byType = new Map<string, Condition>();
  for (const condition of [...INITIAL_CONDITIONS, ...previous, ...updates]) byType.set(condition.type, condition);
  return [...byType.values()];
}

/** Already in KEDA's order, one of each type: updates replace by position, new types go last, as the general merge would. */
function startsWithInitialTypes(conditions: readonly Condition[]): boolean {
  if (conditions.length < INITIAL_CONDITIONS.length) return false;
  for (let i = 0; i < conditions.length; i++) {
    const type = conditions[i]?.type;
    if (i < INITIAL_CONDITIONS.length ? type !== INITIAL_CONDITIONS[i]?.type : indexOfType(conditions, type) !== i) {
      return false;
    }
  }
  return true;
}

/** Every poll sets the conditions it decides; most are what is there already, and then so is the list. */
function replaceInPlace(previous: readonly Condition[], updates: readonly Condition[]): readonly Condition[] {
  let merged: Condition[] | undefined;
  for (const update of updates) {
    const list = merged ?? previous;
    const index = indexOfType(list, update.type);
    if (index >= 0 && sameCondition(list[index], update)) continue;
    merged ??= [...previous];
    if (index >= 0) merged[index] = update;
    else merged.push(update);
  }
  return merged ?? previous;
}

function indexOfType(conditions: readonly Condition[], type: string | undefined): number {
  for (let i = 0; i < conditions.length; i++) if (conditions[i]?.type === type) return i;
  return -1;
}

function sameCondition(a: Condition | undefined, b: Condition): boolean {
  if (a === b) return true;
  return (
    a !== undefined &&
    a.type === b.type &&
    a.status === b.status &&
    a.reason === b.reason &&
    a.message === b.message &&
    Object.keys(a).length === Object.keys(b).length
  );
}

export function findCondition(conditions: readonly Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}

export function checkFailedConditions(message: string): Condition[] {
  return [
    { type: CONDITION_TYPE.ready, status: 'False', reason: CONDITION_REASON.scaledObjectCheckFailed, message },
    {
      type: CONDITION_TYPE.active,
      status: 'Unknown',
      reason: CONDITION_REASON.unknownState,
      message: 'ScaledObject check failed',
    },
  ];
}

export function timeField(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : formatTime(ms);
}
