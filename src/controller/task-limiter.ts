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

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, so `running` never overshoots the limit.
      const next = this.waiting.shift();
      if (next === undefined) this.running--;
      else next();
    }
  }

  /** Tasks running and waiting, for tests and diagnostics. */
  load(): { readonly running: number; readonly waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
