import { createRequire } from 'node:module';
import type * as MathjsNumber from 'mathjs/number';

export type Mathjs = typeof MathjsNumber;

let loaded: Mathjs | undefined;

/**
 * mathjs's number build, loaded on first use: it takes most of a second to load, and only
 * ScaledObjects with `advanced.scalingModifiers` need it, so every command starts without it.
 */
export function mathjs(): Mathjs {
  loaded ??= createRequire(import.meta.url)('mathjs/number') as Mathjs;
  return loaded;
}
