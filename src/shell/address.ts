import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host);
}

/**
 * `8080`, `:8080`, `127.0.0.1:8080`, `[::1]:8080` or `0.0.0.0:8080`. A bare port binds 127.0.0.1,
 * not every interface as Go's `:8080` would: exposing a server is something to ask for.
 */
export function parseListenAddress(input: string): Result<ListenAddress, string> {
  const text = input.trim();
  const match = /^\d+$/.test(text)
    ? ['', undefined, undefined, text]
    : /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d+)$/.exec(text);
  if (match === null) return err(`"${input}" is not an address: expected PORT, :PORT or HOST:PORT`);
  const host = match[1] ?? (match[2] === undefined || match[2] === '' ? '127.0.0.1' : match[2]);
  const port = Number(match[3]);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) return err(`port ${match[3]} is out of range (0-65535)`);
  return ok({ host, port });
}
