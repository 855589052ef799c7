import { matchesLabels, parseSelector, formatSelectorError } from '../lib/label-selector.js';
import type { KubeObject } from './client.js';
import { KubeError } from './errors.js';

/** The list/watch filter of a request: label selector plus the field selectors every server supports. */
export type ObjectFilter = (object: KubeObject) => boolean;

/** Rejects a malformed selector with 400 BadRequest, as the API server does. */
export function compileFilter(options: {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}): ObjectFilter {
  const labels = parseSelector(options.labelSelector ?? '');
  if (!labels.ok) {
    const text = options.labelSelector ?? '';
    throw new KubeError(400, 'BadRequest', `unable to parse requirement: ${formatSelectorError(text, labels.error)}`);
  }
  const fields = parseFieldSelector(options.fieldSelector ?? '');
  const namespace = options.namespace;
  return (object) =>
    (namespace === undefined || object.metadata?.namespace === namespace) &&
    matchesLabels(labels.value, object.metadata?.labels) &&
    fields.every((f) => (fieldValue(object, f.field) === f.value) === f.equal);
}

interface FieldRequirement {
  readonly field: 'metadata.name' | 'metadata.namespace';
  readonly value: string;
  readonly equal: boolean;
}

function parseFieldSelector(text: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const term of text.split(',').map((t) => t.trim())) {
    if (term === '') continue;
    const match = /^([^!=]+)(==|!=|=)(.*)$/.exec(term);
    const field = match?.[1]?.trim();
    if (match === null || (field !== 'metadata.name' && field !== 'metadata.namespace')) {
      throw new KubeError(400, 'BadRequest', `field label not supported: ${field ?? term}`);
    }
    out.push({ field, value: (match[3] ?? '').trim(), equal: match[2] !== '!=' });
  }
  return out;
}

function fieldValue(object: KubeObject, field: FieldRequirement['field']): string {
  return field === 'metadata.name' ? (object.metadata?.name ?? '') : (object.metadata?.namespace ?? '');
}
