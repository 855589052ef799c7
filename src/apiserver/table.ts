import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.js';
import type { JsonObject } from '../cluster/json.js';
import { getPath, isJsonObject } from '../cluster/json.js';
import type { TypeInfo } from '../cluster/resource-registry.js';
import type { ObjectStore } from '../cluster/store.js';
import { CRDS } from '../kube/resources.js';
import { evaluateJsonPath, parseJsonPath } from './jsonpath.js';
import type { Cell, ColumnDefinition, Printer } from './printers.js';
import { BUILT_IN_PRINTERS, DEFAULT_PRINTER, NAME_COLUMN, age } from './printers.js';

/** kubectl asks `Accept: application/json;as=Table;v=v1;g=meta.k8s.io,…`; any Table offer counts. */
export function wantsTable(accept: string): boolean {
  return accept.split(',').some((part) => /;\s*as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function parseIncludeObject(value: string | null): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}

/** The printer for a type: built-in columns, a CRD's additionalPrinterColumns, or NAME/AGE. */
export function printerFor(store: ObjectStore, info: TypeInfo): Printer {
  if (!info.custom) return BUILT_IN_PRINTERS.get(`${info.type.group}/${info.type.kind}`) ?? DEFAULT_PRINTER;
  const crd = store.find<CustomResourceDefinition>(CRDS, { name: `${info.type.plural}.${info.type.group}` });
  const version = crd?.spec.versions.find((v) => v.name === info.type.version);
  const columns = version?.additionalPrinterColumns;
  if (columns === undefined || columns.length === 0) return DEFAULT_PRINTER;
  const compiled = columns.map((c) => ({ definition: c, steps: parseJsonPath(c.jsonPath) }));
  return {
    columns: [
      NAME_COLUMN,
      ...compiled.map(({ definition }): ColumnDefinition => ({
        name: definition.name,
        type: definition.type,
        format: definition.format ?? '',
        description: definition.description ?? '',
        priority: definition.priority ?? 0,
      })),
    ],
    cells: (object, now) => [
      String(getPath(object, 'metadata.name') ?? ''),
      ...compiled.map(({ definition, steps }) => customCell(object, definition.type, steps, now)),
    ],
  };
}

function customCell(object: JsonObject, type: string, steps: ReturnType<typeof parseJsonPath>, now: number): Cell {
  if (steps === undefined) return null;
  const values = evaluateJsonPath(object, steps);
  if (values.length === 0) return null;
  if (type === 'date') return age(values[0], now);
  if (values.length === 1) {
    const [only] = values;
    if ((type === 'integer' || type === 'number') && typeof only === 'number') return only;
    if (type === 'boolean' && typeof only === 'boolean') return only;
  }
  return values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',');
}

function partialMetadata(object: JsonObject): JsonObject {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata };
}

/** A meta.k8s.io/v1 Table of `objects`, as the apiserver answers a Table Accept. */
export function toTable(options: {
  readonly printer: Printer;
  readonly objects: readonly JsonObject[];
  readonly now: number;
  readonly resourceVersion?: string;
  readonly includeObject: IncludeObject;
}): JsonObject {
  const { printer, now, includeObject } = options;
  const rows = options.objects.map((object) => {
    const row: JsonObject = { cells: printer.cells(object, now) };
    if (includeObject === 'Metadata') row.object = partialMetadata(object);
    if (includeObject === 'Object') row.object = object;
    return row;
  });
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: options.resourceVersion === undefined ? {} : { resourceVersion: options.resourceVersion },
    columnDefinitions: printer.columns.map((c) => ({ ...c })),
    rows,
  };
}
