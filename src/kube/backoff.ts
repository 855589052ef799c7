import type { Random } from '../lib/random.js';

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Growth per attempt; 2 unless told. */
  readonly factor?: number;
  /**
   * Fraction of the delay left to chance: 1 is "full jitter" (uniform in [0, d)), 0.5 keeps at
   * least half of it. Spreads out clients that failed together so they do not retry together.
   */
  readonly jitter: number;
  /**
   * A failure this long after the previous one starts again from the smallest delay, so a loop
   * that failed a lot once, then ran well for a long time without telling us, is not made to
   * wait the maximum on its next hiccup (client-go's backoff manager resets after 2 min).
   */
  readonly resetAfterMs?: number;
}

/** The delay before retry number `attempt` (0-based): min(max, initial·factor^attempt), then jittered. */
export function computeBackoffMs(attempt: number, options: BackoffOptions, random: Random): number {
  const factor = options.factor ?? 2;
  const ceiling = Math.min(options.maxMs, options.initialMs * Math.pow(factor, Math.max(0, attempt)));
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return ceiling * (1 - jitter * random.next());
}

/** A stateful backoff for long-running loops (informers): grows on each failure, resets on success. */
export class Backoff {
  private attempt = 0;
  private lastFailureMs: number | undefined;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: Random,
  ) {}

  /** The delay after a failure at `nowMs` (needed for `resetAfterMs`). */
  nextDelayMs(nowMs?: number): number {
    const { resetAfterMs } = this.options;
    if (
      resetAfterMs !== undefined &&
      nowMs !== undefined &&
      this.lastFailureMs !== undefined &&
      nowMs - this.lastFailureMs >= resetAfterMs
    ) {
      this.attempt = 0;
    }
    if (nowMs !== undefined) this.lastFailureMs = nowMs;
    const delay = computeBackoffMs(this.attempt, this.options, this.random);
    this.attempt++;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }

  failures(): number {
    return this.attempt;
  }
}
