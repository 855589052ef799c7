/** Multipliers of the Kubernetes quantity suffixes (apimachinery `resource.Quantity`). */
const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** Parses a Kubernetes quantity such as `500m`, `1.5`, `2Gi` or `1e3`; undefined when malformed. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text);
  if (match === null) return undefined;
  const base = Number(match[1]);
  const exponent = match[2] === undefined ? 1 : 10 ** Number(match[2].slice(1));
  const suffix = SUFFIXES[match[3] ?? ''] ?? 1;
  const value = base * exponent * suffix;
  return Number.isFinite(value) ? value : undefined;
}
