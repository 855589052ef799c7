import { Watch } from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Cancel, Clock } from '../../lib/clock.js';
import type { KubeObject, WatchEvent, WatchHandle, WatchOptions } from '../client.js';
import type { KubeError } from '../errors.js';
import { isPlainObject } from '../merge-patch.js';
import { statusToKubeError, toKubeError } from './errors.js';

export interface WatchStreamOptions {
  readonly kc: KubeConfig;
  readonly clock: Clock;
  readonly path: string;
  readonly options: WatchOptions;
  /** Asked of the server, which then ends the stream cleanly; the caller resumes from there. */
  readonly timeoutSeconds: number;
  /** Fills in apiVersion/kind where a server leaves them out. */
  readonly complete: (object: KubeObject) => KubeObject;
}

const EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

/**
 * One watch request through client-node's `Watch`. `onClose` runs exactly once: with nothing on
 * a clean end, with the ERROR event's Status (410 Expired and friends) or the failure otherwise,
 * and never after `stop()` (whose abort client-node would otherwise report as an error).
 */
export function openWatchStream<T extends KubeObject>(
  stream: WatchStreamOptions,
  onEvent: (event: WatchEvent<T>) => void,
  onClose: (error?: KubeError) => void,
): WatchHandle {
  let finished = false;
  let controller: AbortController | undefined;
  const finish = (error?: KubeError): void => {
    if (finished) return;
    finished = true;
    cancelGuard();
    controller?.abort();
    onClose(error);
  };
  // client-node 1.4.0 has no client-side watch timeout: a half-open connection would hang forever.
  const cancelGuard: Cancel = stream.clock.setTimer((stream.timeoutSeconds + 60) * 1000, () =>
    finish(toKubeError(Object.assign(new Error('watch stalled past its timeout'), { code: 'ETIMEDOUT' }))),
  );
  const { options } = stream;
  const query = {
    resourceVersion: options.resourceVersion === '' ? undefined : options.resourceVersion,
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
    allowWatchBookmarks: true,
    timeoutSeconds: stream.timeoutSeconds,
  };
  new Watch(stream.kc)
    .watch(
      stream.path,
      query,
      (type: string, object: unknown) => {
        if (finished) return;
        if (type === 'ERROR') {
          finish(statusToKubeError(statusCode(object), object));
        } else if (EVENT_TYPES.has(type) && isPlainObject(object)) {
          try {
            onEvent({ type: type as WatchEvent<T>['type'], object: stream.complete(object) as T });
          } catch {
            // Handlers own their errors; client-node would swallow this silently anyway.
          }
        }
      },
      (error: unknown) => finish(error === null || error === undefined ? undefined : toKubeError(error)),
    )
    .then(
      (abort) => {
        controller = abort;
        if (finished) abort.abort();
      },
      (error: unknown) => finish(toKubeError(error)),
    );
  return {
    stop: () => {
      finished = true;
      cancelGuard();
      controller?.abort();
    },
  };
}

function statusCode(object: unknown): number {
  return isPlainObject(object) && typeof object['code'] === 'number' ? object['code'] : 500;
}
