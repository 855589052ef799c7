/**
 * A value now or later. Reads served from caches (scale targets, pod counts, cron windows) are
 * answered at once; only real I/O (a Prometheus query, a request to the API server) returns a
 * promise. Each `async` layer costs a poll several promise hops, and at a poll every few seconds
 * per ScaledObject those hops were most of a simulated day.
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}

/** Runs `next` on the value, now if it is here, else when it arrives. */
export function andThen<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromise(value) ? value.then(next) : next(value);
}
