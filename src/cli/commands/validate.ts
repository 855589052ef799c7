import { Option } from 'commander';
import type { Command } from 'commander';

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description(
      'check ScaledObjects in manifest files or folders (recursive, multi-document YAML or JSON): precise errors with file:line:column, and warnings such as a podSelector that counts its own scale target',
    )
    .requiredOption('-f, --filename <path...>', 'files or folders to check')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { filename: string[]; output: 'text' | 'json' }) => {
      const { runValidate } = await import('../run-validate.js');
      const code = await runValidate({ files: opts.filename, output: opts.output }, (text) =>
        process.stdout.write(text),
      );
      process.exitCode = code;
    });
}
