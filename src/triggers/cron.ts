import { Cron } from 'croner';
import type { Issue } from '../lib/issues.js';
import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';
import { checkCronExpression, toCronerPattern } from './cron-expression.js';
import type { Metadata } from './metadata.js';
import { invalidParam, missingParam, parseJsonInt, readParam } from './metadata.js';
import { metricNameWithIndex, normalizeMetricName, resolveExternalTargetType } from './metric-values.js';
import type {
  MeasureResult,
  MetricSources,
  TriggerConfig,
  TriggerConfigBase,
  TriggerContext,
  TriggerDefinition,
} from './trigger.js';

/** `cron`: desiredReplicas inside a start/end window (keda: cron_scaler.go; spec §3). */
export type CronConfig = TriggerConfigBase & {
  readonly type: 'cron';
  readonly start: string;
  readonly end: string;
  readonly timezone: string;
  readonly desiredReplicas: number;
};

/**
 * KEDA reports 1, not 0, outside the window (`metricValue := float64(1)` in cron_scaler.go
 * `GetMetricsAndActivity`); against the target of 1 the HPA then wants one replica, which its
 * minimum of at least 1 makes no different from 0, but a scalingModifiers formula sees the 1.
 */
export const CRON_INACTIVE_VALUE = 1;

export function parseCron(metadata: Metadata, context: TriggerContext): Result<CronConfig, Issue[]> {
  const issues: Issue[] = [];
  const start = readCronExpression(metadata, 'start', issues);
  const end = readCronExpression(metadata, 'end', issues);
  if (start !== undefined && end !== undefined && start === end) {
    issues.push({
      code: 'invalid_value',
      path: ['end'],
      message: `expected a schedule different from start, received the same ${JSON.stringify(end)}`,
      expected: 'a schedule different from start',
      received: end,
    });
  }
  const timezone = readParam(metadata, 'timezone');
  if (timezone === undefined) issues.push(missingParam('timezone', 'an IANA time zone such as "Europe/Berlin"'));
  else {
    const problem = checkTimezone(timezone);
    if (problem !== undefined) issues.push(invalidParam('timezone', timezone, problem));
  }
  const desiredText = readParam(metadata, 'desiredReplicas');
  let desiredReplicas = 0;
  if (desiredText === undefined) issues.push(missingParam('desiredReplicas', 'a non-zero integer'));
  else {
    const parsed = parseJsonInt(desiredText);
    if (parsed === undefined || parsed === 0)
      issues.push(invalidParam('desiredReplicas', desiredText, 'a non-zero integer'));
    else desiredReplicas = parsed;
  }
  const targetType = resolveExternalTargetType(context, issues);
  if (issues.length > 0 || start === undefined || end === undefined || timezone === undefined) return err(issues);

  const name = `cron-${timezone}-${encodeCronForName(start)}-${encodeCronForName(end)}`;
  return ok({
    type: 'cron',
    metricName: metricNameWithIndex(context.triggerIndex, normalizeMetricName(name)),
    targetType,
    targetValue: 1,
    activationThreshold: 0,
    start,
    end,
    timezone,
    desiredReplicas,
  });
}

export function measureCron(config: CronConfig, sources: MetricSources): MeasureResult {
  const isActive = isCronActive(config, sources.now);
  return ok({ value: isActive ? config.desiredReplicas : CRON_INACTIVE_VALUE, isActive });
}

export const cronTrigger: TriggerDefinition<CronConfig> = {
  type: 'cron',
  metricSource: 'external',
  parse: parseCron,
  measure: measureCron,
};

export function isCronConfig(config: TriggerConfig): config is CronConfig {
  return config.type === 'cron';
}

/**
 * KEDA's window test: from the next start and next end firings after `nowMs`, active when the end
 * comes first (a tie counts as active). A schedule that never fires again behaves like Go's zero
 * time, far in the past, as in KEDA.
 */
export function isCronActive(config: Pick<CronConfig, 'start' | 'end' | 'timezone'>, nowMs: number): boolean {
  const nextStart = nextFiringMs(config.start, config.timezone, nowMs);
  const nextEnd = nextFiringMs(config.end, config.timezone, nowMs);
  if (nextStart < nextEnd) return nowMs > nextStart && nowMs < nextEnd;
  return nowMs > nextStart || nowMs < nextEnd;
}

/** The first firing strictly after `nowMs`, or -Infinity when there is none. */
export function nextFiringMs(expression: string, timezone: string, nowMs: number): number {
  const schedule = new Cron(toCronerPattern(expression), { timezone, mode: '5-part', domAndDow: false });
  return schedule.nextRun(new Date(nowMs))?.getTime() ?? Number.NEGATIVE_INFINITY;
}

/** KEDA's `parseCronTimeFormat`: spaces removed, `*` → x, `/` → Sl, `?` → Qm (commas are kept, as in KEDA). */
export function encodeCronForName(expression: string): string {
  return expression.replace(/ /g, '').replace(/\*/g, 'x').replace(/\//g, 'Sl').replace(/\?/g, 'Qm');
}

function readCronExpression(metadata: Metadata, key: 'start' | 'end', issues: Issue[]): string | undefined {
  const text = readParam(metadata, key);
  if (text === undefined) {
    issues.push(missingParam(key, 'a 5-field cron schedule such as "0 6 * * *"'));
    return undefined;
  }
  const problem = checkCronExpression(text);
  if (problem !== undefined) {
    issues.push({
      code: 'invalid_value',
      path: [key],
      message: `expected a 5-field cron schedule such as "0 6 * * *", received ${JSON.stringify(text)}: ${problem}`,
      expected: 'a 5-field cron schedule (minute hour day-of-month month day-of-week)',
      received: text,
    });
    return undefined;
  }
  return text;
}

function checkTimezone(timezone: string): string | undefined {
  // Go's time.LoadLocation reads zoneinfo files: names only, case-sensitive; no UTC offsets, no "Local".
  if (/^[+-]/.test(timezone)) return 'an IANA time zone name such as "Europe/Berlin" (not a UTC offset)';
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
    if (resolved !== timezone && resolved.toLowerCase() === timezone.toLowerCase()) {
      return `an IANA time zone name with its exact case ("${resolved}")`;
    }
    return undefined;
  } catch {
    return 'an IANA time zone name such as "Europe/Berlin"';
  }
}
