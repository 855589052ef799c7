import type { LocatedIssue } from '../api/manifest-documents.js';
import { formatIssue, formatPath } from '../lib/issues.js';

export interface IssueCounts {
  readonly errors: number;
  readonly warnings: number;
}

export function countIssues(issues: readonly LocatedIssue[]): IssueCounts {
  const warnings = issues.filter((located) => located.issue.severity === 'warning').length;
  return { errors: issues.length - warnings, warnings };
}

/** `file:line:column: path: message`, warnings prefixed `warning: `. */
export function renderIssueLine(located: LocatedIssue): string {
  const { file, position, issue } = located;
  const prefix = issue.severity === 'warning' ? 'warning: ' : '';
  return `${prefix}${file}:${position.line}:${position.column}: ${formatIssue(issue)}`;
}

/** The machine form of an issue: flat, with the path both rendered and as segments. */
export function issueToJson(located: LocatedIssue): Record<string, unknown> {
  const { file, position, issue } = located;
  return {
    file,
    line: position.line,
    column: position.column,
    severity: issue.severity ?? 'error',
    code: issue.code,
    path: formatPath(issue.path),
    pathSegments: issue.path,
    message: issue.message,
    ...(issue.expected !== undefined && { expected: issue.expected }),
    ...(issue.received !== undefined && { received: issue.received }),
  };
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
