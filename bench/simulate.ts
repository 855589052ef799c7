import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createCluster } from '../src/cluster/cluster.js';
import { Random } from '../src/lib/random.js';
import { VirtualClock } from '../src/lib/virtual-clock.js';
import { runScenario } from '../src/sim/runner.js';
import { parseScenario } from '../src/sim/scenario.js';

/*
 * Virtual seconds simulated per wall second. Figures are relative to a baseline measured in the
 * same run (the clock stepping through the same number of timers with an idle cluster), so a
 * busy or slow machine shifts the figures but not the ratio much.
 */

const SCENARIO_DIR = fileURLToPath(new URL('../../examples/scenarios/', import.meta.url));
const HOUR_MS = 3_600_000;
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const SEED_DAY = fileURLToPath(new URL('../../examples/scenarios/seed-day.yaml', import.meta.url));

interface Measured {
  readonly name: string;
  readonly virtualMs: number;
  readonly wallMs: number;
}

async function time(name: string, virtualMs: number, run: () => Promise<void>): Promise<Measured> {
  const start = performance.now();
  await run();
  return { name, virtualMs, wallMs: performance.now() - start };
}

/** The seed walkthrough every `everyMinutes` (0: once, at the start, as the seed scenario does). */
async function seedDay(hours: number, everyMinutes: number): Promise<void> {
  const actions = [];
  const step = everyMinutes > 0 ? everyMinutes : hours * 60;
  for (let minute = 0; minute < hours * 60; minute += step) {
    actions.push(
      { atSeconds: minute * 60 + 30, scale: { deployment: 'on-prem', replicas: 3 } },
      { atSeconds: minute * 60 + 300, scale: { deployment: 'on-prem', replicas: 2 } },
    );
  }
  // A run shorter than one cycle (BENCH_SEED_HOURS=0.05) keeps only the actions inside it.
  const inside = actions
    .filter((action) => action.atSeconds < hours * 3600)
    .map(({ atSeconds, scale }) => ({ at: `${atSeconds}s`, scale }));
  await run({ duration: `${hours}h`, manifests: ['../seed'], actions: inside });
}

/** `count` ScaledObjects, each with its own primary and remote Deployment, all in one cluster. */
async function manyScaledObjects(count: number, hours: number): Promise<void> {
  const manifests: object[] = [];
  for (let i = 0; i < count; i++) {
    const app = `app-${i}`;
    const deployment = (name: string, replicas: number, remote: boolean) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        replicas,
        selector: { matchLabels: { app, tier: remote ? 'remote' : 'primary' } },
        template: {
          metadata: { labels: { app, tier: remote ? 'remote' : 'primary', ...(remote && { environment: 'cloud' }) } },
          spec: {
            ...(remote && { runtimeClassName: 'kata-remote' }),
            containers: [{ name: 'c', image: 'x' }],
          },
        },
      },
    });
    manifests.push(deployment(`${app}-primary`, 1, false), deployment(`${app}-remote`, 0, true), {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: app },
      spec: {
        scaleTargetRef: { name: `${app}-remote` },
        minReplicaCount: 0,
        maxReplicaCount: 4,
        pollingInterval: 30,
        cooldownPeriod: 300,
        triggers: [
          {
            type: 'kubernetes-workload',
            metadata: { podSelector: `app=${app}, environment notin (cloud)`, value: '3', activationValue: '2' },
          },
        ],
      },
    });
  }
  await run({ duration: `${hours}h`, manifests, hpaSyncPeriod: '15s' });
}

async function run(raw: Record<string, unknown>): Promise<void> {
  const scenario = parseScenario(raw);
  if (!scenario.ok) throw new Error(JSON.stringify(scenario.error));
  const result = await runScenario(scenario.value, { baseDir: SCENARIO_DIR, seed: 1 });
  if (!result.ok) throw new Error(JSON.stringify(result.error));
}

/** Baseline: an idle cluster and `timersPerSecond` bare timers per virtual second, stepped the same way. */
async function baseline(virtualMs: number, periodsMs: readonly number[]): Promise<void> {
  const clock = new VirtualClock();
  const cluster = createCluster({ clock, random: new Random(1) });
  cluster.start();
  const stopAt = clock.now() + virtualMs;
  for (const period of periodsMs) {
    const tick = () => {
      if (clock.now() + period <= stopAt) clock.setTimer(period, tick);
    };
    clock.setTimer(0, tick);
  }
  await clock.runUntil(stopAt);
  cluster.stop();
}

/** The median wall time of `runs` fresh `spillway` processes: start-up, module loading and a cold JIT included. */
function timeProcess(args: readonly string[], runs = 3): number {
  const times = Array.from({ length: runs }, () => {
    const start = performance.now();
    execFileSync(process.execPath, [CLI, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    return performance.now() - start;
  }).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)] ?? Number.NaN;
}

function reportProcess(name: string, wallMs: number, baseMs?: number): string {
  return [
    name.padEnd(58),
    ''.padStart(17),
    `${(wallMs / 1000).toFixed(2).padStart(8)} wall s`,
    baseMs === undefined ? '' : `  ${((wallMs - baseMs) / 1000).toFixed(2)} s more than its baseline`,
  ].join('  ');
}

function report(measured: Measured, base?: Measured): string {
  const rate = measured.virtualMs / measured.wallMs;
  const baseRate = base === undefined ? undefined : base.virtualMs / base.wallMs;
  return [
    measured.name.padEnd(58),
    `${(measured.virtualMs / 1000).toFixed(0).padStart(7)} virtual s`,
    `${(measured.wallMs / 1000).toFixed(2).padStart(8)} wall s`,
    `${rate.toFixed(0).padStart(8)}× real time`,
    baseRate === undefined ? '' : `${(baseRate / rate).toFixed(1).padStart(6)}× slower than its baseline`,
  ].join('  ');
}

const seedHours = Number(process.env['BENCH_SEED_HOURS'] ?? 24);
const manyCount = Number(process.env['BENCH_SCALED_OBJECTS'] ?? 1000);
const manyHours = Number(process.env['BENCH_MANY_HOURS'] ?? 1);

await seedDay(2, 10); // warm-up: JIT, lazy modules and module initialization out of the figures
// Baseline for the seed: a 5 s poll and a 15 s HPA sync, as the seed ScaledObject has.
const seedBase = await time(`baseline: idle cluster, timers every 5 s and 15 s`, seedHours * HOUR_MS, () =>
  baseline(seedHours * HOUR_MS, [5_000, 15_000]),
);
const seed = await time(`seed walkthrough, scaled every 10 min, ${seedHours} h`, seedHours * HOUR_MS, () =>
  seedDay(seedHours, 10),
);
const seedOnce = await time(`seed walkthrough once (the seed scenario), ${seedHours} h`, seedHours * HOUR_MS, () =>
  seedDay(seedHours, 0),
);
const manyPeriods = Array.from({ length: manyCount }, () => [30_000, 15_000]).flat();
const manyBase = await time(
  `baseline: idle cluster, ${manyCount}× timers every 30 s and 15 s`,
  manyHours * HOUR_MS,
  () => baseline(manyHours * HOUR_MS, manyPeriods),
);
const many = await time(`${manyCount} ScaledObjects in one cluster, ${manyHours} h`, manyHours * HOUR_MS, () =>
  manyScaledObjects(manyCount, manyHours),
);
const startUp = timeProcess(['--version']);
const simulateDay = timeProcess(['simulate', SEED_DAY, '--output', 'json']);
process.stdout.write(
  [
    reportProcess('baseline: `spillway --version`, fresh process', startUp),
    reportProcess('`spillway simulate seed-day.yaml` (24 h), fresh process', simulateDay, startUp),
    report(seedBase),
    report(seed, seedBase),
    report(seedOnce, seedBase),
    report(manyBase),
    report(many, manyBase),
    '',
  ].join('\n'),
);
