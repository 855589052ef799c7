import { isAbsolute, resolve } from 'node:path';
import type { LocatedIssue, ManifestDocument } from '../api/manifest-documents.js';
import { createCluster } from '../cluster/cluster.js';
import type { Cluster } from '../cluster/cluster.js';
import type { Environment } from '../cluster/environment-model.js';
import { DEFAULT_ENVIRONMENTS } from '../cluster/environment-model.js';
import { loadEnvironments } from '../cluster/environments.js';
import { Controller } from '../controller/manager.js';
import { MemoryKubeClient } from '../kube/memory/memory-client.js';
import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';
import { Random } from '../lib/random.js';
import { VirtualClock } from '../lib/virtual-clock.js';
import type { MetricSources } from '../triggers/trigger.js';
import { executeAction } from './actions.js';
import type { ScenarioLocation } from './apply-objects.js';
import { applyObject, resolveManifests, scenarioIssue } from './apply-objects.js';
import { Recorder } from './recorder.js';
import type { ActionError, SimulationReport } from './report.js';
import type { Action, Scenario } from './scenario.js';

export interface RunOptions {
  /** Relative manifest and environment paths resolve against this folder. */
  readonly baseDir: string;
  readonly seed: number;
  /** Overrides the scenario's environments file (and the built-in default). */
  readonly environments?: readonly Environment[];
  /** Where scenario-level issues point; without it they point at `<scenario>`. */
  readonly location?: ScenarioLocation;
  /** HTTP for metric sources (prometheus, metrics-api); by default every fetch fails. */
  readonly fetch?: MetricSources['fetch'];
  /** Called at the end, before anything stops, to look at the cluster's final state (tests). */
  readonly inspect?: (cluster: Cluster) => void | Promise<void>;
}

type ApplyAction = Extract<Action, { type: 'apply' }>;

const NOWHERE: ScenarioLocation = { file: '<scenario>', locate: () => ({ line: 1, column: 1 }) };

/**
 * Runs a scenario in virtual time: the embedded cluster and the real controller over the
 * in-process client, the clock jumping from one due timer to the next, never sleeping. The same
 * seed gives the same report. Scenario problems (unreadable manifests, unknown environments, a
 * manifest the cluster rejects at t=0) come back as located issues and nothing runs.
 */
export async function runScenario(
  scenario: Scenario,
  options: RunOptions,
): Promise<Result<SimulationReport, LocatedIssue[]>> {
  const location = options.location ?? NOWHERE;
  const prepared = await prepare(scenario, options, location);
  if (!prepared.ok) return prepared;
  const { environments, initial, applies } = prepared.value;

  const clock = new VirtualClock();
  const startMs = clock.now();
  const cluster = createCluster({ clock, random: new Random(options.seed), environments });
  const recorder = new Recorder(cluster.store, startMs);
  recorder.start();
  cluster.start();
  const rejected = initial.flatMap((doc): LocatedIssue[] => {
    const problem = applyObject(cluster.store, doc.object);
    return problem === undefined
      ? []
      : [{ file: doc.file, position: doc.locate([]), issue: { code: 'invalid_value', path: [], message: problem } }];
  });
  if (rejected.length > 0) {
    recorder.stop();
    cluster.stop();
    return err(rejected);
  }
  recorder.watchScalableTypes();

  // The controller draws (backoff jitter) from its own stream so its draws never shift the cluster's.
  const controllerRandom = new Random((options.seed ^ 0x5bd1e995) >>> 0);
  const controllerErrors: SimulationReport['controllerErrors'][number][] = [];
  const newController = () =>
    new Controller({
      client: new MemoryKubeClient(cluster.store, { copies: false }),
      clock,
      random: controllerRandom,
      hpaSyncPeriodMs: scenario.hpaSyncPeriodMs ?? 15_000,
      ...(options.fetch !== undefined && { fetch: options.fetch }),
      observer: {
        decision: (record) => recorder.recordDecision(record),
        error: (record) => controllerErrors.push({ t: (clock.now() - startMs) / 1000, ...record }),
      },
    });
  let controller = newController();
  controller.start();

  const actionErrors: ActionError[] = [];
  const context = {
    cluster,
    manifestsFor: (action: ApplyAction) => applies.get(action) ?? [],
    restartController: async () => {
      await controller.stop();
      controller = newController();
      controller.start();
    },
  };
  for (const timed of scenario.actions) {
    await clock.runUntil(startMs + timed.atMs);
    const problem = await executeAction(context, timed.action);
    if (problem !== undefined) actionErrors.push({ t: timed.atMs / 1000, action: timed.index, message: problem });
    recorder.watchScalableTypes();
  }
  await clock.runUntil(startMs + scenario.durationMs);
  await options.inspect?.(cluster);

  const cost = cluster.meter.bills().map(({ environment, pricePerPodHour, podSeconds, cost }) => ({
    environment,
    pricePerPodHour,
    podSeconds,
    cost,
  }));
  await controller.stop();
  // Let whatever the stopped controller still had in flight settle before the cluster goes away.
  await clock.runUntil(clock.now());
  cluster.stop();
  recorder.stop();
  return ok({
    seed: options.seed,
    durationSeconds: scenario.durationMs / 1000,
    changes: recorder.changes,
    pods: recorder.pods,
    events: recorder.events,
    decisions: recorder.decisions,
    cost,
    totalCost: cost.reduce((sum, bill) => sum + bill.cost, 0),
    actionErrors,
    controllerErrors,
  });
}

interface Prepared {
  readonly environments: readonly Environment[];
  readonly initial: readonly ManifestDocument[];
  readonly applies: ReadonlyMap<ApplyAction, readonly ManifestDocument[]>;
}

/** Everything that can be wrong with the scenario itself is found before virtual time starts. */
async function prepare(
  scenario: Scenario,
  options: RunOptions,
  location: ScenarioLocation,
): Promise<Result<Prepared, LocatedIssue[]>> {
  const issues: LocatedIssue[] = [];
  let environments = options.environments ?? DEFAULT_ENVIRONMENTS;
  if (options.environments === undefined && scenario.environments !== undefined) {
    const path = isAbsolute(scenario.environments)
      ? scenario.environments
      : resolve(options.baseDir, scenario.environments);
    const loaded = await loadEnvironments(path).catch((error: unknown) =>
      err([scenarioIssue(location, ['environments'], `${path}: ${String(error)}`)]),
    );
    if (loaded.ok) environments = loaded.value;
    else issues.push(...loaded.error);
  }
  const sources = { baseDir: options.baseDir, scenario: location };
  const initial = await resolveManifests(
    scenario.manifests.map((source, i) => ({ source, at: ['manifests', i] })),
    sources,
  );
  issues.push(...initial.issues);
  const applies = new Map<ApplyAction, readonly ManifestDocument[]>();
  for (const timed of scenario.actions) {
    const action = timed.action;
    if (action.type === 'apply') {
      const resolved = await resolveManifests(
        [{ source: action.manifest, at: ['actions', timed.index, 'apply'] }],
        sources,
      );
      issues.push(...resolved.issues);
      applies.set(action, resolved.documents);
    }
    if (action.type === 'failEnvironment' || action.type === 'restoreEnvironment') {
      if (!environments.some((e) => e.name === action.environment)) {
        const known = environments.map((e) => e.name).join(', ');
        issues.push(
          scenarioIssue(
            location,
            ['actions', timed.index, action.type],
            `unknown environment "${action.environment}" (known: ${known})`,
          ),
        );
      }
    }
  }
  return issues.length > 0 ? err(issues) : ok({ environments, initial: initial.documents, applies });
}
