import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Issue, PathSegment } from '../lib/issues.js';
import type { LabelSelector } from '../lib/label-selector.js';
import type { MaybePromise } from '../lib/maybe-promise.js';
import type { Result } from '../lib/result.js';
import type { MetricTargetType } from '../api/scaled-object.js';

/**
 * One trigger type, one file (like KEDA's scalers). A trigger parses its `metadata` into a typed
 * config with precise issues, names its metric, and measures a value. Measuring is the only part
 * that may do I/O, and it gets everything through `MetricSources`.
 */
export interface TriggerDefinition<C extends TriggerConfigBase = TriggerConfigBase> {
  readonly type: string;
  /** External metrics are served to the HPA from the measured value; resource metrics (cpu, memory) the HPA reads from pods. */
  readonly metricSource: 'external' | 'resource';
  /**
   * Issue paths are relative to the trigger's `metadata`, except those starting with `TRIGGER_LEVEL`,
   * which are about a trigger-level field such as `metricType` (see `locateTriggerIssues`).
   */
  parse(metadata: Readonly<Record<string, string>>, context: TriggerContext): Result<C, Issue[]>;
  /**
   * The value and whether the trigger is active, or why it could not be measured: at once when it
   * comes from a cache or the clock, as a promise when it needs I/O.
   */
  measure(config: C, sources: MetricSources): MaybePromise<MeasureResult>;
}

/** What one measurement gives. */
export type MeasureResult = Result<Measurement, MetricFailure>;

export interface TriggerContext {
  /** The ScaledObject's namespace (kubernetes-workload counts only there). */
  readonly namespace: string;
  readonly triggerIndex: number;
  readonly metricType: MetricTargetType | undefined;
  /** With scalingModifiers, a trigger can be only a formula source, which relaxes some checks (e.g. value > 0). */
  readonly formulaSource: boolean;
}

/**
 * What every parsed trigger config carries, so the engine can treat triggers alike. A type alias
 * (not an interface) so that `TriggerConfigBase & { … }` configs are assignable to `TriggerConfig`.
 */
export type TriggerConfigBase = {
  readonly type: string;
  /** KEDA's metric name, e.g. `s0-workload-default`. */
  readonly metricName: string;
  readonly targetType: MetricTargetType;
  /** The HPA target (AverageValue or Value per pod, or utilization percent). */
  readonly targetValue: number;
  /** Active when value > activationThreshold (strict). */
  readonly activationThreshold: number;
};

/** Open for each trigger's own fields; the registry narrows by `type`. */
export type TriggerConfig = TriggerConfigBase & Readonly<Record<string, unknown>>;

export interface Measurement {
  readonly value: number;
  readonly isActive: boolean;
}

export interface MetricFailure {
  readonly metricName: string;
  readonly message: string;
}

/** Everything a trigger may read. Supplied by the controller; fakes in tests. */
export interface MetricSources {
  readonly now: number;
  /**
   * Pods of a namespace from the shared watch-backed cache, narrowed to those `selector` matches
   * (it may return more: callers still check what they count).
   */
  readonly podsMatching: (namespace: string, selector: LabelSelector) => readonly Pod[];
  /** Resolves with any HTTP status; rejects on transport errors and timeouts. */
  readonly fetch: (url: string, init: FetchInit) => Promise<FetchedResponse>;
}

export interface FetchInit {
  headers: Record<string, string>;
  timeoutMs: number;
  /** Skip server certificate verification (`unsafeSsl`). */
  readonly insecureSkipVerify?: boolean;
  /** Client certificate and CA for TLS auth (`authModes: tls`), PEM text. */
  readonly tls?: { readonly cert: string; readonly key: string; readonly ca?: string };
}

export interface FetchedResponse {
  readonly status: number;
  readonly body: string;
}

/** A trigger config whose own fields the registry has erased; the registry narrows it back by `type`. */
export type AnyTriggerDefinition = TriggerDefinition<TriggerConfig>;

/** First path segment of an issue about a trigger-level field rather than a metadata key. */
export const TRIGGER_LEVEL = '$trigger';

/**
 * Places a trigger's issues under the trigger at `triggerPath` (e.g. `['spec', 'triggers', 0]`):
 * metadata issues go under `metadata`, `TRIGGER_LEVEL` issues sit beside it.
 */
export function locateTriggerIssues(triggerPath: readonly PathSegment[], issues: readonly Issue[]): Issue[] {
  return issues.map((issue) => {
    const [first, ...rest] = issue.path;
    const path = first === TRIGGER_LEVEL ? [...triggerPath, ...rest] : [...triggerPath, 'metadata', ...issue.path];
    return { ...issue, path };
  });
}
