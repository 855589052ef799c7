import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../lib/duration.js';
import type { ListenAddress } from './address.js';
import { parseListenAddress } from './address.js';

/** commander argParser: a duration (`15s`, `1m`, bare seconds) in ms. */
export function durationOption(value: string): number {
  const parsed = parseDuration(value);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.error);
  return parsed.value;
}

/** commander argParser: a listen address; `0` turns the server off (controller-runtime's convention). */
export function addressOption(value: string): ListenAddress | 'off' {
  if (value.trim() === '0') return 'off';
  const parsed = parseListenAddress(value);
  if (!parsed.ok) throw new InvalidArgumentError(parsed.error);
  return parsed.value;
}

export function portOption(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('expected a port, 0-65535');
  return port;
}

export function integerOption(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}
