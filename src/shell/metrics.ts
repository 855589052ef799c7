import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ControllerObserver, DecisionRecord, MeasurementRecord } from '../controller/controller-context.js';

/** KEDA's `type` label: spillway serves ScaledObjects only (KEDA also has ScaledJobs). */
const RESOURCE_TYPE = 'scaledobject';

export interface ControllerMetrics {
  readonly registry: Registry;
  /** Feeds the registry from the controller; pass as `observer` (or wrap it). */
  readonly observer: Required<ControllerObserver>;
  setLeader(isLeader: boolean): void;
  setPaused(scaledObject: string, isPaused: boolean): void;
}

/**
 * Prometheus metrics on a private registry (never prom-client's global one, so two controllers
 * in one process or a test never share counters). Names and labels follow KEDA's
 * (pkg/metricscollector/prommetrics.go) wherever they mean the same, so its dashboards work.
 */
export function createControllerMetrics(options: { readonly defaultMetrics?: boolean } = {}): ControllerMetrics {
  const registry = new Registry();
  const registers = [registry];
  const scalerLabels = ['namespace', 'scaledObject', 'scaler', 'triggerIndex', 'metric', 'type'] as const;
  const objectLabels = ['namespace', 'scaledObject', 'type'] as const;
  const metricsValue = new Gauge({
    name: 'keda_scaler_metrics_value',
    help: 'The current value for each scaler metric that is used by the HPA to compute the target average.',
    labelNames: scalerLabels,
    registers,
  });
  const active = new Gauge({
    name: 'keda_scaler_active',
    help: 'Indicates whether a scaler is active (1), or not (0).',
    labelNames: scalerLabels,
    registers,
  });
  const scalerErrors = new Counter({
    name: 'keda_scaler_errors_total',
    help: 'The number of errors that have occurred for each scaler.',
    labelNames: scalerLabels,
    registers,
  });
  const objectErrors = new Counter({
    name: 'keda_scaled_object_errors_total',
    help: 'The number of errors that have occurred for each ScaledObject.',
    labelNames: objectLabels,
    registers,
  });
  const paused = new Gauge({
    name: 'keda_scaled_object_paused',
    help: 'Indicates whether a ScaledObject is paused (1), or not (0).',
    labelNames: objectLabels,
    registers,
  });
  const scaleWrites = new Counter({
    name: 'spillway_scale_writes_total',
    help: 'Replica changes written to a scale target, by the loop that decided them (keda, hpa, lifecycle).',
    labelNames: ['namespace', 'scaledObject', 'loop'],
    registers,
  });
  const decisions = new Counter({
    name: 'spillway_decisions_total',
    help: 'Scaling decisions by the rule that fired.',
    labelNames: ['rule'],
    registers,
  });
  const controllerErrors = new Counter({
    name: 'spillway_controller_errors_total',
    help: 'Controller errors by phase (metric, scale, status, event, finalize).',
    labelNames: ['phase'],
    registers,
  });
  const leader = new Gauge({
    name: 'spillway_leader',
    help: '1 while this process holds the leader lease (or runs without leader election), else 0.',
    registers,
  });
  if (options.defaultMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'spillway_' });
  // Scaler series carry trigger labels; remembered per ScaledObject so they can go with it.
  const scalerSeries = new Map<string, Map<string, ScalerLabels>>();

  const observer: Required<ControllerObserver> = {
    decision(record: DecisionRecord) {
      const { namespace, name } = splitKey(record.scaledObject);
      decisions.inc({ rule: record.rule });
      if (record.fromReplicas !== record.toReplicas) {
        scaleWrites.inc({ namespace, scaledObject: name, loop: record.loop });
      }
    },
    measurement(record: MeasurementRecord) {
      const { namespace, name } = splitKey(record.scaledObject);
      const labels = {
        namespace,
        scaledObject: name,
        scaler: scalerName(record.triggerType),
        triggerIndex: String(record.triggerIndex),
        metric: record.metricName,
        type: RESOURCE_TYPE,
      };
      const series = scalerSeries.get(record.scaledObject) ?? new Map<string, ScalerLabels>();
      scalerSeries.set(record.scaledObject, series.set(JSON.stringify(labels), labels));
      if (record.error !== undefined) {
        scalerErrors.inc(labels);
        objectErrors.inc({ namespace, scaledObject: name, type: RESOURCE_TYPE });
        return;
      }
      if (record.value !== undefined) metricsValue.set(labels, record.value);
      active.set(labels, record.isActive ? 1 : 0);
    },
    paused(record) {
      const { namespace, name } = splitKey(record.scaledObject);
      paused.set({ namespace, scaledObject: name, type: RESOURCE_TYPE }, record.paused ? 1 : 0);
    },
    removed(record) {
      const { namespace, name } = splitKey(record.scaledObject);
      for (const labels of scalerSeries.get(record.scaledObject)?.values() ?? []) {
        for (const metric of [metricsValue, active, scalerErrors]) metric.remove(labels);
      }
      scalerSeries.delete(record.scaledObject);
      const objectLabels = { namespace, scaledObject: name, type: RESOURCE_TYPE };
      objectErrors.remove(objectLabels);
      paused.remove(objectLabels);
      for (const loop of ['keda', 'hpa', 'lifecycle']) scaleWrites.remove({ namespace, scaledObject: name, loop });
    },
    error(record) {
      controllerErrors.inc({ phase: record.phase });
      if (record.scaledObject === '') return;
      const { namespace, name } = splitKey(record.scaledObject);
      objectErrors.inc({ namespace, scaledObject: name, type: RESOURCE_TYPE });
    },
  };
  return {
    registry,
    observer,
    setLeader: (isLeader) => leader.set(isLeader ? 1 : 0),
    setPaused: (scaledObject, isPaused) => observer.paused({ scaledObject, paused: isPaused }),
  };
}

type ScalerLabels = Record<'namespace' | 'scaledObject' | 'scaler' | 'triggerIndex' | 'metric' | 'type', string>;

/** KEDA labels scalers by Go type name: `kubernetes-workload` → `kubernetesWorkloadScaler`. */
export function scalerName(triggerType: string): string {
  const camel = triggerType.replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return `${camel}Scaler`;
}

function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Calls every observer's hooks in turn; one throwing does not starve the others. */
export function combineObservers(...observers: readonly ControllerObserver[]): Required<ControllerObserver> {
  const each = (call: (o: ControllerObserver) => void) => {
    for (const o of observers) {
      try {
        call(o);
      } catch {
        // An observer is a side channel; it must never break the controller.
      }
    }
  };
  return {
    decision: (record) => each((o) => o.decision?.(record)),
    measurement: (record) => each((o) => o.measurement?.(record)),
    error: (record) => each((o) => o.error?.(record)),
    paused: (record) => each((o) => o.paused?.(record)),
    removed: (record) => each((o) => o.removed?.(record)),
  };
}
