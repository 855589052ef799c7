import type { Deployment } from 'kubernetes-types/apps/v1.js';
import type { Event } from 'kubernetes-types/core/v1.js';
import type { Cluster } from '../cluster/cluster.js';
import { formatDuration } from '../lib/duration.js';
import { DEPLOYMENTS, EVENTS, PODS } from '../kube/resources.js';
import { compareStrings } from '../lib/compare-strings.js';

/**
 * Prints what happens in the embedded cluster as it happens, from store watches: Deployment
 * replicas (desired/ready), pods per environment by phase, and every new Event. Lines start with
 * the time since the timeline began.
 */
export function startTimeline(cluster: Cluster, write: (line: string) => void): { stop(): void } {
  const { store, clock } = cluster;
  const startMs = clock.now();
  const stamp = () => `+${formatDuration(Math.round((clock.now() - startMs) / 1000) * 1000).padStart(6)}`;
  const print = (text: string) => write(`${stamp()}  ${text}`);
  const fromNow = { resourceVersion: store.currentResourceVersion() };

  const replicas = new Map<string, string>();
  const deployments = store.watch<Deployment>(DEPLOYMENTS, {}, (event) => {
    const d = event.object;
    const name = d.metadata?.name ?? '';
    const text =
      event.type === 'DELETED'
        ? 'deleted'
        : `replicas ${d.spec?.replicas ?? 1} desired, ${d.status?.readyReplicas ?? 0} ready`;
    if (replicas.get(name) === text) return;
    replicas.set(name, text);
    print(`deploy/${name.padEnd(10)} ${text}`);
  });

  let lastPods = '';
  const pods = store.watch(PODS, fromNow, () => {
    const summary = cluster.summary();
    const parts = summary.environments.map((env) => {
      const phases = Object.entries(env.pods)
        .sort(([a], [b]) => compareStrings(a, b))
        .map(([phase, count]) => `${count} ${phase}`);
      return `${env.environment}: ${phases.length === 0 ? '0' : phases.join(', ')} (${env.ready} ready)`;
    });
    if (summary.unscheduled > 0) parts.push(`unscheduled: ${summary.unscheduled}`);
    const text = parts.join(' | ');
    if (text === lastPods) return;
    lastPods = text;
    print(`pods   ${text}`);
  });

  const events = store.watch<Event>(EVENTS, fromNow, (event) => {
    if (event.type !== 'ADDED') return;
    const e = event.object;
    const object = `${(e.involvedObject.kind ?? '').toLowerCase()}/${e.involvedObject.name ?? ''}`;
    print(`event  ${(e.type ?? 'Normal').padEnd(7)} ${e.reason ?? ''} ${object}: ${e.message ?? ''}`);
  });

  return {
    stop() {
      deployments.stop();
      pods.stop();
      events.stop();
    },
  };
}
