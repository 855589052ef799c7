import type { ManifestDocument } from '../api/manifest-documents.js';
import type { Cluster } from '../cluster/cluster.js';
import { KubeError } from '../kube/errors.js';
import { assertNever } from '../lib/result.js';
import { applyObject, typeForTarget } from './apply-objects.js';
import type { Action, ObjectTarget } from './scenario.js';

export interface ActionContext {
  readonly cluster: Cluster;
  /** The manifests of `apply` actions, read before the run so file errors surface up front. */
  readonly manifestsFor: (action: Extract<Action, { type: 'apply' }>) => readonly ManifestDocument[];
  readonly restartController: () => Promise<void>;
}

/**
 * Carries out one scenario action as a user with kubectl would: through the API (the scale
 * subresource, merge patches, deletes), never by reaching into a controller. Returns what went
 * wrong, if anything; the run goes on either way.
 */
export async function executeAction(context: ActionContext, action: Action): Promise<string | undefined> {
  const { store } = context.cluster;
  try {
    switch (action.type) {
      case 'scale': {
        const info = typeForTarget(store, action.target);
        if (info?.scale === undefined) return `${describe(action.target)} has no scale subresource`;
        store.writeScale(info.type, refOf(action.target), action.replicas);
        return undefined;
      }
      case 'apply': {
        const problems = context
          .manifestsFor(action)
          .map((doc) => applyObject(store, doc.object))
          .filter((problem): problem is string => problem !== undefined);
        return problems.length === 0 ? undefined : problems.join('; ');
      }
      case 'delete': {
        const info = typeForTarget(store, action.target);
        if (info === undefined) return `unknown kind ${action.target.kind}`;
        store.delete(info.type, refOf(action.target));
        return undefined;
      }
      case 'annotate': {
        const info = typeForTarget(store, action.target);
        if (info === undefined) return `unknown kind ${action.target.kind}`;
        // A merge patch removes keys set to null, which is how a scenario takes an annotation away.
        store.mergePatch(info.type, refOf(action.target), { metadata: { annotations: action.annotations } });
        return undefined;
      }
      case 'failEnvironment':
        context.cluster.failEnvironment(action.environment);
        return undefined;
      case 'restoreEnvironment':
        context.cluster.restoreEnvironment(action.environment);
        return undefined;
      case 'restartController':
        await context.restartController();
        return undefined;
      default:
        return assertNever(action, 'action');
    }
  } catch (error) {
    if (error instanceof KubeError || error instanceof RangeError) return error.message;
    throw error;
  }
}

function refOf(target: ObjectTarget): { namespace: string; name: string } {
  return { namespace: target.namespace, name: target.name };
}

function describe(target: ObjectTarget): string {
  return `${target.kind} ${target.namespace}/${target.name}`;
}
