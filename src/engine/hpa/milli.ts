/**
 * `Quantity.MilliValue()`: the HPA compares integer milli-units. A fraction below one milli rounds up, as the
 * Quantity does; float noise from `x * 1000` (8.6 → 8600.000000000001) must not count as such a fraction.
 */
export function toMilli(value: number): number {
  const scaled = value * 1000;
  const nearest = Math.round(scaled);
  if (Math.abs(scaled - nearest) < 1e-6) return nearest;
  return Math.ceil(scaled);
}

/** For messages: milli-units back to the base unit, without float noise. */
export function fromMilli(milli: number): number {
  return milli / 1000;
}

/** Go's `int32(math.Ceil(x))` with the HPA's guard against int32 overflow. */
export function ceilToReplicas(value: number): number {
  const MAX_INT32 = 2147483647;
  if (value > MAX_INT32) return MAX_INT32;
  return Math.ceil(value);
}
