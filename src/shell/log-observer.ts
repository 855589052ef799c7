import type { Logger } from 'pino';
import type { ControllerObserver } from '../controller/controller-context.js';

/** Every scale change and error in the log with its reasons; measurements only at debug. */
export function logObserver(logger: Logger): ControllerObserver {
  return {
    decision(record) {
      if (record.fromReplicas === record.toReplicas) {
        logger.debug({ ...record }, 'decision');
        return;
      }
      logger.info(
        {
          scaledObject: record.scaledObject,
          target: record.target,
          loop: record.loop,
          rule: record.rule,
          from: record.fromReplicas,
          to: record.toReplicas,
          reasons: record.reasons,
        },
        `scale ${record.target} ${record.fromReplicas}→${record.toReplicas}`,
      );
    },
    measurement(record) {
      if (record.error !== undefined) logger.warn({ ...record }, 'metric error');
      else logger.debug({ ...record }, 'measurement');
    },
    paused(record) {
      logger.debug({ ...record }, record.paused ? 'paused' : 'not paused');
    },
    error(record) {
      logger.warn({ ...record }, `controller error (${record.phase})`);
    },
  };
}
