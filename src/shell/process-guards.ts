import type { Logger } from 'pino';

export interface ProcessGuardOptions {
  readonly logger: Logger;
  /** Called once on the first SIGTERM or SIGINT; the process exits with its result. */
  readonly shutdown: (signal: string) => Promise<number>;
}

/**
 * Signals and last-resort error handlers for a long-running command. A stray rejection is logged
 * and survived (the controller reports its own errors; a leaked promise is not worth the fleet's
 * uptime); an uncaught exception leaves the process in an unknown state, so it exits 1 after a
 * best-effort shutdown. A second signal exits at once.
 */
export function installProcessGuards(options: ProcessGuardOptions): () => void {
  const { logger } = options;
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    options.shutdown(signal).then(
      (code) => process.exit(code),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onRejection = (reason: unknown) => {
    logger.error({ err: reason }, 'unhandled promise rejection (ignored)');
  };
  const onException = (error: Error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    if (stopping) process.exit(1);
    stopping = true;
    options.shutdown('uncaughtException').finally(() => process.exit(1));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
