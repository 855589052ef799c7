const SUFFIX: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
};

/** `250m` → 0.25, `16Gi` → 17179869184, `4` → 4; undefined when it is not a Kubernetes quantity. */
export function parseQuantity(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) ? text : undefined;
  const match = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/.exec(text.trim());
  if (match === null) return undefined;
  return Number(match[1]) * (SUFFIX[match[2] ?? ''] ?? 1);
}

/** Resources as numbers in base units (cores, bytes, counts). */
export type ResourceAmounts = Readonly<Record<string, number>>;

export function parseResources(list: Readonly<Record<string, string | number>> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(list ?? {})) {
    const parsed = parseQuantity(value);
    if (parsed !== undefined) out[name] = parsed;
  }
  return out;
}

export function addResources(a: ResourceAmounts, b: ResourceAmounts): Record<string, number> {
  const out: Record<string, number> = { ...a };
  for (const [name, value] of Object.entries(b)) out[name] = (out[name] ?? 0) + value;
  return out;
}

/** Adds `b` into `total` in place: for sums built up over many pods. */
export function addInto(total: Record<string, number>, b: ResourceAmounts): void {
  for (const name of Object.keys(b)) total[name] = (total[name] ?? 0) + (b[name] ?? 0);
}

/** Compared in thousandths so `100m` three times fits in `300m` despite binary floating point. */
export function fits(request: ResourceAmounts, free: ResourceAmounts): boolean {
  return Object.entries(request).every(
    ([name, value]) => Math.round(value * 1000) <= Math.round((free[name] ?? 0) * 1000),
  );
}

/** 0.25 → `250m`; whole numbers stay plain. For writing capacities back onto Node objects. */
export function formatQuantity(value: number): string {
  return Number.isInteger(value) ? String(value) : `${Math.round(value * 1000)}m`;
}
