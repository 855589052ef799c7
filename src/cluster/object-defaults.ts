import type { StatusCause } from '../kube/errors.js';
import type { Random } from '../lib/random.js';
import { fromStructuredSelector, matchesLabels } from '../lib/label-selector.js';
import type { StructuredSelector } from '../lib/label-selector.js';
import type { JsonObject } from './json.js';
import { getPath, isJsonObject, setPath } from './json.js';
import { invalidValue, required } from './store-errors.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);

function setDefault(object: JsonObject, path: string, value: string | number | string[]): void {
  if (getPath(object, path) === undefined) setPath(object, path, value);
}

/** What the apiserver fills in on create (the registry strategies' PrepareForCreate + defaulting). */
export function applyCreateDefaults(kind: string, object: JsonObject, random: Random): void {
  switch (kind) {
    case 'Pod':
      setDefault(object, 'spec.restartPolicy', 'Always');
      setDefault(object, 'spec.terminationGracePeriodSeconds', 30);
      setDefault(object, 'spec.schedulerName', 'default-scheduler');
      setDefault(object, 'spec.dnsPolicy', 'ClusterFirst');
      object.status = { phase: 'Pending' };
      break;
    case 'Deployment':
      setDefault(object, 'spec.replicas', 1);
      setDefault(object, 'spec.revisionHistoryLimit', 10);
      setDefault(object, 'spec.progressDeadlineSeconds', 600);
      setDefault(object, 'spec.strategy.type', 'RollingUpdate');
      setDefault(object, 'spec.strategy.rollingUpdate.maxUnavailable', '25%');
      setDefault(object, 'spec.strategy.rollingUpdate.maxSurge', '25%');
      break;
    case 'ReplicaSet':
    case 'StatefulSet':
      setDefault(object, 'spec.replicas', 1);
      break;
    case 'Namespace':
      setDefault(object, 'spec.finalizers', ['kubernetes']);
      setNamespaceNameLabel(object);
      object.status = { phase: 'Active' };
      break;
    case 'Service':
      setDefault(object, 'spec.type', 'ClusterIP');
      setDefault(object, 'spec.sessionAffinity', 'None');
      setDefault(
        object,
        'spec.clusterIP',
        `10.96.${Math.floor(random.next() * 255)}.${1 + Math.floor(random.next() * 253)}`,
      );
      for (const port of arrayAt(object, 'spec.ports')) {
        if (port.protocol === undefined) port.protocol = 'TCP';
        if (port.targetPort === undefined && port.port !== undefined) port.targetPort = port.port;
      }
      break;
    default:
      break;
  }
}

// Written directly: setPath would split the dotted label key.
function setNamespaceNameLabel(object: JsonObject): void {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const labels = isJsonObject(metadata.labels) ? metadata.labels : {};
  labels['kubernetes.io/metadata.name'] = String(metadata.name ?? '');
  metadata.labels = labels;
  object.metadata = metadata;
}

function arrayAt(object: JsonObject, path: string): JsonObject[] {
  const value = getPath(object, path);
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

/** Field checks a client would get a 422 for; the apiserver's validation, trimmed to what matters here. */
export function validateObject(kind: string, object: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const name = getPath(object, 'metadata.name');
  if (typeof name !== 'string' || name === '') causes.push(required('metadata.name'));
  else {
    const pattern = LABEL_NAMED_KINDS.has(kind) ? DNS_LABEL : DNS_SUBDOMAIN;
    const max = LABEL_NAMED_KINDS.has(kind) ? 63 : 253;
    if (!pattern.test(name) || name.length > max) {
      causes.push(
        invalidValue(
          'metadata.name',
          name,
          `a lowercase RFC 1123 ${LABEL_NAMED_KINDS.has(kind) ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        ),
      );
    }
  }
  if (kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet')
    causes.push(...validateWorkload(object));
  if (kind === 'Pod') {
    const containers = getPath(object, 'spec.containers');
    if (!Array.isArray(containers) || containers.length === 0) causes.push(required('spec.containers'));
  }
  return causes;
}

function validateWorkload(object: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const replicas = getPath(object, 'spec.replicas');
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)) {
    causes.push(invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0'));
  }
  const selector = getPath(object, 'spec.selector');
  if (!isJsonObject(selector)) {
    causes.push(required('spec.selector'));
    return causes;
  }
  const parsed = fromStructuredSelector(selector as StructuredSelector);
  if (!parsed.ok) {
    causes.push(invalidValue('spec.selector', selector, parsed.error.message));
    return causes;
  }
  if (parsed.value.requirements.length === 0) {
    causes.push(invalidValue('spec.selector', selector, 'empty selector is invalid for deployment'));
  }
  const labels = getPath(object, 'spec.template.metadata.labels') as Record<string, string> | undefined;
  if (!matchesLabels(parsed.value, labels)) {
    causes.push(
      invalidValue('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`'),
    );
  }
  return causes;
}
