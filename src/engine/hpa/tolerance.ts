import type { HpaOptions, ResolvedBehavior } from './types.js';

/** `Tolerances` in replica_calculator.go: separate bounds below and above a usage ratio of 1. */
export interface Tolerances {
  readonly scaleDown: number;
  readonly scaleUp: number;
}

/** Inclusive on both sides, as current Kubernetes (`Tolerances.isWithin`); 0.9 and 1.1 are within 0.1. */
export function isWithinTolerance(tolerances: Tolerances, usageRatio: number): boolean {
  return 1 - tolerances.scaleDown <= usageRatio && usageRatio <= 1 + tolerances.scaleUp;
}

/**
 * `tolerancesForHpa`: per-direction tolerances from `behavior` only with the HPAConfigurableTolerance gate on;
 * with it off the API server drops the fields, so the flag applies to both directions.
 */
export function tolerancesForHpa(
  behavior: ResolvedBehavior | undefined,
  options: Pick<HpaOptions, 'tolerance' | 'configurableTolerance'>,
): Tolerances {
  const fallback: Tolerances = { scaleDown: options.tolerance, scaleUp: options.tolerance };
  if (behavior === undefined || !options.configurableTolerance) return fallback;
  return {
    scaleDown: behavior.scaleDown.tolerance ?? options.tolerance,
    scaleUp: behavior.scaleUp.tolerance ?? options.tolerance,
  };
}

export function formatTolerances(tolerances: Tolerances): string {
  return `[${round(1 - tolerances.scaleDown)}, ${round(1 + tolerances.scaleUp)}]`;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
