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
  // A min-heap by (deadline, seq); cancelled timers stay in it until they reach the top.
  private readonly heap: Timer[] = [];

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  setTimer(delayMs: number, callback: () => void): Cancel {
    const seq = this.seq++;
    const timer = { dueMs: this.nowMs + Math.max(0, delayMs), seq, callback };
    this.timers.set(seq, timer);
    this.push(timer);
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
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || this.timers.has(top.seq)) return top;
      this.pop();
    }
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Timer, heap[parent] as Timer)) break;
      [heap[i], heap[parent]] = [heap[parent] as Timer, heap[i] as Timer];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left] as Timer, heap[smallest] as Timer)) smallest = left;
      if (right < heap.length && before(heap[right] as Timer, heap[smallest] as Timer)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest] as Timer, heap[i] as Timer];
      i = smallest;
    }
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.seq < b.seq);
}

/**
 * Lets queued promise continuations run, however many hops deep: Node drains the whole microtask
 * queue (including microtasks queued while draining) before it reaches the check phase.
 */
function settle(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
