import type { ResourceType } from '../kube/resources.js';
import { badRequest } from './store-errors.js';
import { getPath } from './json.js';

/** One `field=value` or `field!=value` term; terms are ANDed like label requirements. */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** The fields the real apiserver indexes per kind (the ones clients actually send). */
const FIELDS_BY_KIND: Readonly<Record<string, readonly string[]>> = {
  Pod: ['status.phase', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'status.podIP'],
  Event: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'reason',
    'type',
    'source',
  ],
  Namespace: ['status.phase'],
  Node: ['spec.unschedulable'],
  Secret: ['type'],
  ReplicaSet: ['status.replicas'],
};

/** Parses `metadata.name=web,status.phase!=Running`; an unknown field is a 400, as in the apiserver. */
export function parseFieldSelector(type: ResourceType, text: string | undefined): FieldRequirement[] {
  if (text === undefined || text.trim() === '') return [];
  const allowed = new Set([...COMMON_FIELDS, ...(FIELDS_BY_KIND[type.kind] ?? [])]);
  return text.split(',').map((term) => {
    const match = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(term);
    if (match === null) throw badRequest(`invalid field selector: "${term}": expected field=value or field!=value`);
    const [, field = '', operator, value = ''] = match;
    if (!allowed.has(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    return { field, operator: operator === '!=' ? '!=' : '=', value };
  });
}

export function matchesFields(requirements: readonly FieldRequirement[], object: unknown): boolean {
  return requirements.every((requirement) => {
    const raw = getPath(object, requirement.field);
    const actual = raw === undefined || raw === null ? '' : String(raw);
    return requirement.operator === '=' ? actual === requirement.value : actual !== requirement.value;
  });
}
