import { loadManifests } from '../api/load-manifests.js';
import type { LocatedIssue } from '../api/manifest-documents.js';
import { sortByPosition, validateManifests } from '../api/validate-manifests.js';
import { countIssues, issueToJson, plural, renderIssueLine } from './render.js';

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
