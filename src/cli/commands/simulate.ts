import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return seed;
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'run a scenario (manifests, environments, timed actions) through the embedded cluster and the controller in virtual time; report replica changes, pod transitions, Events, decisions and cost',
    )
    .argument('<scenario>', 'scenario YAML file')
    .option('--seed <n>', 'random seed (default: the scenario’s, else 1)', parseSeed)
    .addOption(new Option('-o, --output <format>', 'output format').choices(['json', 'table']).default('table'))
    .action(async (file: string, opts: { seed?: number; output: 'json' | 'table' }) => {
      // The cluster, the controller and the engine load when a simulation runs, not for every command.
      const { runSimulate } = await import('../run-simulate.js');
      process.exitCode = await runSimulate(
        { file, output: opts.output, ...(opts.seed !== undefined && { seed: opts.seed }) },
        (text) => process.stdout.write(text),
        (text) => process.stderr.write(text),
      );
    });
}
