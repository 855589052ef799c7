import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LocatedIssue, SourcePosition } from '../api/manifest-documents.js';
import { parseManifestText } from '../api/manifest-documents.js';
import type { PathSegment } from '../lib/issues.js';
import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';
import type { Scenario } from './scenario.js';
import { parseScenario } from './scenario.js';

/** A parsed scenario plus the way back from a path into it to its text, for run-time errors too. */
export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly file: string;
  /** Relative manifest and environment paths resolve against this folder. */
  readonly baseDir: string;
  readonly locate: (path: readonly PathSegment[]) => SourcePosition;
}

/** Reads and validates a scenario file; every issue names the file, line, column and field. */
export async function loadScenarioFile(file: string): Promise<Result<LoadedScenario, LocatedIssue[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return err([
      {
        file,
        position: { line: 1, column: 1 },
        issue: {
          code: 'parse_error',
          path: [],
          message: code === 'ENOENT' ? 'no such file' : `cannot read: ${String(error)}`,
        },
      },
    ]);
  }
  return parseScenarioText(text, file);
}

export function parseScenarioText(text: string, file: string): Result<LoadedScenario, LocatedIssue[]> {
  const parsed = parseManifestText(text, file);
  if (parsed.issues.length > 0) return err([...parsed.issues]);
  const doc = parsed.documents[0];
  if (doc === undefined) {
    return err([
      {
        file,
        position: { line: 1, column: 1 },
        issue: { code: 'required', path: [], message: 'expected a scenario document with `duration:`' },
      },
    ]);
  }
  const scenario = parseScenario(doc.object);
  if (!scenario.ok) {
    return err(scenario.error.map((issue) => ({ file, position: doc.locate(issue.path), issue })));
  }
  return ok({ scenario: scenario.value, file, baseDir: dirname(file), locate: doc.locate });
}
