import { Option } from 'commander';
import type { Command } from 'commander';
import { loadManifests } from '../../api/load-manifests.js';
import type { LocatedIssue } from '../../api/manifest-documents.js';
import { sortByPosition, validateManifests } from '../../api/validate-manifests.js';
import { countIssues, issueToJson, plural, renderIssueLine } from '../render.js';

export interface ValidateOptions {
  readonly files: readonly string[];
  readonly output: 'text' | 'json';
}

/** Checks every ScaledObject in the inputs; returns the exit code (1 on any error, warnings alone pass). */
export async function runValidate(options: ValidateOptions, write: (text: string) => void): Promise<number> {
  const loaded = await loadManifests(options.files);
  const report = validateManifests(loaded.documents);
  const noFiles: LocatedIssue[] =
    loaded.files.length === 0 && loaded.issues.length === 0
      ? options.files.map((file) => ({
          file,
          position: { line: 1, column: 1 },
          issue: { code: 'required', path: [], message: 'no *.yaml, *.yml or *.json files found' },
        }))
      : [];
  const issues = sortByPosition([...loaded.issues, ...noFiles, ...report.issues]);
  const counts = countIssues(issues);
  const summary = {
    files: loaded.files.length,
    documents: report.documents,
    scaledObjects: report.scaledObjects,
    ...counts,
  };
  if (options.output === 'json') {
    write(`${JSON.stringify({ issues: issues.map(issueToJson), summary }, null, 2)}\n`);
  } else {
    for (const issue of issues) write(`${renderIssueLine(issue)}\n`);
    write(
      `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')} in ` +
        `${plural(report.scaledObjects, 'ScaledObject')} (${plural(report.documents, 'document')}, ${plural(loaded.files.length, 'file')})\n`,
    );
  }
  return counts.errors > 0 ? 1 : 0;
}

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description(
      'check ScaledObjects in manifest files or folders (recursive, multi-document YAML or JSON): precise errors with file:line:column, and warnings such as a podSelector that counts its own scale target',
    )
    .requiredOption('-f, --filename <path...>', 'files or folders to check')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { filename: string[]; output: 'text' | 'json' }) => {
      const code = await runValidate({ files: opts.filename, output: opts.output }, (text) =>
        process.stdout.write(text),
      );
      process.exitCode = code;
    });
}
