import { Command } from 'commander';
import { registerCommands } from './register-commands.js';

/** The `spillway` program with every command; `main.ts` only runs it. */
export function createProgram(): Command {
  const program = new Command('spillway')
    .description(
      'Scale a workload out of its primary environment into remote ones (Kata peer-pods, spot, edge) and back, with KEDA + HPA semantics.',
    )
    .showHelpAfterError();
  registerCommands(program);
  return program;
}
