import type { Pod, Service } from 'kubernetes-types/core/v1.js';
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { matchesLabels } from '../lib/label-selector.js';
import { ENDPOINT_SLICES, PODS, SERVICES } from '../kube/resources.js';
import { ENVIRONMENT_LABEL } from './environment-model.js';
import { isPodReady, ownerReference } from './pod-helpers.js';
import type { ObjectStore } from './store.js';

const SERVICE_NAME = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLER = 'endpointslice-controller.k8s.io';

/**
 * One EndpointSlice per selector Service, listing the pods that have an IP, with `ready` set only
 * for Ready pods that are not terminating: what the traffic model and clients route to.
 */
export class EndpointController {
  private readonly handles: { stop(): void }[] = [];
  private readonly queuedNamespaces = new Set<string>();
  private readonly endpointViews = new Map<string, EndpointView>();

  constructor(private readonly store: ObjectStore) {}

  start(): void {
    this.handles.push(
      this.store.watch<Service>(SERVICES, { copy: false }, (event) => {
        if (event.type !== 'DELETED')
          this.reconcile(event.object.metadata?.namespace ?? '', event.object.metadata?.name ?? '');
      }),
      this.store.watch<Pod>(PODS, { copy: false }, (event) => {
        if (this.endpointChanged(event.type, event.object))
          this.reconcileNamespace(event.object.metadata?.namespace ?? '');
      }),
    );
  }

  stop(): void {
    for (const handle of this.handles.splice(0)) handle.stop();
    this.endpointViews.clear();
  }

  /**
   * Whether the pod's part in any EndpointSlice may have changed. A pod without an IP is in none,
   * so most of a pod's early writes (created, bound, starting) change nothing here.
   */
  private endpointChanged(type: string, pod: Pod): boolean {
    const uid = pod.metadata?.uid ?? '';
    const before = this.endpointViews.get(uid);
    const after = type === 'DELETED' ? undefined : endpointView(pod);
    if (after === undefined) this.endpointViews.delete(uid);
    else this.endpointViews.set(uid, after);
    if (before === undefined || after === undefined) return before !== after;
    return (
      before.ip !== after.ip ||
      before.ready !== after.ready ||
      before.terminating !== after.terminating ||
      before.nodeName !== after.nodeName ||
      before.labels !== after.labels
    );
  }

  private reconcileNamespace(namespace: string): void {
    if (this.queuedNamespaces.has(namespace)) return;
    this.queuedNamespaces.add(namespace);
    this.store.whenIdle(() => {
      this.queuedNamespaces.delete(namespace);
      this.reconcileNow(namespace);
    });
  }

  private reconcileNow(namespace: string): void {
    for (const service of this.store.scan<Service>(SERVICES, { namespace })) {
      this.reconcile(namespace, service.metadata?.name ?? '');
    }
  }

  reconcile(namespace: string, name: string): void {
    const service = this.store.peek<Service>(SERVICES, { namespace, name });
    const selector = service?.spec?.selector;
    if (service === undefined || selector === undefined || service.metadata?.deletionTimestamp !== undefined) return;
    const requirements = Object.entries(selector).map(([key, value]) => ({
      operator: 'In' as const,
      key,
      values: [value],
    }));
    const pods = this.store
      .scan<Pod>(PODS, { namespace })
      .filter((p) => (p.status?.podIP ?? '') !== '' && matchesLabels({ requirements }, p.metadata?.labels));
    const endpoints: Endpoint[] = pods.map((pod) => {
      const terminating = pod.metadata?.deletionTimestamp !== undefined;
      const ready = isPodReady(pod) && !terminating;
      return {
        addresses: [pod.status?.podIP ?? ''],
        conditions: { ready, serving: isPodReady(pod), terminating },
        ...(pod.spec?.nodeName === undefined ? {} : { nodeName: pod.spec.nodeName }),
        ...(pod.metadata?.labels?.[ENVIRONMENT_LABEL] === undefined
          ? {}
          : { zone: pod.metadata.labels[ENVIRONMENT_LABEL] }),
        targetRef: { kind: 'Pod', namespace, name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '' },
      };
    });
    const ports: EndpointPort[] = (service.spec?.ports ?? []).map((p) => ({
      ...(p.name === undefined ? {} : { name: p.name }),
      port: typeof p.targetPort === 'number' ? p.targetPort : p.port,
      protocol: p.protocol ?? 'TCP',
    }));
    const existing = this.store.scan<EndpointSlice>(ENDPOINT_SLICES, {
      namespace,
      labelSelector: `${SERVICE_NAME}=${name}`,
    })[0];
    if (existing === undefined) {
      this.store.create<EndpointSlice>(ENDPOINT_SLICES, {
        metadata: {
          generateName: `${name}-`,
          namespace,
          labels: { [SERVICE_NAME]: name, [MANAGED_BY]: CONTROLLER },
          ownerReferences: [ownerReference(service, 'v1', 'Service')],
        },
        addressType: 'IPv4',
        endpoints,
        ports,
      });
    } else {
      this.store.update<EndpointSlice>(ENDPOINT_SLICES, { ...existing, endpoints, ports });
    }
  }
}

/** What of a pod an EndpointSlice shows; undefined for a pod without an IP, which no slice lists. */
interface EndpointView {
  readonly ip: string;
  readonly ready: boolean;
  readonly terminating: boolean;
  readonly nodeName: string | undefined;
  /** Stored labels are frozen and shared until they change, so identity tells a change. */
  readonly labels: object | undefined;
}

function endpointView(pod: Pod): EndpointView | undefined {
  const ip = pod.status?.podIP ?? '';
  if (ip === '') return undefined;
  return {
    ip,
    ready: isPodReady(pod),
    terminating: pod.metadata?.deletionTimestamp !== undefined,
    nodeName: pod.spec?.nodeName,
    labels: pod.metadata?.labels,
  };
}
