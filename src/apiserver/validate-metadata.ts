import type { JsonObject } from '../cluster/json.js';
import { isJsonObject } from '../cluster/json.js';
import { invalid } from '../cluster/store-errors.js';
import type { StatusCause } from '../kube/errors.js';
import type { ResourceType } from '../kube/resources.js';
import { checkLabelKey, checkLabelValue } from '../lib/label-selector.js';
import { compareStrings } from '../lib/compare-strings.js';

/** Label keys and values (the apiserver's ValidateLabels), checked before any write reaches the store. */
export function labelCauses(object: JsonObject): StatusCause[] {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  const labels = metadata.labels;
  if (labels === undefined || labels === null) return [];
  if (!isJsonObject(labels)) {
    return [{ reason: 'FieldValueInvalid', field: 'metadata.labels', message: 'Invalid value: must be a map' }];
  }
  const causes: StatusCause[] = [];
  for (const [key, value] of Object.entries(labels).sort(([a], [b]) => compareStrings(a, b))) {
    const keyProblem = checkLabelKey(key);
    if (keyProblem !== undefined) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'metadata.labels',
        message: `Invalid value: ${JSON.stringify(key)}: ${keyProblem}`,
      });
    }
    const valueProblem = typeof value === 'string' ? checkLabelValue(value) : 'must be a string';
    if (valueProblem !== undefined) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: 'metadata.labels',
        message: `Invalid value: ${JSON.stringify(value)}: ${valueProblem}`,
      });
    }
  }
  return causes;
}

export function assertValidMetadata(type: ResourceType, object: JsonObject): void {
  const causes = labelCauses(object);
  if (causes.length > 0) {
    const metadata = isJsonObject(object.metadata) ? object.metadata : {};
    throw invalid(type, typeof metadata.name === 'string' ? metadata.name : '', causes);
  }
}
