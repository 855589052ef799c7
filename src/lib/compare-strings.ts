/**
 * Orders strings by UTF-16 code unit, as Go's `sort.Strings` orders bytes for the ASCII names
 * Kubernetes uses. Unlike `localeCompare`, the result does not depend on the machine's locale, so
 * the same seed gives the same run everywhere, and no collator has to be loaded first.
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
