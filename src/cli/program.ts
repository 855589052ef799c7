import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { packageRoot } from '../shell/paths.js';
import { registerCommands } from './register-commands.js';

/** The `spillway` program with every command; `main.ts` only runs it. */
export function createProgram(): Command {
  const program = new Command('spillway')
    .description(
      'Scale a workload out of its primary environment into remote ones (Kata peer-pods, spot, edge) and back, with KEDA + HPA semantics.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError();
  registerCommands(program);
  return program;
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
