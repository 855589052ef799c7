import type { MaybePromise } from '../lib/maybe-promise.js';
import { isPromise } from '../lib/maybe-promise.js';

/**
 * Bounds how many worker tasks run at once. Ten thousand ScaledObjects created together would
 * otherwise open ten thousand requests at the same moment, and the slowest of them time out and
 * fail. Tasks start in arrival order; with a slot free a task starts at once, so a controller
 * below the bound behaves exactly as without one.
 */
export class TaskLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`task limit must be a positive integer, got ${limit}`);
  }

  run<T>(task: () => MaybePromise<T>): Promise<T> {
    if (this.running < this.limit) {
      this.running++;
      return this.holdingSlot(task);
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve)).then(() => this.holdingSlot(task));
  }

  // Plain `then` rather than async/finally: every poll passes through here, and each hop costs.
  private holdingSlot<T>(task: () => MaybePromise<T>): Promise<T> {
    let running: MaybePromise<T>;
    try {
      running = task();
    } catch (error) {
      this.release();
      return Promise.reject(error as Error);
    }
    if (!isPromise(running)) {
      this.release();
      return Promise.resolve(running);
    }
    return running.then(
      (value) => {
        this.release();
        return value;
      },
      (error: unknown) => {
        this.release();
        throw error;
      },
    );
  }

  /** The slot passes straight to the next waiter, so `running` never overshoots the limit. */
  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.running--;
    else next();
  }

  /** Tasks running and waiting, for tests and diagnostics. */
  load(): { readonly running: number; readonly waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
