/**
 * `{ [key]: value }` when value is defined, `{}` otherwise: spreads optional fields under
 * `exactOptionalPropertyTypes` without `...(x !== undefined && { k: x })` at every call site.
 */
export function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
