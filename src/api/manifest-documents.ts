import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node } from 'yaml';
import type { Issue, PathSegment } from '../lib/issues.js';

/** 1-based, as editors and compilers print them. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** One object from a manifest file, with the way back from an issue path to the text. */
export interface ManifestDocument {
  readonly file: string;
  /** The document's index in its file (`---` separated); items of a `kind: List` share their list's. */
  readonly index: number;
  /** The plain object, as `kubectl apply` would send it (any kind). */
  readonly object: unknown;
  /** Where a path into `object` is written; the closest written ancestor for a missing field. */
  readonly locate: (path: readonly PathSegment[]) => SourcePosition;
}

export interface LocatedIssue {
  readonly file: string;
  readonly position: SourcePosition;
  readonly issue: Issue;
}

export interface ParsedManifests {
  readonly documents: readonly ManifestDocument[];
  /** YAML syntax errors (the documents that have them are left out). */
  readonly issues: readonly LocatedIssue[];
}

/** Parses multi-document YAML (or JSON, which YAML 1.2 contains); expands `kind: List`. */
export function parseManifestText(text: string, file: string): ParsedManifests {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: true });
  const yamlDocs = Array.isArray(parsed) ? parsed : [];
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: Math.max(1, line), column: Math.max(1, col) };
  };
  const documents: ManifestDocument[] = [];
  const issues: LocatedIssue[] = [];
  yamlDocs.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const [start] = error.linePos ?? [{ line: 1, col: 1 }];
        issues.push({
          file,
          position: { line: start.line, column: start.col },
          issue: { code: 'parse_error', path: [], message: `YAML: ${firstLine(error.message)}` },
        });
      }
      return;
    }
    const object: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (object === null || object === undefined) return;
    const locate = (path: readonly PathSegment[]): SourcePosition => position(offsetOf(doc, path));
    documents.push({ file, index, object, locate });
    documents.push(...listItems(object, { file, index, locate }));
  });
  return { documents: documents.filter((d) => !isList(d.object)), issues };
}

/** The position is already in the location; yaml repeats it and quotes the source below. */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

function isList(object: unknown): object is { kind: 'List'; items: unknown[] } {
  if (typeof object !== 'object' || object === null) return false;
  const record = object as Record<string, unknown>;
  return record['kind'] === 'List' && Array.isArray(record['items']);
}

function listItems(object: unknown, parent: Omit<ManifestDocument, 'object'>): ManifestDocument[] {
  if (!isList(object)) return [];
  return object.items.map((item, i) => ({
    file: parent.file,
    index: parent.index,
    object: item,
    locate: (path: readonly PathSegment[]) => parent.locate(['items', i, ...path]),
  }));
}

/**
 * The offset to report for a path: a scalar's own position, otherwise the key that introduces the
 * node (a block map's value starts on the next line, the key is what the user looks for).
 */
function offsetOf(doc: Document, path: readonly PathSegment[]): number {
  let node: unknown = doc.contents;
  let anchor = rangeStart(doc.contents) ?? 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) return anchor;
      anchor = rangeStart(pair.key as Node) ?? anchor;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return anchor;
      anchor = rangeStart(item) ?? anchor;
      node = item;
    } else {
      return anchor;
    }
  }
  return isScalar(node) ? (rangeStart(node) ?? anchor) : anchor;
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0];
}
