/**
 * A problem with user input, located by a path into the object. Collected, never thrown, so a
 * user sees every problem at once. The CLI maps `path` to file:line:column.
 */
export interface Issue {
  readonly code: IssueCode;
  /** Path segments into the object, e.g. ['spec', 'triggers', 0, 'metadata', 'value']. */
  readonly path: readonly PathSegment[];
  readonly message: string;
  readonly expected?: string;
  readonly received?: string;
  readonly severity?: 'error' | 'warning';
}

export type PathSegment = string | number;

export type IssueCode =
  | 'invalid_type'
  | 'invalid_value'
  | 'required'
  | 'too_small'
  | 'too_big'
  | 'unrecognized_key'
  | 'unknown_trigger'
  | 'duplicate'
  | 'invalid_selector'
  | 'invalid_expression'
  | 'parse_error'
  | 'self_counting_selector'
  | 'custom';

/** `spec.triggers[0].metadata.value` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function formatIssue(issue: Issue): string {
  const where = issue.path.length > 0 ? `${formatPath(issue.path)}: ` : '';
  return `${where}${issue.message}`;
}

export function prefixIssues(prefix: readonly PathSegment[], issues: readonly Issue[]): Issue[] {
  return issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
}
