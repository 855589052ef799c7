import { readFile } from 'node:fs/promises';
import { parseManifestText } from '../api/manifest-documents.js';
import type { LocatedIssue } from '../api/manifest-documents.js';
import type { Issue, PathSegment } from '../lib/issues.js';
import { formatIssue } from '../lib/issues.js';
import { parseDuration } from '../lib/duration.js';
import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';
import type { Environment, EnvironmentRuntimeClass, StartupLatency } from './environment-model.js';
import { PEER_PODS_VM } from './environment-model.js';
import { parseQuantity } from './quantity.js';

export { DEFAULT_ENVIRONMENTS } from './environment-model.js';
export type { Environment } from './environment-model.js';

type Fields = Record<string, unknown>;

const ENVIRONMENT_KEYS = [
  'name',
  'primary',
  'region',
  'residency',
  'labels',
  'runtimeClass',
  'nodes',
  'startup',
  'pricePerPodHour',
  'spotInterruptionsPerHour',
  'networkLatency',
];
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `file:line:column: path: message`, the form the CLI prints. */
export function formatLocatedIssue(located: LocatedIssue): string {
  return `${located.file}:${located.position.line}:${located.position.column}: ${formatIssue(located.issue)}`;
}

export async function loadEnvironments(file: string): Promise<Result<Environment[], LocatedIssue[]>> {
  return parseEnvironments(await readFile(file, 'utf8'), file);
}

/**
 * Parses an environments file (`environments: [...]`), collecting every issue with its line.
 * Exactly one environment is primary (no RuntimeClass); every other one names its RuntimeClass.
 */
export function parseEnvironments(text: string, file: string): Result<Environment[], LocatedIssue[]> {
  const parsed = parseManifestText(text, file);
  if (parsed.issues.length > 0) return err([...parsed.issues]);
  const doc = parsed.documents[0];
  if (doc === undefined)
    return err([
      {
        file,
        position: { line: 1, column: 1 },
        issue: issue([], 'required', 'expected a document with `environments:`'),
      },
    ]);
  const issues: Issue[] = [];
  const environments = parseAll(doc.object, issues);
  if (issues.length > 0) return err(issues.map((i) => ({ file, position: doc.locate(i.path), issue: i })));
  return ok(environments);
}

function parseAll(root: unknown, issues: Issue[]): Environment[] {
  if (!isFields(root) || !Array.isArray(root['environments'])) {
    issues.push(issue(['environments'], 'required', 'expected a list of environments', 'list'));
    return [];
  }
  const list = root['environments'] as unknown[];
  if (list.length === 0) issues.push(issue(['environments'], 'too_small', 'at least one environment is required'));
  const out = list.map((item, i) => parseEnvironment(item, ['environments', i], issues));
  const primaries = out.filter((e) => e.primary);
  if (list.length > 0 && primaries.length !== 1) {
    issues.push(
      issue(
        ['environments'],
        'invalid_value',
        `exactly one environment must be primary (found ${primaries.length}: the one without runtimeClass, or marked primary: true)`,
      ),
    );
  }
  const seen = new Map<string, number>();
  const classes = new Map<string, number>();
  out.forEach((env, i) => {
    if (seen.has(env.name))
      issues.push(issue(['environments', i, 'name'], 'duplicate', `environment "${env.name}" is defined twice`));
    seen.set(env.name, i);
    const rc = env.runtimeClass?.name;
    if (rc !== undefined && classes.has(rc))
      issues.push(
        issue(['environments', i, 'runtimeClass'], 'duplicate', `runtimeClass "${rc}" is used by two environments`),
      );
    if (rc !== undefined) classes.set(rc, i);
  });
  return out;
}

function parseEnvironment(raw: unknown, path: PathSegment[], issues: Issue[]): Environment {
  const f: Fields = isFields(raw) ? raw : {};
  if (!isFields(raw)) issues.push(issue(path, 'invalid_type', 'expected an environment object', 'object'));
  for (const key of Object.keys(f)) {
    if (!ENVIRONMENT_KEYS.includes(key))
      issues.push(
        issue(
          [...path, key],
          'unrecognized_key',
          `unknown field "${key}" (expected one of ${ENVIRONMENT_KEYS.join(', ')})`,
        ),
      );
  }
  const name = typeof f['name'] === 'string' ? f['name'] : '';
  if (!NAME.test(name))
    issues.push(
      issue(
        [...path, 'name'],
        name === '' ? 'required' : 'invalid_value',
        'a name of lowercase letters, digits and "-" is required',
      ),
    );
  const runtimeClass =
    f['runtimeClass'] === undefined
      ? undefined
      : parseRuntimeClass(f['runtimeClass'], [...path, 'runtimeClass'], issues, f);
  const primary = f['primary'] === undefined ? runtimeClass === undefined : f['primary'] === true;
  if (primary && runtimeClass !== undefined)
    issues.push(
      issue(
        [...path, 'runtimeClass'],
        'invalid_value',
        'the primary environment takes pods without a RuntimeClass; remove runtimeClass or primary: true',
      ),
    );
  if (!primary && runtimeClass === undefined)
    issues.push(
      issue([...path, 'runtimeClass'], 'required', 'a non-primary environment is reached through a RuntimeClass'),
    );
  const env: Environment = {
    name,
    primary,
    labels: stringMap(f['labels'], [...path, 'labels'], issues),
    nodes: parseNodes(f['nodes'], [...path, 'nodes'], issues),
    startup: parseStartup(f['startup'], [...path, 'startup'], issues),
    pricePerPodHour: nonNegative(f['pricePerPodHour'], [...path, 'pricePerPodHour'], issues, 0),
    networkLatencyMs:
      f['networkLatency'] === undefined ? 0 : duration(f['networkLatency'], [...path, 'networkLatency'], issues),
    ...(typeof f['region'] === 'string' ? { region: f['region'] } : {}),
    ...(typeof f['residency'] === 'string' ? { residency: f['residency'] } : {}),
    ...(runtimeClass === undefined ? {} : { runtimeClass }),
    ...(f['spotInterruptionsPerHour'] === undefined
      ? {}
      : {
          spotInterruptionsPerHour: nonNegative(
            f['spotInterruptionsPerHour'],
            [...path, 'spotInterruptionsPerHour'],
            issues,
            0,
          ),
        }),
  };
  return env;
}

function parseRuntimeClass(raw: unknown, path: PathSegment[], issues: Issue[], env: Fields): EnvironmentRuntimeClass {
  // peer-pods charge one VM per pod; default the overhead when the nodes count VMs.
  const nodes = isFields(env['nodes']) ? env['nodes'] : {};
  const allocatable = isFields(nodes['allocatable']) ? nodes['allocatable'] : {};
  const defaultOverhead: Record<string, string> = PEER_PODS_VM in allocatable ? { [PEER_PODS_VM]: '1' } : {};
  if (typeof raw === 'string' && NAME.test(raw)) return { name: raw, handler: raw, overhead: defaultOverhead };
  if (!isFields(raw) || typeof raw['name'] !== 'string' || !NAME.test(raw['name'])) {
    issues.push(issue(path, 'invalid_value', 'expected a RuntimeClass name, or {name, handler, overhead}'));
    return { name: '', handler: '', overhead: {} };
  }
  const name = raw['name'];
  const handler = typeof raw['handler'] === 'string' ? raw['handler'] : name;
  const overhead =
    raw['overhead'] === undefined ? defaultOverhead : quantities(raw['overhead'], [...path, 'overhead'], issues);
  return { name, handler, overhead };
}

function parseNodes(raw: unknown, path: PathSegment[], issues: Issue[]): Environment['nodes'] {
  if (!isFields(raw)) {
    issues.push(issue(path, 'required', 'expected nodes: {count, allocatable: {cpu, memory, ...}}', 'object'));
    return { count: 0, allocatable: {} };
  }
  const count = raw['count'] ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
    issues.push(issue([...path, 'count'], 'invalid_value', 'expected a whole number of nodes, 0 or more'));
  return {
    count: typeof count === 'number' ? count : 0,
    allocatable: quantities(raw['allocatable'] ?? {}, [...path, 'allocatable'], issues),
  };
}

function parseStartup(raw: unknown, path: PathSegment[], issues: Issue[]): StartupLatency {
  if (!isFields(raw)) {
    issues.push(issue(path, 'required', 'expected startup: {median: 45s, sigma: 0.4} or {fixed: 2s}', 'object'));
    return { kind: 'fixed', ms: 0 };
  }
  if (raw['fixed'] !== undefined) return { kind: 'fixed', ms: duration(raw['fixed'], [...path, 'fixed'], issues) };
  const medianMs = duration(raw['median'], [...path, 'median'], issues);
  const sigma = nonNegative(raw['sigma'], [...path, 'sigma'], issues, 0);
  return { kind: 'logNormal', medianMs, sigma };
}

function duration(raw: unknown, path: PathSegment[], issues: Issue[]): number {
  const parsed = typeof raw === 'string' || typeof raw === 'number' ? parseDuration(raw) : undefined;
  if (parsed === undefined || !parsed.ok) {
    issues.push(
      issue(
        path,
        'invalid_value',
        parsed?.ok === false ? parsed.error : 'expected a duration like 2s or 45s',
        'duration',
      ),
    );
    return 0;
  }
  return parsed.value;
}

function nonNegative(raw: unknown, path: PathSegment[], issues: Issue[], fallback: number): number {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) {
    issues.push(issue(path, 'invalid_value', 'expected a number, 0 or more', 'number', JSON.stringify(raw)));
    return fallback;
  }
  return raw;
}

function quantities(raw: unknown, path: PathSegment[], issues: Issue[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isFields(raw)) {
    issues.push(issue(path, 'invalid_type', 'expected a map of resource quantities', 'object'));
    return out;
  }
  for (const [key, value] of Object.entries(raw)) {
    if ((typeof value !== 'string' && typeof value !== 'number') || parseQuantity(value) === undefined) {
      issues.push(
        issue(
          [...path, key],
          'invalid_value',
          `expected a Kubernetes quantity such as 4, 500m or 16Gi`,
          'quantity',
          JSON.stringify(value),
        ),
      );
    } else out[key] = String(value);
  }
  return out;
}

function stringMap(raw: unknown, path: PathSegment[], issues: Issue[]): Record<string, string> {
  if (raw === undefined) return {};
  if (!isFields(raw) || Object.values(raw).some((v) => typeof v !== 'string')) {
    issues.push(issue(path, 'invalid_type', 'expected a map of strings', 'object'));
    return {};
  }
  return raw as Record<string, string>;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function issue(path: PathSegment[], code: Issue['code'], message: string, expected?: string, received?: string): Issue {
  return {
    code,
    path,
    message,
    ...(expected === undefined ? {} : { expected }),
    ...(received === undefined ? {} : { received }),
  };
}
