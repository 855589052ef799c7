import type { ChangeRecord, DecisionEntry, SimulationReport } from './report.js';

interface Line {
  readonly t: number;
  readonly order: number;
  readonly what: string;
  readonly why: string;
}

/**
 * The report as a readable timeline: one line per replica change, pod transition and Event, each
 * change with the decision behind it (the controller's rule and reasons) or "scenario action".
 */
export function renderTimeline(report: SimulationReport, options: { readonly actionTimes: readonly number[] }): string {
  const lines: Line[] = [];
  const previous = new Map<string, number | null>();
  for (const change of report.changes) {
    const key = `${change.kind}/${change.namespace}/${change.name}`;
    const before = previous.get(key);
    previous.set(key, change.replicas);
    // ReplicaSets follow their Deployment: the Deployment's line already says it.
    if (change.kind === 'ReplicaSet') continue;
    const from = before === undefined ? 'created with' : `${String(before)} →`;
    lines.push({
      t: change.t,
      order: 0,
      what: `${key} replicas ${from} ${String(change.replicas)}`,
      why: explainChange(change, report.decisions, options.actionTimes),
    });
  }
  for (const pod of report.pods) {
    const where = pod.environment ?? 'unscheduled';
    const state = `${pod.phase}${pod.ready ? ', Ready' : ''}${pod.reason !== undefined ? `, ${pod.reason}` : ''}`;
    lines.push({ t: pod.t, order: 1, what: `Pod/${pod.namespace}/${pod.name} [${where}] ${state}`, why: '' });
  }
  for (const event of report.events) {
    lines.push({ t: event.t, order: 2, what: `${event.type} ${event.reason} ${event.object}`, why: event.message });
  }
  for (const failure of report.actionErrors) {
    lines.push({ t: failure.t, order: 3, what: `action #${failure.action} failed`, why: failure.message });
  }
  const rows = lines
    .sort((a, b) => a.t - b.t || a.order - b.order)
    .map(
      (line) =>
        `${formatSeconds(line.t).padStart(9)}  ${line.what}${line.why === '' ? '' : `\n           ${line.why}`}`,
    );
  const cost = report.cost.map(
    (bill) =>
      `  ${bill.environment.padEnd(12)} ${bill.podSeconds.toFixed(0).padStart(8)} pod-s × ${bill.pricePerPodHour}/pod-h = ${bill.cost.toFixed(4)}`,
  );
  return [
    `seed ${report.seed}, ${formatSeconds(report.durationSeconds)} simulated`,
    ...rows,
    'cost per environment:',
    ...cost,
    `  total ${report.totalCost.toFixed(4)}`,
    '',
  ].join('\n');
}

/**
 * The decision that wrote this count at this instant, else a scenario action at the same time.
 * Writes are never merged into a run of identical decisions, so the writing entry has `count` 1 and
 * its `t` is the exact instant; runs of decisions that wrote nothing explain no change.
 */
function explainChange(
  change: ChangeRecord,
  decisions: readonly DecisionEntry[],
  actionTimes: readonly number[],
): string {
  const suffix = ` ${change.namespace}/${change.name}`;
  const decision = decisions.find(
    (d) =>
      d.t === change.t &&
      d.count === 1 &&
      d.toReplicas === change.replicas &&
      d.fromReplicas !== d.toReplicas &&
      d.target.endsWith(suffix) &&
      d.target.includes(change.kind),
  );
  if (decision !== undefined) return `${decision.loop} ${decision.rule}: ${decision.reasons.join('; ')}`;
  if (actionTimes.includes(change.t)) return 'scenario action';
  if (change.t === 0) return 'manifest applied';
  return '';
}

/** `95.5` → `1m35.5s`; virtual times are exact, so no rounding beyond the millisecond. */
export function formatSeconds(seconds: number): string {
  const rounded = Math.round(seconds * 1000) / 1000;
  const hours = Math.floor(rounded / 3600);
  const minutes = Math.floor((rounded % 3600) / 60);
  const rest = Math.round((rounded % 60) * 1000) / 1000;
  const parts = [hours > 0 ? `${hours}h` : '', hours > 0 || minutes > 0 ? `${minutes}m` : '', `${rest}s`];
  return parts.join('');
}
