import { isAbsolute, resolve } from 'node:path';
import { loadManifests } from '../api/load-manifests.js';
import type { LocatedIssue, ManifestDocument, SourcePosition } from '../api/manifest-documents.js';
import type { ObjectStore } from '../cluster/store.js';
import type { TypeInfo } from '../cluster/resource-registry.js';
import type { KubeObject } from '../kube/client.js';
import { KubeError } from '../kube/errors.js';
import type { PathSegment } from '../lib/issues.js';
import type { ManifestSource, ObjectTarget } from './scenario.js';
import { compareStrings } from '../lib/compare-strings.js';

/** Where a scenario-level issue points: the scenario file and a path into it. */
export interface ScenarioLocation {
  readonly file: string;
  readonly locate: (path: readonly PathSegment[]) => SourcePosition;
}

export interface ResolvedManifests {
  readonly documents: readonly ManifestDocument[];
  readonly issues: readonly LocatedIssue[];
}

/**
 * Reads manifest sources as `kubectl apply -f` would (a folder's own files, not its subfolders, so
 * `examples/seed` leaves out `variants/`). Inline objects keep the scenario's positions.
 */
export async function resolveManifests(
  sources: readonly { readonly source: ManifestSource; readonly at: readonly PathSegment[] }[],
  options: { readonly baseDir: string; readonly scenario: ScenarioLocation },
): Promise<ResolvedManifests> {
  const documents: ManifestDocument[] = [];
  const issues: LocatedIssue[] = [];
  for (const { source, at } of sources) {
    if ('inline' in source) {
      const { file, locate } = options.scenario;
      documents.push({ file, index: 0, object: source.inline, locate: (path) => locate([...at, ...path]) });
      continue;
    }
    const path = isAbsolute(source.path) ? source.path : resolve(options.baseDir, source.path);
    const loaded = await loadManifests([path], { recursive: false });
    documents.push(...loaded.documents);
    issues.push(...loaded.issues.map((issue) => relocateMissing(issue, path, at, options.scenario)));
    if (loaded.files.length === 0 && loaded.issues.length === 0) {
      issues.push(scenarioIssue(options.scenario, at, `no *.yaml, *.yml or *.json files in ${source.path}`));
    }
  }
  return { documents, issues };
}

/** An unreadable manifest path is the scenario's mistake: point at the line that names it. */
function relocateMissing(
  issue: LocatedIssue,
  path: string,
  at: readonly PathSegment[],
  scenario: ScenarioLocation,
): LocatedIssue {
  if (issue.file !== path || issue.issue.code !== 'parse_error' || issue.issue.message.startsWith('YAML')) return issue;
  return scenarioIssue(scenario, at, `${path}: ${issue.issue.message}`);
}

export function scenarioIssue(scenario: ScenarioLocation, path: readonly PathSegment[], message: string): LocatedIssue {
  return {
    file: scenario.file,
    position: scenario.locate(path),
    issue: { code: 'invalid_value', path, message },
  };
}

/**
 * `kubectl apply` for one object: create it, or replace the spec of the one already there
 * (keeping status, which has its own subresource). Namespaced objects default to `default`.
 */
export function applyObject(store: ObjectStore, object: unknown): string | undefined {
  if (typeof object !== 'object' || object === null) return 'expected an object with apiVersion and kind';
  const raw = object as KubeObject & Record<string, unknown>;
  const info = typeForObject(store, raw);
  if (info === undefined)
    return `no kind "${String(raw.kind)}" in "${String(raw.apiVersion)}" is served by the embedded cluster`;
  const name = raw.metadata?.name;
  if (name === undefined || name === '') return 'metadata.name: required';
  const namespace = info.type.namespaced ? (raw.metadata?.namespace ?? 'default') : undefined;
  const input = { ...raw, metadata: { ...raw.metadata, ...(namespace !== undefined && { namespace }) } };
  try {
    const existing = store.find<KubeObject>(info.type, { ...(namespace !== undefined && { namespace }), name });
    if (existing === undefined) store.create(info.type, input);
    else {
      const resourceVersion = existing.metadata?.resourceVersion ?? '';
      store.update(info.type, { ...input, metadata: { ...input.metadata, resourceVersion } });
    }
    return undefined;
  } catch (error) {
    return error instanceof KubeError ? error.message : String(error);
  }
}

export function typeForObject(store: ObjectStore, object: KubeObject): TypeInfo | undefined {
  if (object.apiVersion === undefined || object.kind === undefined) return undefined;
  return store.resolveKind(object.apiVersion, object.kind);
}

/**
 * A scenario names targets by kind alone (`Deployment`, `ScaledObject`): pick the served type with
 * that kind, preferring the groups the seed uses so `ScaledObject` means KEDA's.
 */
export function typeForTarget(store: ObjectStore, target: ObjectTarget): TypeInfo | undefined {
  const candidates = store.types().filter((t) => t.type.kind === target.kind);
  const preferred = ['apps', 'keda.sh', ''];
  return (
    candidates.find((t) => preferred.includes(t.type.group)) ??
    [...candidates].sort((a, b) => compareStrings(a.type.group, b.type.group))[0]
  );
}
