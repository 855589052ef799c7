import type { Cancel, Clock } from './clock.js';

interface Timer {
  readonly dueMs: number;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * Virtual time: nothing moves until `advanceTo`/`runUntil` is called, then due timers fire in
 * (deadline, creation order) so equal deadlines always fire in the same order.
 */
export class VirtualClock implements Clock {
  private nowMs: number;
  private seq = 0;
  private readonly timers = new Map<number, Timer>();

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimer(delayMs: number, callback: () => void): Cancel {
    const seq = this.seq++;
    this.timers.set(seq, { dueMs: this.nowMs + Math.max(0, delayMs), seq, callback });
    return () => {
      this.timers.delete(seq);
    };
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(delayMs, resolve));
  }

  /** The deadline of the next timer, if any. */
  nextDueMs(): number | undefined {
    return this.nextTimer()?.dueMs;
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Fires every timer due at or before `targetMs`, in order, letting promise continuations run
   * between timers so async code scheduled by a timer settles before time moves on.
   */
  async runUntil(targetMs: number): Promise<void> {
    if (targetMs < this.nowMs)
      throw new RangeError(`VirtualClock cannot go back in time (${targetMs} < ${this.nowMs})`);
    await settle();
    for (;;) {
      const next = this.nextTimer();
      if (next === undefined || next.dueMs > targetMs) break;
      this.timers.delete(next.seq);
      this.nowMs = next.dueMs;
      next.callback();
      await settle();
    }
    this.nowMs = targetMs;
    await settle();
  }

  async advance(deltaMs: number): Promise<void> {
    await this.runUntil(this.nowMs + deltaMs);
  }

  private nextTimer(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers.values()) {
      if (best === undefined || timer.dueMs < best.dueMs || (timer.dueMs === best.dueMs && timer.seq < best.seq)) {
        best = timer;
      }
    }
    return best;
  }
}

/** Lets queued promise continuations (several microtask hops deep) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
