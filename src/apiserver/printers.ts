import type { JsonObject } from '../cluster/json.js';
import { getPath, isJsonObject } from '../cluster/json.js';
import { parseTime } from '../lib/clock.js';
import { formatHumanDuration } from './human-duration.js';

export interface ColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format: string;
  readonly description: string;
  /** 0 shows by default; higher only with `-o wide`. */
  readonly priority: number;
}

export type Cell = string | number | boolean | null;

export interface Printer {
  readonly columns: readonly ColumnDefinition[];
  cells(object: JsonObject, now: number): Cell[];
}

function column(name: string, type = 'string', priority = 0, format = ''): ColumnDefinition {
  return { name, type, format, description: name, priority };
}

export const NAME_COLUMN = column('Name', 'string', 0, 'name');
const AGE = column('Age');

function name(object: JsonObject): string {
  return String(getPath(object, 'metadata.name') ?? '');
}

/** AGE as the apiserver renders it; `<unknown>` when the timestamp is missing, like kubectl. */
export function age(timestamp: unknown, now: number): string {
  const at = typeof timestamp === 'string' ? parseTime(timestamp) : undefined;
  return at === undefined ? '<unknown>' : formatHumanDuration(now - at);
}

function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

function podStatus(pod: JsonObject): string {
  if (getPath(pod, 'metadata.deletionTimestamp') !== undefined) return 'Terminating';
  let reason = String(getPath(pod, 'status.reason') ?? getPath(pod, 'status.phase') ?? 'Unknown');
  for (const status of objects(getPath(pod, 'status.containerStatuses'))) {
    const waiting = getPath(status, 'state.waiting.reason');
    const terminated = getPath(status, 'state.terminated.reason');
    if (typeof waiting === 'string' && waiting !== '') reason = waiting;
    else if (typeof terminated === 'string' && terminated !== '') reason = terminated;
  }
  return reason;
}

const POD: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready'),
    column('Status'),
    column('Restarts'),
    AGE,
    column('IP', 'string', 1),
    column('Node', 'string', 1),
    column('Nominated Node', 'string', 1),
    column('Readiness Gates', 'string', 1),
  ],
  cells(pod, now) {
    const statuses = objects(getPath(pod, 'status.containerStatuses'));
    const total = objects(getPath(pod, 'spec.containers')).length;
    const ready = statuses.filter((s) => s.ready === true).length;
    const restarts = statuses.reduce((sum, s) => sum + num(s.restartCount), 0);
    return [
      name(pod),
      `${ready}/${total}`,
      podStatus(pod),
      String(restarts),
      age(getPath(pod, 'metadata.creationTimestamp'), now),
      String(getPath(pod, 'status.podIP') ?? '<none>'),
      String(getPath(pod, 'spec.nodeName') ?? '<none>'),
      String(getPath(pod, 'status.nominatedNodeName') ?? '<none>'),
      '<none>',
    ];
  },
};

const DEPLOYMENT: Printer = {
  columns: [
    NAME_COLUMN,
    column('Ready'),
    column('Up-to-date', 'integer'),
    column('Available', 'integer'),
    AGE,
    column('Containers', 'string', 1),
    column('Images', 'string', 1),
    column('Selector', 'string', 1),
  ],
  cells(deployment, now) {
    const containers = objects(getPath(deployment, 'spec.template.spec.containers'));
    const matchLabels = getPath(deployment, 'spec.selector.matchLabels');
    const selector = isJsonObject(matchLabels)
      ? Object.entries(matchLabels)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(',')
      : '';
    return [
      name(deployment),
      `${num(getPath(deployment, 'status.readyReplicas'))}/${num(getPath(deployment, 'spec.replicas'))}`,
      num(getPath(deployment, 'status.updatedReplicas')),
      num(getPath(deployment, 'status.availableReplicas')),
      age(getPath(deployment, 'metadata.creationTimestamp'), now),
      containers.map((c) => String(c.name ?? '')).join(','),
      containers.map((c) => String(c.image ?? '')).join(','),
      selector === '' ? '<none>' : selector,
    ];
  },
};

const EVENT: Printer = {
  columns: [
    column('Last Seen'),
    column('Type'),
    column('Reason'),
    column('Object'),
    column('Subobject', 'string', 1),
    column('Source', 'string', 1),
    column('Message'),
    column('First Seen', 'string', 1),
    column('Count', 'string', 1),
    column('Name', 'string', 1),
  ],
  cells(event, now) {
    const last =
      getPath(event, 'series.lastObservedTime') ??
      getPath(event, 'lastTimestamp') ??
      getPath(event, 'eventTime') ??
      getPath(event, 'metadata.creationTimestamp');
    const first = getPath(event, 'firstTimestamp') ?? getPath(event, 'eventTime');
    const kind = String(getPath(event, 'involvedObject.kind') ?? '').toLowerCase();
    const component = getPath(event, 'source.component') ?? getPath(event, 'reportingComponent') ?? '';
    return [
      age(last, now),
      String(getPath(event, 'type') ?? ''),
      String(getPath(event, 'reason') ?? ''),
      `${kind}/${String(getPath(event, 'involvedObject.name') ?? '')}`,
      String(getPath(event, 'involvedObject.fieldPath') ?? ''),
      String(component),
      String(getPath(event, 'message') ?? '').trim(),
      age(first, now),
      String(getPath(event, 'count') ?? 1),
      name(event),
    ];
  },
};

const SERVICE: Printer = {
  columns: [
    NAME_COLUMN,
    column('Type'),
    column('Cluster-IP'),
    column('External-IP'),
    column('Port(s)'),
    AGE,
    column('Selector', 'string', 1),
  ],
  cells(service, now) {
    const ports = objects(getPath(service, 'spec.ports')).map(
      (p) =>
        `${String(p.port ?? '')}${p.nodePort === undefined ? '' : `:${String(p.nodePort)}`}/${String(p.protocol ?? 'TCP')}`,
    );
    const selector = getPath(service, 'spec.selector');
    return [
      name(service),
      String(getPath(service, 'spec.type') ?? 'ClusterIP'),
      String(getPath(service, 'spec.clusterIP') ?? '<none>'),
      '<none>',
      ports.length === 0 ? '<none>' : ports.join(','),
      age(getPath(service, 'metadata.creationTimestamp'), now),
      isJsonObject(selector)
        ? Object.entries(selector)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(',')
        : '<none>',
    ];
  },
};

const NAMESPACE: Printer = {
  columns: [NAME_COLUMN, column('Status'), AGE],
  cells: (ns, now) => [
    name(ns),
    String(getPath(ns, 'status.phase') ?? ''),
    age(getPath(ns, 'metadata.creationTimestamp'), now),
  ],
};

const REPLICA_SET: Printer = {
  columns: [NAME_COLUMN, column('Desired', 'integer'), column('Current', 'integer'), column('Ready', 'integer'), AGE],
  cells: (rs, now) => [
    name(rs),
    num(getPath(rs, 'spec.replicas')),
    num(getPath(rs, 'status.replicas')),
    num(getPath(rs, 'status.readyReplicas')),
    age(getPath(rs, 'metadata.creationTimestamp'), now),
  ],
};

/** NAME and AGE, what the apiserver's default table convertor shows for kinds without a printer. */
export const DEFAULT_PRINTER: Printer = {
  columns: [NAME_COLUMN, AGE],
  cells: (object, now) => [name(object), age(getPath(object, 'metadata.creationTimestamp'), now)],
};

/** The built-in printers, keyed `group/Kind` (core group: `/Kind`). */
export const BUILT_IN_PRINTERS: ReadonlyMap<string, Printer> = new Map([
  ['/Pod', POD],
  ['apps/Deployment', DEPLOYMENT],
  ['apps/ReplicaSet', REPLICA_SET],
  ['/Event', EVENT],
  ['/Service', SERVICE],
  ['/Namespace', NAMESPACE],
]);
