import type { Command } from 'commander';
import { registerRunCommand } from './commands/run.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { registerUpCommand } from './commands/up.js';
import { registerValidateCommand } from './commands/validate.js';

/**
 * Every subcommand, one file each under `commands/<verb>.ts` exporting `register<Verb>Command`.
 * To add one (simulate, up, run, plan, install…): write the file, add one import and one call here.
 */
export function registerCommands(program: Command): void {
  registerValidateCommand(program);
  registerRunCommand(program);
  registerUpCommand(program);
  registerSimulateCommand(program);
}
