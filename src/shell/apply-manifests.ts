import type { ManifestDocument } from '../api/manifest-documents.js';
import type { ObjectStore } from '../cluster/store.js';
import type { KubeObject } from '../kube/client.js';
import { isAlreadyExists } from '../kube/errors.js';

export interface AppliedObject {
  readonly kind: string;
  readonly name: string;
  readonly action: 'created' | 'configured';
}

/** Kinds other objects depend on go first, as `kubectl apply` users order them by hand. */
const FIRST_KINDS = ['CustomResourceDefinition', 'Namespace', 'RuntimeClass'];

/**
 * Creates each object in the store, or replaces its spec when it exists (like `kubectl apply`
 * without the three-way merge: these are seed manifests, not a user's live edits). Throws a
 * message naming the file for a kind the cluster does not serve.
 */
export function applyToStore(
  store: ObjectStore,
  documents: readonly ManifestDocument[],
  options: { readonly namespace?: string; readonly adjust?: (object: KubeObject) => KubeObject } = {},
): AppliedObject[] {
  const ordered = [...documents].sort((a, b) => rank(a) - rank(b));
  const applied: AppliedObject[] = [];
  for (const doc of ordered) {
    if (!isKubeObject(doc.object)) throw new Error(`${doc.file}: document ${doc.index + 1} is not a Kubernetes object`);
    const { apiVersion = '', kind = '' } = doc.object;
    const info = store.resolveKind(apiVersion, kind);
    if (info === undefined) throw new Error(`${doc.file}: the cluster does not serve ${kind} (${apiVersion})`);
    const base: KubeObject = {
      ...doc.object,
      metadata: {
        ...doc.object.metadata,
        ...(info.type.namespaced
          ? { namespace: doc.object.metadata?.namespace ?? options.namespace ?? 'default' }
          : {}),
      },
    };
    const object = options.adjust === undefined ? base : options.adjust(base);
    const name = object.metadata?.name ?? '';
    try {
      store.create(info.type, object);
      applied.push({ kind, name, action: 'created' });
    } catch (error) {
      if (!isAlreadyExists(error)) throw error;
      const namespace = object.metadata?.namespace;
      const current = store.get<KubeObject>(info.type, namespace === undefined ? { name } : { namespace, name });
      const resourceVersion = current.metadata?.resourceVersion;
      store.update(info.type, {
        ...object,
        metadata: { ...object.metadata, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
      });
      applied.push({ kind, name, action: 'configured' });
    }
  }
  return applied;
}

function rank(doc: ManifestDocument): number {
  const kind = isKubeObject(doc.object) ? (doc.object.kind ?? '') : '';
  const index = FIRST_KINDS.indexOf(kind);
  return index < 0 ? FIRST_KINDS.length : index;
}

function isKubeObject(value: unknown): value is KubeObject & { apiVersion?: string; kind?: string } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
