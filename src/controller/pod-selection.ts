import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Informer } from '../kube/informer.js';
import type { InformerFactory } from '../kube/informer-factory.js';
import { PODS } from '../kube/resources.js';
import { matchesLabels } from '../lib/label-selector.js';
import type { LabelSelector } from '../lib/label-selector.js';

interface Selection {
  readonly informer: Informer<Pod>;
  readonly version: number;
  readonly pods: readonly Pod[];
}

/**
 * The last answer per selector object, valid while the pod cache has not changed since: every
 * poll and HPA sync asks again, and filtering all pods of a busy namespace each time dominated
 * at a thousand ScaledObjects. Selectors are parsed once per spec or cached target, so the
 * same object comes back as long as the question is the same.
 */
const selections = new WeakMap<LabelSelector, Selection>();

/** Pods of `namespace` that `selector` matches, from the shared pod cache. */
export function podsMatching(informers: InformerFactory, namespace: string, selector: LabelSelector): readonly Pod[] {
  const informer = informers.informerFor<Pod>(PODS, { namespace });
  const version = informer.version();
  const last = selections.get(selector);
  if (last !== undefined && last.informer === informer && last.version === version) return last.pods;
  const pods = informer.list(namespace).filter((pod) => matchesLabels(selector, pod.metadata?.labels));
  selections.set(selector, { informer, version, pods });
  return pods;
}
