import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ChangeType, Informer } from '../kube/informer.js';
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
 * poll and HPA sync asks again. Selectors are parsed once per spec or cached target, so the
 * same object comes back as long as the question is the same.
 */
const selections = new WeakMap<LabelSelector, Selection>();
const indexes = new WeakMap<Informer<Pod>, PodLabelIndex>();

/** Pods of `namespace` that `selector` matches, from the shared pod cache, in the cache's order. */
export function podsMatching(informers: InformerFactory, namespace: string, selector: LabelSelector): readonly Pod[] {
  const informer = informers.informerFor<Pod>(PODS, { namespace });
  const version = informer.version();
  const last = selections.get(selector);
  if (last !== undefined && last.informer === informer && last.version === version) return last.pods;
  let index = indexes.get(informer);
  if (index === undefined) {
    index = new PodLabelIndex(informer);
    indexes.set(informer, index);
  }
  const pods = index.select(selector);
  selections.set(selector, { informer, version, pods });
  return pods;
}

interface Entry {
  readonly pod: Pod;
  /** The position in the informer's cache, so answers keep its order. */
  readonly position: number;
}

/**
 * The pods of one informer by label key and value, kept up to date from its changes. A busy
 * namespace changes between most polls, and filtering all of its pods for each of a thousand
 * selectors then dominated; an equality requirement narrows the candidates to its label's pods.
 */
class PodLabelIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byLabel = new Map<string, Map<string, Set<string>>>();
  private nextPosition = 0;

  constructor(informer: Informer<Pod>) {
    // A new handler is first replayed every cached pod as an add, in cache order.
    informer.onChange((type, pod) => this.apply(type, pod));
  }

  select(selector: LabelSelector): readonly Pod[] {
    const candidates = this.narrowest(selector);
    const entries = candidates === undefined ? [...this.entries.values()] : this.entriesOf(candidates);
    return entries.filter((entry) => matchesLabels(selector, entry.pod.metadata?.labels)).map((entry) => entry.pod);
  }

  private apply(type: ChangeType, pod: Pod): void {
    const key = keyOf(pod);
    const previous = this.entries.get(key);
    if (previous !== undefined) this.unindex(key, previous.pod);
    if (type === 'delete') {
      this.entries.delete(key);
      return;
    }
    // An update keeps its place in the informer's cache; only a new key goes to the end.
    const position = previous?.position ?? this.nextPosition++;
    this.entries.set(key, { pod, position });
    this.index(key, pod);
  }

  private index(key: string, pod: Pod): void {
    for (const [label, value] of Object.entries(pod.metadata?.labels ?? {})) {
      let values = this.byLabel.get(label);
      if (values === undefined) this.byLabel.set(label, (values = new Map()));
      let keys = values.get(value);
      if (keys === undefined) values.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, pod: Pod): void {
    for (const [label, value] of Object.entries(pod.metadata?.labels ?? {})) {
      const values = this.byLabel.get(label);
      const keys = values?.get(value);
      if (values === undefined || keys === undefined) continue;
      keys.delete(key);
      if (keys.size === 0) values.delete(value);
      if (values.size === 0) this.byLabel.delete(label);
    }
  }

  /** Keys of the pods that can match: the smallest set an `In` requirement allows, or undefined for all. */
  private narrowest(selector: LabelSelector): Set<string>[] | undefined {
    let best: Set<string>[] | undefined;
    let bestSize = Infinity;
    for (const requirement of selector.requirements) {
      if (requirement.operator !== 'In') continue;
      const values = this.byLabel.get(requirement.key);
      const sets = requirement.values.flatMap((value) => values?.get(value) ?? []);
      const size = sets.reduce((sum, set) => sum + set.size, 0);
      if (size < bestSize) [best, bestSize] = [sets, size];
    }
    return best;
  }

  private entriesOf(candidates: readonly Set<string>[]): Entry[] {
    const entries: Entry[] = [];
    for (const keys of candidates) {
      for (const key of keys) {
        const entry = this.entries.get(key);
        if (entry !== undefined) entries.push(entry);
      }
    }
    return entries.sort((a, b) => a.position - b.position);
  }
}

function keyOf(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}
