import type { ManifestDocument, LocatedIssue } from './manifest-documents.js';
import { checkScaledObject } from './parse-scaled-object.js';
import { checkSelfCountingSelectors, collectWorkloadTemplates } from './lint-manifests.js';

export interface ValidationReport {
  readonly issues: readonly LocatedIssue[];
  readonly scaledObjects: number;
  readonly documents: number;
}

/**
 * `spillway validate` without the I/O: checks every ScaledObject among the documents, then lints
 * each valid one against the workloads found in the same inputs. Issues come out in file order.
 */
export function validateManifests(documents: readonly ManifestDocument[]): ValidationReport {
  const workloads = collectWorkloadTemplates(documents.map((d) => d.object));
  const issues: LocatedIssue[] = [];
  let scaledObjects = 0;
  for (const document of documents) {
    if (!isScaledObjectDocument(document.object)) continue;
    scaledObjects += 1;
    const checked = checkScaledObject(document.object);
    const lints = checked.scaledObject !== undefined ? checkSelfCountingSelectors(checked.scaledObject, workloads) : [];
    for (const issue of [...checked.issues, ...lints]) {
      issues.push({ file: document.file, position: document.locate(issue.path), issue });
    }
  }
  return { issues: sortByPosition(issues), scaledObjects, documents: documents.length };
}

function isScaledObjectDocument(object: unknown): boolean {
  return typeof object === 'object' && object !== null && (object as { kind?: unknown }).kind === 'ScaledObject';
}

/** Stable: issues at the same place keep the order the checks produced. */
export function sortByPosition(issues: readonly LocatedIssue[]): LocatedIssue[] {
  return [...issues].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.position.line - b.position.line ||
      a.position.column - b.position.column,
  );
}
