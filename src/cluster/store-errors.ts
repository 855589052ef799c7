import { KubeError } from '../kube/errors.js';
import type { StatusCause } from '../kube/errors.js';
import type { ResourceType } from '../kube/resources.js';

/** `deployments.apps`, the qualified resource name apimachinery puts in messages. */
export function qualifiedName(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

function details(type: ResourceType, name: string, causes?: readonly StatusCause[]) {
  return causes === undefined
    ? { name, group: type.group, kind: type.plural }
    : { name, group: type.group, kind: type.kind, causes };
}

export function notFound(type: ResourceType, name: string): KubeError {
  return new KubeError(404, 'NotFound', `${qualifiedName(type)} "${name}" not found`, {
    details: details(type, name),
  });
}

export function alreadyExists(type: ResourceType, name: string): KubeError {
  return new KubeError(409, 'AlreadyExists', `${qualifiedName(type)} "${name}" already exists`, {
    details: details(type, name),
  });
}

export function conflict(type: ResourceType, name: string): KubeError {
  return conflictBecause(
    type,
    name,
    'the object has been modified; please apply your changes to the latest version and try again',
  );
}

export function conflictBecause(type: ResourceType, name: string, why: string): KubeError {
  return new KubeError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": ${why}`, {
    details: details(type, name),
  });
}

export function invalid(type: ResourceType, name: string, causes: readonly StatusCause[]): KubeError {
  const kind = type.group === '' ? type.kind : `${type.kind}.${type.group}`;
  const what = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new KubeError(422, 'Invalid', `${kind} "${name}" is invalid: ${what}`, {
    details: details(type, name, causes),
  });
}

export function required(field: string): StatusCause {
  return { reason: 'FieldValueRequired', field, message: 'Required value' };
}

export function invalidValue(field: string, value: unknown, why: string): StatusCause {
  return { reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${why}` };
}

export function expired(resourceVersion: string, oldest: number): KubeError {
  return new KubeError(410, 'Expired', `too old resource version: ${resourceVersion} (${oldest})`);
}

export function badRequest(message: string): KubeError {
  return new KubeError(400, 'BadRequest', message);
}

export function forbidden(message: string): KubeError {
  return new KubeError(403, 'Forbidden', message);
}

export function methodNotAllowed(message: string): KubeError {
  return new KubeError(405, 'MethodNotAllowed', message);
}

/** The type is not served (e.g. a custom resource whose CRD is gone). */
export function unknownResource(type: ResourceType): KubeError {
  return new KubeError(404, 'NotFound', 'the server could not find the requested resource', {
    details: { group: type.group, kind: type.plural },
  });
}
