import type { JsonObject } from '../cluster/json.js';
import type { TypeInfo } from '../cluster/resource-registry.js';
import type { ObjectStore, StoreWatchOptions } from '../cluster/store.js';
import type { Clock, Cancel } from '../lib/clock.js';
import type { Printer } from './printers.js';
import { statusBody, toKubeError } from './status.js';
import type { IncludeObject } from './table.js';
import { toTable } from './table.js';

/** The real apiserver closes watches after 30–60 min; clients resume from their last resourceVersion. */
const DEFAULT_WATCH_TIMEOUT_MS = 30 * 60 * 1000;

export interface WatchStreamOptions {
  readonly store: ObjectStore;
  readonly clock: Clock;
  readonly info: TypeInfo;
  readonly watch: StoreWatchOptions;
  readonly timeoutSeconds: number | undefined;
  /** Set when the client asked for Tables: each event's object becomes a one-row Table. */
  readonly table: { readonly printer: Printer; readonly includeObject: IncludeObject } | undefined;
  readonly signal: AbortSignal | undefined;
}

/**
 * A watch as newline-delimited `{"type","object"}` JSON. A resourceVersion older than the store's
 * history is an ERROR event carrying a 410 Expired Status, then the end of the stream (what
 * client-node's informer relists on). The stream ends at `timeoutSeconds`, when the client goes
 * away, or when the body is cancelled.
 */
export function watchResponse(options: WatchStreamOptions): Response {
  const encoder = new TextEncoder();
  let finish: () => void = () => undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let handle: { stop(): void } | undefined;
      const timer: { cancel?: Cancel } = {};
      let done = false;
      finish = () => {
        if (done) return;
        done = true;
        handle?.stop();
        timer.cancel?.();
        options.signal?.removeEventListener('abort', finish);
        try {
          controller.close();
        } catch {
          // already closed by a cancel
        }
      };
      const send = (type: string, object: unknown) => {
        if (!done) controller.enqueue(encoder.encode(`${JSON.stringify({ type, object })}\n`));
      };
      const present = (object: JsonObject): unknown =>
        options.table === undefined
          ? object
          : toTable({
              printer: options.table.printer,
              objects: [object],
              now: options.clock.now(),
              includeObject: options.table.includeObject,
            });
      if (options.signal?.aborted === true) {
        finish();
        return;
      }
      options.signal?.addEventListener('abort', finish);
      try {
        handle = options.store.watch<JsonObject>(options.info.type, options.watch, (event) =>
          send(event.type, present(event.object)),
        );
      } catch (error) {
        send('ERROR', statusBody(toKubeError(error)));
        finish();
        return;
      }
      const timeoutMs =
        options.timeoutSeconds !== undefined && options.timeoutSeconds > 0
          ? options.timeoutSeconds * 1000
          : DEFAULT_WATCH_TIMEOUT_MS;
      timer.cancel = options.clock.setTimer(timeoutMs, finish);
    },
    cancel() {
      finish();
    },
  });
  const response = new Response(body, {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-cache, private' },
  });
  streamingResponses.add(response);
  return response;
}

const streamingResponses = new WeakSet<Response>();

/** Whether the body is an open-ended stream (a watch), to be sent as it comes rather than whole. */
export function isStreaming(response: Response): boolean {
  return streamingResponses.has(response);
}
