import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { StatusCause } from '../kube/errors.js';
import type { JsonObject } from './json.js';
import { getPath } from './json.js';
import { typesFromCrd } from './custom-resources.js';
import { required, invalidValue } from './store-errors.js';
import type { ObjectStore } from './store.js';

/** The checks that keep a CRD from registering a type the store cannot serve. */
export function validateCrd(object: JsonObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const group = getPath(object, 'spec.group');
  const plural = getPath(object, 'spec.names.plural');
  if (typeof group !== 'string' || group === '') causes.push(required('spec.group'));
  if (typeof plural !== 'string' || plural === '') causes.push(required('spec.names.plural'));
  if (typeof getPath(object, 'spec.names.kind') !== 'string') causes.push(required('spec.names.kind'));
  const versions = getPath(object, 'spec.versions');
  if (!Array.isArray(versions) || versions.length === 0) causes.push(required('spec.versions'));
  const name = getPath(object, 'metadata.name');
  if (typeof group === 'string' && typeof plural === 'string' && name !== `${plural}.${group}`) {
    causes.push(invalidValue('metadata.name', name, `must be spec.names.plural+"."+spec.group`));
  }
  return causes;
}

/** A stored CRD serves its types at once and reports itself Established. */
export function registerCrd(store: ObjectStore, object: JsonObject): void {
  const crd = object as unknown as CustomResourceDefinition;
  for (const info of typesFromCrd(crd)) store.registerType(info);
  object.status = {
    conditions: [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' },
      {
        type: 'Established',
        status: 'True',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      },
    ],
    acceptedNames: JSON.parse(JSON.stringify(crd.spec.names)) as JsonObject,
    storedVersions: crd.spec.versions.filter((v) => v.storage).map((v) => v.name),
  };
}

/** Deleting a CRD deletes its objects and stops serving its types. */
export function unregisterCrd(store: ObjectStore, object: JsonObject): void {
  const infos = typesFromCrd(object as unknown as CustomResourceDefinition);
  const first = infos[0];
  if (first !== undefined) {
    const served = store.state.findInfo(first.type);
    if (served !== undefined) {
      for (const item of store.state.all(served.type)) store.removeNow(served, item);
    }
  }
  for (const info of infos) store.state.unregister(info);
}
