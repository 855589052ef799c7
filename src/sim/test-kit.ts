import { fileURLToPath } from 'node:url';
import type { Cluster } from '../cluster/cluster.js';
import type { Environment } from '../cluster/environment-model.js';
import type { ChangeRecord, SimulationReport } from './report.js';
import { runScenario } from './runner.js';
import { parseScenario } from './scenario.js';

/** `examples/scenarios`, so tests name manifests the way the example scenarios do (`../seed/...`). */
export const SCENARIO_DIR = fileURLToPath(new URL('../../../examples/scenarios/', import.meta.url));

export const SEED_DEPLOYMENTS = ['../seed/on-prem.yaml', '../seed/remote.yaml'];

/** Runs a scenario document (as written in YAML) and fails the test on scenario errors. */
export async function simulate(
  raw: Record<string, unknown>,
  options: {
    readonly seed?: number;
    readonly environments?: readonly Environment[];
    readonly inspect?: (cluster: Cluster) => void | Promise<void>;
  } = {},
): Promise<SimulationReport> {
  const scenario = parseScenario(raw);
  if (!scenario.ok) throw new Error(`bad scenario: ${JSON.stringify(scenario.error)}`);
  const result = await runScenario(scenario.value, {
    baseDir: SCENARIO_DIR,
    seed: options.seed ?? 1,
    ...(options.environments !== undefined && { environments: options.environments }),
    ...(options.inspect !== undefined && { inspect: options.inspect }),
  });
  if (!result.ok) throw new Error(`scenario rejected: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The seed ScaledObject with overrides, as an inline manifest. */
export function seedScaledObject(spec: Record<string, unknown> = {}, trigger: Record<string, string> = {}): object {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'my-web-app-scaledobject' },
    spec: {
      scaleTargetRef: { name: 'remote' },
      minReplicaCount: 0,
      maxReplicaCount: 4,
      pollingInterval: 5,
      cooldownPeriod: 5,
      advanced: { restoreToOriginalReplicaCount: true },
      triggers: [
        {
          type: 'kubernetes-workload',
          metadata: {
            podSelector: 'app=my-web-app, environment notin (cloud)',
            value: '3',
            activationValue: '2',
            ...trigger,
          },
        },
      ],
      ...spec,
    },
  };
}

/** `[t, replicas]` of one object's spec.replicas over the run, starting with its creation. */
export function replicasOf(report: SimulationReport, name: string, kind = 'Deployment'): [number, number | null][] {
  return report.changes
    .filter((c: ChangeRecord) => c.kind === kind && c.name === name)
    .map((c): [number, number | null] => [c.t, c.replicas]);
}

export function eventsNamed(report: SimulationReport, reason: string): number[] {
  return report.events.filter((e) => e.reason === reason).map((e) => e.t);
}
