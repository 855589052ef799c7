import type { Issue } from '../lib/issues.js';
import type { Result } from '../lib/result.js';
import { err, ok } from '../lib/result.js';
import type { Metadata } from './metadata.js';
import {
  invalidParam,
  missingParam,
  parseKedaDurationMs,
  readBool,
  readFloat,
  readKeyValueList,
  readParam,
} from './metadata.js';
import { metricNameWithIndex, resolveExternalTargetType, toExportedValue } from './metric-values.js';
import { parsePrometheusAuth } from './prometheus-auth.js';
import type { PrometheusQuery } from './prometheus-request.js';
import { buildPrometheusRequest, parsePrometheusResponse } from './prometheus-request.js';
import type {
  FetchInit,
  MeasureResult,
  MetricSources,
  TriggerConfig,
  TriggerConfigBase,
  TriggerContext,
  TriggerDefinition,
} from './trigger.js';

/** `prometheus`: one instant query (keda: prometheus_scaler.go; spec §2). */
export type PrometheusConfig = TriggerConfigBase &
  PrometheusQuery & {
    readonly type: 'prometheus';
    readonly threshold: number;
    readonly activationThreshold: number;
    readonly ignoreNullValues: boolean;
    readonly unsafeSsl: boolean;
    readonly timeoutMs: number;
    readonly awsRegion?: string;
    readonly identityOwner?: string;
  };

/** KEDA_HTTP_DEFAULT_TIMEOUT's default (cmd/operator/main.go), used when `timeout` is unset or 0. */
export const DEFAULT_HTTP_TIMEOUT_MS = 3000;

export function parsePrometheus(metadata: Metadata, context: TriggerContext): Result<PrometheusConfig, Issue[]> {
  const issues: Issue[] = [];
  const serverAddress = readParam(metadata, 'serverAddress');
  if (serverAddress === undefined) {
    issues.push(missingParam('serverAddress', 'the Prometheus base URL, e.g. "http://prometheus:9090"'));
  }
  const query = readParam(metadata, 'query');
  if (query === undefined) issues.push(missingParam('query', 'a PromQL query returning one series'));
  const threshold = readFloat(metadata, 'threshold', issues);
  if (threshold === undefined && readParam(metadata, 'threshold') === undefined) {
    issues.push(missingParam('threshold', 'a number, the target value per replica'));
  }
  const activationThreshold = readFloat(metadata, 'activationThreshold', issues, { defaultValue: 0 });
  const namespace = readParam(metadata, 'namespace');
  const customHeaders = readKeyValueList(metadata, 'customHeaders', issues);
  const queryParameters = readKeyValueList(metadata, 'queryParameters', issues);
  const ignoreNullValues = readBool(metadata, 'ignoreNullValues', issues, true);
  const unsafeSsl = readBool(metadata, 'unsafeSsl', issues, false);
  const timeoutMs = readTimeoutMs(metadata, issues);
  const awsRegion = readParam(metadata, 'awsRegion');
  const identityOwner = readParam(metadata, 'identityOwner');
  const auth = parsePrometheusAuth(metadata, issues);
  const targetType = resolveExternalTargetType(context, issues);
  if (issues.length > 0 || serverAddress === undefined || query === undefined || threshold === undefined) {
    return err(issues);
  }

  return ok({
    type: 'prometheus',
    // `metricName` metadata is ignored: KEDA always names the metric `s{i}-prometheus`.
    metricName: metricNameWithIndex(context.triggerIndex, 'prometheus'),
    targetType,
    targetValue: threshold,
    activationThreshold,
    serverAddress,
    query,
    ...(namespace === undefined ? {} : { namespace }),
    queryParameters,
    customHeaders,
    auth,
    threshold,
    ignoreNullValues,
    unsafeSsl,
    timeoutMs,
    ...(awsRegion === undefined ? {} : { awsRegion }),
    ...(identityOwner === undefined ? {} : { identityOwner }),
  });
}

/**
 * One query, retried once on any error: KEDA rebuilds a failing scaler and asks again within the
 * same call (`scalers_cache.go` `GetMetricsAndActivityForScaler`).
 */
export async function measurePrometheus(config: PrometheusConfig, sources: MetricSources): Promise<MeasureResult> {
  let result = await queryPrometheus(config, sources);
  if (!result.ok) result = await queryPrometheus(config, sources);
  if (!result.ok) return err({ metricName: config.metricName, message: result.error });
  // A null sample is −1 here: exported as 0 and, against the default threshold, inactive.
  return ok({ value: toExportedValue(result.value), isActive: result.value > config.activationThreshold });
}

export const prometheusTrigger: TriggerDefinition<PrometheusConfig> = {
  type: 'prometheus',
  metricSource: 'external',
  parse: parsePrometheus,
  measure: measurePrometheus,
};

export function isPrometheusConfig(config: TriggerConfig): config is PrometheusConfig {
  return config.type === 'prometheus';
}

async function queryPrometheus(config: PrometheusConfig, sources: MetricSources): Promise<Result<number, string>> {
  const request = buildPrometheusRequest(config, sources.now);
  const init: FetchInit = {
    headers: request.headers,
    timeoutMs: config.timeoutMs,
    ...(config.unsafeSsl ? { insecureSkipVerify: true } : {}),
    ...(config.auth.tls === undefined ? {} : { tls: config.auth.tls }),
  };
  try {
    const response = await sources.fetch(request.url, init);
    return parsePrometheusResponse(response.status, response.body, config.ignoreNullValues);
  } catch (cause) {
    return err(`prometheus request failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

function readTimeoutMs(metadata: Metadata, issues: Issue[]): number {
  const text = readParam(metadata, 'timeout');
  if (text === undefined) return DEFAULT_HTTP_TIMEOUT_MS;
  const parsed = parseKedaDurationMs(text);
  if ('problem' in parsed) {
    const expected =
      parsed.problem === 'negative'
        ? 'a duration that is not negative'
        : 'a duration such as "5s" or a number of milliseconds such as "3000"';
    issues.push(invalidParam('timeout', text, expected));
    return DEFAULT_HTTP_TIMEOUT_MS;
  }
  return parsed.ms === 0 ? DEFAULT_HTTP_TIMEOUT_MS : parsed.ms;
}
