import type { Result } from './result.js';
import { err, ok } from './result.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `90`, `90s`, `1m30s`, `1.5h`, `500ms`, `2d` into milliseconds. A bare number means
 * seconds, as in Kubernetes' `*Seconds` fields.
 */
export function parseDuration(input: string | number): Result<number, string> {
  if (typeof input === 'number') {
    return Number.isFinite(input) && input >= 0
      ? ok(input * 1000)
      : err(`expected a non-negative duration, got ${input}`);
  }
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return ok(Number(text) * 1000);
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(text); match !== null; match = part.exec(text)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
    consumed = part.lastIndex;
  }
  if (text === '' || consumed !== text.length) {
    return err(`expected a duration like 30s, 10m, 1h30m or a number of seconds, got "${input}"`);
  }
  return ok(total);
}

/** 90_000 → `1m30s`; for timelines and messages. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join('');
}
