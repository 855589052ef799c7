import { resolve } from 'node:path';
import type { Logger } from 'pino';
import { DEFAULT_ENVIRONMENTS } from '../cluster/environment-model.js';
import type { Environment } from '../cluster/environment-model.js';
import { formatLocatedIssue, loadEnvironments } from '../cluster/environments.js';
import { SystemClock } from '../lib/clock.js';
import { runSeedDemo } from './demo.js';
import { startEmbeddedStack } from './embedded-stack.js';
import type { EmbeddedStack } from './embedded-stack.js';
import { withFastStartup } from './fast-environments.js';
import { writeKubeconfig } from './kubeconfig-file.js';
import { logObserver } from './log-observer.js';
import { startTimeline } from './timeline.js';

export interface UpOptions {
  readonly logger: Logger;
  readonly port: number;
  readonly seed: number;
  readonly manifests: readonly string[];
  readonly environmentsFile?: string;
  readonly kubeconfigFile: string;
  readonly controller: boolean;
  readonly fast: boolean;
  readonly demo: boolean;
  readonly demoStepTimeoutMs: number;
  readonly hpaSyncPeriodMs?: number;
  readonly write: (text: string) => void;
}

export interface RunningUp {
  readonly stack: EmbeddedStack;
  /** With `demo`: resolves with the exit code once the walkthrough finished or timed out. */
  readonly demo: Promise<number> | undefined;
  stop(): Promise<void>;
}

export async function startUp(options: UpOptions): Promise<RunningUp> {
  const { write, logger } = options;
  const environments = await chooseEnvironments(options);
  const clock = new SystemClock();
  const stack = await startEmbeddedStack({
    clock,
    seed: options.seed,
    logger,
    environments,
    manifests: options.manifests,
    port: options.port,
    controller: options.controller,
    shortGrace: options.fast,
    observer: logObserver(logger),
    ...(options.hpaSyncPeriodMs === undefined ? {} : { hpaSyncPeriodMs: options.hpaSyncPeriodMs }),
  });
  const kubeconfig = resolve(options.kubeconfigFile);
  await writeKubeconfig(kubeconfig, stack.apiServer.url);
  write(`spillway up: embedded cluster (${environments.map(describe).join(', ')}) serving at ${stack.apiServer.url}\n`);
  write(`applied: ${stack.applied.map((a) => `${a.kind.toLowerCase()}/${a.name}`).join(', ') || 'nothing'}\n`);
  write(
    options.controller
      ? 'controller: running (KEDA-compat, keda.sh ScaledObjects)\n'
      : 'controller: not started (--no-controller)\n',
  );
  write(`\nexport KUBECONFIG=${kubeconfig}\n\n`);
  if (!options.demo) {
    write('Then try the seed walkthrough:\n');
    write('  kubectl get deploy,pods -o wide\n');
    write('  kubectl scale --replicas=3 deployment/on-prem\n');
    write('  kubectl get deploy remote -w        # 0 → 1 once on-prem has 3 pods, back to 0 after scaling to 2\n');
    write('  kubectl scale --replicas=2 deployment/on-prem\n');
    write('  kubectl get events --sort-by=.lastTimestamp; kubectl get scaledobjects\n');
    write('Ctrl-C stops everything.\n');
  }
  const timeline = options.demo ? startTimeline(stack.cluster, (line) => write(`${line}\n`)) : undefined;
  const demo = options.demo
    ? runSeedDemo({
        cluster: stack.cluster,
        namespace: 'default',
        stepTimeoutMs: options.demoStepTimeoutMs,
        write: (line) => write(`${line}\n`),
      }).then((result) => {
        timeline?.stop();
        write(
          result.ok ? 'demo: every expected transition happened\n' : `demo: failed at "${result.failedStep ?? ''}"\n`,
        );
        return result.ok ? 0 : 1;
      })
    : undefined;
  return {
    stack,
    demo,
    async stop() {
      timeline?.stop();
      await stack.stop();
    },
  };
}

async function chooseEnvironments(options: UpOptions): Promise<readonly Environment[]> {
  let environments: readonly Environment[] = DEFAULT_ENVIRONMENTS;
  if (options.environmentsFile !== undefined) {
    const loaded = await loadEnvironments(options.environmentsFile);
    if (!loaded.ok) throw new Error(loaded.error.map(formatLocatedIssue).join('\n'));
    environments = loaded.value;
  }
  return options.fast ? withFastStartup(environments) : environments;
}

function describe(env: Environment): string {
  const startup = env.startup.kind === 'fixed' ? env.startup.ms : env.startup.medianMs;
  return `${env.name}${env.primary ? ' (primary)' : ''} ~${Math.round(startup / 100) / 10}s start-up`;
}
