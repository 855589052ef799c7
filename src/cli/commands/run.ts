import { Option } from 'commander';
import type { Command } from 'commander';
import type * as RunLive from '../../shell/run-live.js';
import type { ListenAddress } from '../../shell/address.js';
import { addressOption, durationOption } from '../../shell/cli-options.js';
import { installProcessGuards } from '../../shell/process-guards.js';

interface RunFlags {
  kubeconfig?: string;
  context?: string;
  inCluster?: boolean;
  namespace?: string;
  kedaCompat: boolean;
  leaderElect: boolean;
  leaderElectNamespace: string;
  leaderElectId: string;
  leaderElectLeaseDuration?: number;
  leaderElectRenewDeadline?: number;
  leaderElectRetryPeriod?: number;
  metricsAddr: ListenAddress | 'off';
  healthAddr: ListenAddress | 'off';
  serverTokenFile?: string;
  hpaSyncPeriod?: number;
  logLevel: string;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      'run the controller against a Kubernetes cluster (kubeconfig, context or in-cluster config). ' +
        'By default it processes spillway.io/v1alpha1 ScaledObjects only, so it never fights a KEDA installed in the ' +
        'same cluster; --keda-compat makes it process keda.sh/v1alpha1 ScaledObjects instead (only where KEDA is not running).',
    )
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then in-cluster)')
    .option('--context <name>', 'kubeconfig context (default: its current-context)')
    .option('--in-cluster', "use the pod's service account and nothing else")
    .option('-n, --namespace <name>', 'watch one namespace (default: all namespaces)')
    .option(
      '--keda-compat',
      'process keda.sh ScaledObjects with KEDA semantics; off by default so spillway never fights an installed KEDA',
      false,
    )
    .option('--leader-elect', 'only the holder of a coordination.k8s.io/v1 Lease runs the controller', false)
    .option('--leader-elect-namespace <name>', 'namespace of the Lease', 'default')
    .option('--leader-elect-id <name>', 'name of the Lease', 'spillway-controller')
    .addOption(
      new Option(
        '--leader-elect-lease-duration <duration>',
        'how long standbys wait before taking over (default 15s)',
      ).argParser(durationOption),
    )
    .addOption(
      new Option(
        '--leader-elect-renew-deadline <duration>',
        'a leader that cannot renew for this long stops (default 10s)',
      ).argParser(durationOption),
    )
    .addOption(
      new Option('--leader-elect-retry-period <duration>', 'between acquire and renew attempts (default 2s)').argParser(
        durationOption,
      ),
    )
    .addOption(
      new Option('--metrics-addr <addr>', 'serve Prometheus /metrics on [HOST:]PORT (0 turns it off)')
        .default(addressOption(':8080'), '127.0.0.1:8080')
        .argParser(addressOption),
    )
    .addOption(
      new Option('--health-addr <addr>', 'serve /healthz and /readyz on [HOST:]PORT (0 turns it off)')
        .default(addressOption(':8081'), '127.0.0.1:8081')
        .argParser(addressOption),
    )
    .option(
      '--server-token-file <file>',
      'bearer token required by the metrics and health servers (needed off loopback)',
    )
    .addOption(
      new Option(
        '--hpa-sync-period <duration>',
        "the HPA loop's period (kube-controller-manager's, default 15s)",
      ).argParser(durationOption),
    )
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['trace', 'debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .action(async (flags: RunFlags) => {
      // pino and pino-pretty load here, not at start-up: `validate` and `simulate` never log.
      const { createLogger } = await import('../../shell/logger.js');
      const logger = createLogger({ level: flags.logLevel, fd: 1 });
      let stop: (() => Promise<void>) | undefined;
      installProcessGuards({
        logger,
        shutdown: async () => {
          await stop?.();
          logger.info('stopped');
          return 0;
        },
      });
      try {
        const live = await (
          await loadShell()
        ).startLive({
          logger,
          kedaCompat: flags.kedaCompat,
          metricsAddress: flags.metricsAddr,
          healthAddress: flags.healthAddr,
          ...pick(flags, ['kubeconfig', 'context', 'inCluster', 'namespace', 'serverTokenFile']),
          ...(flags.hpaSyncPeriod === undefined ? {} : { hpaSyncPeriodMs: flags.hpaSyncPeriod }),
          ...(flags.leaderElect
            ? {
                leaderElection: {
                  namespace: flags.leaderElectNamespace,
                  name: flags.leaderElectId,
                  ...(flags.leaderElectLeaseDuration === undefined
                    ? {}
                    : { leaseDurationMs: flags.leaderElectLeaseDuration }),
                  ...(flags.leaderElectRenewDeadline === undefined
                    ? {}
                    : { renewDeadlineMs: flags.leaderElectRenewDeadline }),
                  ...(flags.leaderElectRetryPeriod === undefined
                    ? {}
                    : { retryPeriodMs: flags.leaderElectRetryPeriod }),
                },
              }
            : {}),
        });
        stop = () => live.stop();
      } catch (error) {
        logger.fatal({ err: error }, 'cannot start');
        process.exit(1);
      }
    });
}

function pick<T extends object, K extends keyof T>(
  source: T,
  keys: readonly K[],
): { [P in K]?: Exclude<T[P], undefined> } {
  const out: { [P in K]?: Exclude<T[P], undefined> } = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) out[key] = value as Exclude<T[K], undefined>;
  }
  return out;
}

/** Loaded on use: the Kubernetes client and the servers cost a second of start-up that `validate` and `simulate` need not pay. */
function loadShell(): Promise<typeof RunLive> {
  return import('../../shell/run-live.js');
}
