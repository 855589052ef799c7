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
    lastFormatted.text = formatSecond(second);
  }
  return lastFormatted.text;
}

const lastFormatted = { second: Number.NaN, text: '' };

const SECONDS_PER_DAY = 86_400;

/** Only the date part goes through Date, once per day: a simulated day stamps tens of thousands of seconds. */
function formatSecond(second: number): string {
  const day = Math.floor(second / SECONDS_PER_DAY);
  if (day !== lastDay.day) {
    const iso = new Date(day * SECONDS_PER_DAY * 1000).toISOString();
    lastDay.day = day;
    lastDay.prefix = iso.slice(0, iso.indexOf('T') + 1);
  }
  const ofDay = second - day * SECONDS_PER_DAY;
  const hours = Math.floor(ofDay / 3600);
  const minutes = Math.floor((ofDay % 3600) / 60);
  return `${lastDay.prefix}${twoDigits(hours)}:${twoDigits(minutes)}:${twoDigits(ofDay % 60)}Z`;
}

const lastDay = { day: Number.NaN, prefix: '' };

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** RFC 3339 at second precision, with milliseconds only when the instant has them: for people reading reasons. */
export function formatInstant(ms: number): string {
  return ms % 1000 === 0 ? formatTime(ms) : new Date(ms).toISOString();
}

/** RFC 3339 with microseconds, the form Kubernetes requires for MicroTime fields (Lease, events.k8s.io). */
export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export function parseTime(value: string): number | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
