/**
 * Validation of the 5-field cron grammar KEDA accepts (robfig/cron v3 with
 * `Minute | Hour | Dom | Month | Dow`): `*`, `?`, numbers, month and weekday names, `a-b`, `/step`
 * and lists. croner computes the firings but accepts more (`L`, `W`, `#`, weekday 7, seconds), so
 * anything robfig would reject is rejected here first.
 */
interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const FIELDS: readonly FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day of week', min: 0, max: 6, names: WEEKDAYS },
];

/** Returns what is wrong with a cron expression, or undefined when robfig/cron would accept it. */
export function checkCronExpression(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `expected exactly 5 fields (minute hour day-of-month month day-of-week), found ${fields.length}`;
  }
  for (const [index, spec] of FIELDS.entries()) {
    const problem = checkField(fields[index] ?? '', spec);
    if (problem !== undefined) return `${spec.name} field "${fields[index]}": ${problem}`;
  }
  return undefined;
}

function checkField(field: string, spec: FieldSpec): string | undefined {
  for (const part of field.split(',')) {
    const problem = checkPart(part, spec);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function checkPart(part: string, spec: FieldSpec): string | undefined {
  const [range = '', step, extra] = part.split('/');
  if (extra !== undefined) return 'too many slashes';
  if (step !== undefined && !/^[0-9]+$/.test(step)) return `step "${step}" is not a number`;
  if (step !== undefined && Number(step) === 0) return 'step must be positive';
  if (range === '*' || range === '?') return undefined;
  const [low = '', high, more] = range.split('-');
  if (more !== undefined) return 'too many hyphens';
  const start = readValue(low, spec);
  if (typeof start === 'string') return start;
  if (high === undefined) return undefined;
  const end = readValue(high, spec);
  if (typeof end === 'string') return end;
  return start > end ? `beginning of range (${start}) beyond end of range (${end})` : undefined;
}

function readValue(text: string, spec: FieldSpec): number | string {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + spec.min;
  if (!/^[0-9]+$/.test(text)) return `"${text}" is not a number${spec.names === undefined ? '' : ' or name'}`;
  const value = Number(text);
  if (value < spec.min || value > spec.max) return `${value} is outside ${spec.min}-${spec.max}`;
  return value;
}

/** robfig treats `?` as `*`; croner would read it as "now", so it is replaced before croner sees it. */
export function toCronerPattern(expression: string): string {
  return expression.trim().split(/\s+/).join(' ').replace(/\?/g, '*');
}
