import { z } from 'zod';
import type { Issue } from '../lib/issues.js';
import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';
import { parseDuration } from '../lib/duration.js';

/**
 * A what-if run: environments, manifests to apply at t=0, a duration and timed actions, all in
 * virtual time. Durations are milliseconds after parsing.
 */
export interface Scenario {
  readonly durationMs: number;
  readonly seed?: number;
  /** Path to an environments file, relative to the scenario; undefined → the built-in default. */
  readonly environments?: string;
  readonly manifests: readonly ManifestSource[];
  readonly hpaSyncPeriodMs?: number;
  readonly actions: readonly TimedAction[];
}

/** A path (file or folder, relative to the scenario file or absolute) or an inline object. */
export type ManifestSource = { readonly path: string } | { readonly inline: Readonly<Record<string, unknown>> };

export interface TimedAction {
  readonly atMs: number;
  /** Index in the scenario's `actions`, for error messages and the timeline. */
  readonly index: number;
  readonly action: Action;
}

export interface ObjectTarget {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

export type Action =
  | { readonly type: 'scale'; readonly target: ObjectTarget; readonly replicas: number }
  | { readonly type: 'apply'; readonly manifest: ManifestSource }
  | { readonly type: 'delete'; readonly target: ObjectTarget }
  | {
      readonly type: 'annotate';
      readonly target: ObjectTarget;
      readonly annotations: Readonly<Record<string, string | null>>;
    }
  | { readonly type: 'failEnvironment'; readonly environment: string }
  | { readonly type: 'restoreEnvironment'; readonly environment: string }
  | { readonly type: 'restartController' };

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = parseDuration(value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', message: parsed.error });
    return z.NEVER;
  }
  return parsed.value;
});

const name = z.string().min(1, 'expected a non-empty name');
const namespace = z.string().min(1).default('default');
const manifest = z.union([
  z
    .string()
    .min(1)
    .transform((path): ManifestSource => ({ path })),
  z.record(z.string(), z.unknown()).transform((inline): ManifestSource => ({ inline })),
]);

const target = (defaultKind: string) => z.strictObject({ kind: z.string().default(defaultKind), name, namespace });

const actionSchema = z.union([
  z.strictObject({
    at: duration,
    scale: z.union([
      z.strictObject({ deployment: name, namespace, replicas: z.number().int().min(0) }),
      z.strictObject({ kind: z.string(), name, namespace, replicas: z.number().int().min(0) }),
    ]),
  }),
  z.strictObject({ at: duration, apply: manifest }),
  z.strictObject({ at: duration, delete: target('ScaledObject') }),
  z.strictObject({
    at: duration,
    annotate: z.strictObject({
      kind: z.string().default('ScaledObject'),
      name,
      namespace,
      annotations: z.record(z.string(), z.union([z.string(), z.null()])),
    }),
  }),
  z.strictObject({ at: duration, failEnvironment: name }),
  z.strictObject({ at: duration, restoreEnvironment: name }),
  z.strictObject({ at: duration, restartController: z.literal(true) }),
]);

const scenarioSchema = z.strictObject({
  duration,
  seed: z.number().int().min(0).optional(),
  environments: z.string().min(1).optional(),
  manifests: z.array(manifest).default([]),
  hpaSyncPeriod: duration.optional(),
  actions: z.array(actionSchema).default([]),
});

type RawAction = z.output<typeof actionSchema>;

function toAction(raw: RawAction): Action {
  if ('scale' in raw) {
    const s = raw.scale;
    const kind = 'deployment' in s ? 'Deployment' : s.kind;
    const objectName = 'deployment' in s ? s.deployment : s.name;
    return { type: 'scale', target: { kind, name: objectName, namespace: s.namespace }, replicas: s.replicas };
  }
  if ('apply' in raw) return { type: 'apply', manifest: raw.apply };
  if ('delete' in raw) return { type: 'delete', target: raw.delete };
  if ('annotate' in raw) {
    const { annotations, ...rest } = raw.annotate;
    return { type: 'annotate', target: rest, annotations };
  }
  if ('failEnvironment' in raw) return { type: 'failEnvironment', environment: raw.failEnvironment };
  if ('restoreEnvironment' in raw) return { type: 'restoreEnvironment', environment: raw.restoreEnvironment };
  return { type: 'restartController' };
}

/** Validates a scenario document (already parsed from YAML); issues carry paths for file:line mapping. */
export function parseScenario(raw: unknown): Result<Scenario, Issue[]> {
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    return err(
      parsed.error.issues.map((issue) => ({
        code: 'invalid_value' as const,
        path: issue.path.filter((p): p is string | number => typeof p !== 'symbol'),
        message: issue.code === 'invalid_union' ? describeUnionFailure(issue.path) : issue.message,
      })),
    );
  }
  const value = parsed.data;
  const actions = value.actions
    .map((action, index): TimedAction => ({ atMs: action.at, index, action: toAction(action) }))
    .sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  const tooLate = actions.filter((a) => a.atMs > value.duration);
  if (tooLate.length > 0) {
    return err(
      tooLate.map((a) => ({
        code: 'too_big' as const,
        path: ['actions', a.index, 'at'],
        message: `action at ${a.atMs / 1000}s is after the scenario's duration (${value.duration / 1000}s)`,
      })),
    );
  }
  return ok({
    durationMs: value.duration,
    ...(value.seed !== undefined && { seed: value.seed }),
    ...(value.environments !== undefined && { environments: value.environments }),
    manifests: value.manifests,
    ...(value.hpaSyncPeriod !== undefined && { hpaSyncPeriodMs: value.hpaSyncPeriod }),
    actions,
  });
}

function describeUnionFailure(path: readonly PropertyKey[]): string {
  if (path[0] === 'actions') {
    return 'expected an action: {at, scale: {deployment, replicas}} | {at, apply} | {at, delete: {kind, name}} | {at, annotate: {name, annotations}} | {at, failEnvironment} | {at, restoreEnvironment} | {at, restartController: true}';
  }
  return 'expected a file path or an inline manifest object';
}
