import type { LabelSelector } from '../lib/label-selector.js';
import { formatSelectorError, parseSelector } from '../lib/label-selector.js';
import { parseFieldSelector } from './field-selector.js';
import type { JsonObject } from './json.js';
import type { TypeInfo } from './resource-registry.js';
import { storageKey } from './resource-registry.js';
import { badRequest, expired } from './store-errors.js';
import type { StoreState } from './store-state.js';
import { metaOf } from './store-state.js';
import type { DeliveredEvent, WatchFilter } from './watch.js';
import { filterEvent, matches } from './watch.js';

export function buildFilter(
  info: TypeInfo,
  options: {
    readonly namespace?: string | undefined;
    readonly labelSelector?: string | undefined;
    readonly fieldSelector?: string | undefined;
  },
): WatchFilter {
  const labels = parsedLabels(options.labelSelector ?? '');
  const fields = parseFieldSelector(info.type, options.fieldSelector);
  return info.type.namespaced && options.namespace !== undefined && options.namespace !== ''
    ? { namespace: options.namespace, labels, fields }
    : { labels, fields };
}

function parsedLabels(text: string): LabelSelector {
  const parsed = parseSelector(text); // cached by text
  if (!parsed.ok) throw badRequest(formatSelectorError(text, parsed.error));
  return parsed.value;
}

/**
 * Starts a watch: from '' or '0', ADDED for every current object; from a resourceVersion, the
 * recorded events after it (410 Expired when they are no longer all kept); then live events.
 * Replayed events are delivered before this returns.
 */
export function startWatch(
  state: StoreState,
  info: TypeInfo,
  filter: WatchFilter,
  resourceVersion: string,
  deliver: (event: DeliveredEvent) => void,
): { stop(): void } {
  const key = storageKey(info.type);
  if (resourceVersion === '' || resourceVersion === '0') {
    const initial = state
      .all(info.type)
      .filter((o) => matches(filter, o))
      .sort(byNamespaceAndName);
    const handle = state.hub.add(key, filter, state.currentVersion(), deliver);
    for (const object of initial) deliver({ type: 'ADDED', object });
    return handle;
  }
  if (!/^\d+$/.test(resourceVersion)) throw badRequest(`invalid resource version "${resourceVersion}"`);
  const from = Number(resourceVersion);
  const replay = state.history.since(from);
  if (replay === undefined) throw expired(resourceVersion, state.history.oldestResumable());
  const handle = state.hub.add(key, filter, Math.max(from, state.currentVersion()), deliver);
  for (const event of replay) {
    if (event.key !== key) continue;
    const shown = filterEvent(filter, event);
    if (shown !== undefined) deliver({ type: shown, object: event.object });
  }
  return handle;
}

export function byNamespaceAndName(a: JsonObject, b: JsonObject): number {
  const am = metaOf(a);
  const bm = metaOf(b);
  const an = am.namespace ?? '';
  const bn = bm.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  return am.name < bm.name ? -1 : am.name > bm.name ? 1 : 0;
}
