/** The only source of time. Everything that waits or stamps goes through a Clock, so the same code runs live and in virtual time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `callback` once `delayMs` from now; returns a function that cancels it. */
  setTimer(delayMs: number, callback: () => void): Cancel;
  /** Resolves after `delayMs` (virtual or real). */
  sleep(delayMs: number): Promise<void>;
}

export type Cancel = () => void;

/** Wall-clock time, for `spillway run` and `spillway up`. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, callback: () => void): Cancel {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(handle);
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimer(delayMs, resolve));
  }
}

/** RFC 3339 with second precision, the form Kubernetes uses for Time fields. */
export function formatTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  // Stamps come in runs from the same second (a simulated poll writes several): format each once.
  if (second !== lastFormatted.second) {
    lastFormatted.second = second;
    lastFormatted.text = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastFormatted.text;
}

const lastFormatted = { second: Number.NaN, text: '' };

/** RFC 3339 with microseconds, the form Kubernetes requires for MicroTime fields (Lease, events.k8s.io). */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function parseTime(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
