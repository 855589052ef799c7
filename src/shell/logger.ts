import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export interface LoggerOptions {
  readonly level?: string;
  /** Where lines go: 1 (stdout, `spillway run`) or 2 (stderr, `spillway up`, whose stdout is for people). */
  readonly fd?: 1 | 2;
  /** Pretty lines instead of JSON; default: when the destination is a terminal. */
  readonly pretty?: boolean;
  /** For tests. */
  readonly destination?: DestinationStream;
}

/**
 * Credentials may arrive inside objects we log (kubeconfig users, trigger auth, request
 * headers); pino censors these paths before serialising, so they never reach a log line.
 */
export const REDACTED_PATHS: readonly string[] = [
  'token',
  'password',
  'bearerToken',
  'authorization',
  '*.token',
  '*.password',
  '*.bearerToken',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

export function createLogger(options: LoggerOptions = {}): Logger {
  const fd = options.fd ?? 1;
  const config = {
    level: options.level ?? 'info',
    base: { name: 'spillway' },
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
  };
  if (options.destination !== undefined) return pino(config, options.destination);
  const stream = fd === 1 ? process.stdout : process.stderr;
  const isPretty = options.pretty ?? stream.isTTY === true;
  // In-process pretty printing, not a transport: a worker thread would outlive a fast exit and drop lines.
  if (isPretty) return pino(config, pretty({ destination: fd, colorize: true, sync: true }));
  return pino(config, pino.destination({ dest: fd, sync: true }));
}
