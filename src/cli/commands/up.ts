import { Option } from 'commander';
import type { Command } from 'commander';
import type * as Up from '../../shell/up.js';
import { durationOption, integerOption, portOption } from '../../shell/cli-options.js';
import { defaultSeedManifests } from '../../shell/paths.js';
import { installProcessGuards } from '../../shell/process-guards.js';

interface UpFlags {
  port: number;
  seed: number;
  manifests: string[];
  environments?: string;
  kubeconfigOut: string;
  controller: boolean;
  fast: boolean;
  demo: boolean;
  demoTimeout: number;
  hpaSyncPeriod?: number;
  logLevel: string;
}

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description(
      'start the embedded multi-environment cluster in real time with a Kubernetes API on 127.0.0.1, apply the seed ' +
        'manifests and run the controller (KEDA-compat); prints the KUBECONFIG line for kubectl. --demo runs the seed ' +
        'walkthrough by itself and exits; add --fast for start-up latencies of seconds (0.5 s on-prem, 3 s remote, 1 s pod grace) instead of ~45 s cloud VMs',
    )
    .addOption(
      new Option('-p, --port <port>', 'API server port on 127.0.0.1 (0: a free port)')
        .default(6443)
        .argParser(portOption),
    )
    .addOption(
      new Option('--seed <n>', 'random seed for start-up latencies and names').default(1).argParser(integerOption),
    )
    .option('--manifests <paths...>', 'files or folders to apply at start', [defaultSeedManifests()])
    .option('--environments <file>', 'environments file (default: the built-in on-prem, cloud and cloud-spot)')
    .option('--kubeconfig-out <file>', 'where to write the kubeconfig', '.spillway/kubeconfig')
    .option('--no-controller', 'do not run the controller (drive the cluster with `spillway run --keda-compat`)')
    .option('--fast', 'short start-up latencies and pod grace periods, for a quick demo', false)
    .option('--demo', 'run the seed walkthrough by itself, print the timeline, exit 0 when it worked (1 if not)', false)
    .addOption(
      new Option('--demo-timeout <duration>', 'how long each walkthrough step may take')
        .default(300_000, '5m')
        .argParser(durationOption),
    )
    .addOption(
      new Option('--hpa-sync-period <duration>', "the HPA loop's period (default 15s)").argParser(durationOption),
    )
    .addOption(
      new Option('--log-level <level>', 'log level (logs go to stderr)')
        .choices(['trace', 'debug', 'info', 'warn', 'error'])
        .default('warn'),
    )
    .action(async (flags: UpFlags) => {
      // pino and pino-pretty load here, not at start-up: `validate` and `simulate` never log.
      const { createLogger } = await import('../../shell/logger.js');
      const logger = createLogger({ level: flags.logLevel, fd: 2 });
      const write = (text: string) => void process.stdout.write(text);
      let stop: (() => Promise<void>) | undefined;
      installProcessGuards({
        logger,
        shutdown: async () => {
          await stop?.();
          write('spillway up: stopped\n');
          return 0;
        },
      });
      try {
        const up = await (
          await loadShell()
        ).startUp({
          logger,
          write,
          port: flags.port,
          seed: flags.seed,
          manifests: flags.manifests,
          kubeconfigFile: flags.kubeconfigOut,
          controller: flags.controller,
          fast: flags.fast,
          demo: flags.demo,
          demoStepTimeoutMs: flags.demoTimeout,
          ...(flags.environments === undefined ? {} : { environmentsFile: flags.environments }),
          ...(flags.hpaSyncPeriod === undefined ? {} : { hpaSyncPeriodMs: flags.hpaSyncPeriod }),
        });
        stop = () => up.stop();
        if (up.demo !== undefined) {
          const code = await up.demo;
          await up.stop();
          process.exit(code);
        }
      } catch (error) {
        process.stderr.write(`spillway up: ${error instanceof Error ? error.message : String(error)}\n`);
        if (isAddressInUse(error)) process.stderr.write(`port ${flags.port} is taken; pass --port 0 for a free one\n`);
        process.exit(1);
      }
    });
}

function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

/** Loaded on use: the Kubernetes client and the servers cost a second of start-up that `validate` and `simulate` need not pay. */
function loadShell(): Promise<typeof Up> {
  return import('../../shell/up.js');
}
