import { KubeConfig } from '@kubernetes/client-node';
import type { Cluster } from '@kubernetes/client-node';

export interface LoadKubeConfigOptions {
  /** A kubeconfig file; otherwise $KUBECONFIG, ~/.kube/config, in-cluster, then localhost:8080. */
  readonly kubeconfig?: string;
  /** A context of that kubeconfig instead of its current-context. */
  readonly context?: string;
  /** The pod's service account (KUBERNETES_SERVICE_HOST and the mounted token), and nothing else. */
  readonly inCluster?: boolean;
}

/**
 * Loads cluster access the way kubectl does. Plain `http://` servers (the embedded API server)
 * are allowed: client-node 1.4.0 refuses them unless the cluster entry has skipTLSVerify, which
 * has no other meaning for http.
 */
export function loadKubeConfig(options: LoadKubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  if (options.inCluster === true) kc.loadFromCluster();
  else if (options.kubeconfig !== undefined) kc.loadFromFile(options.kubeconfig);
  else kc.loadFromDefault();
  if (options.context !== undefined) {
    if (kc.getContextObject(options.context) === null) {
      const known = kc.contexts.map((c) => c.name).join(', ');
      throw new Error(`context "${options.context}" not found in kubeconfig (known: ${known || 'none'})`);
    }
    kc.setCurrentContext(options.context);
  }
  return allowPlainHttp(kc);
}

/** A config for one server, e.g. `http://127.0.0.1:PORT` of the embedded API server. */
export function kubeConfigForServer(server: string, options: { token?: string; namespace?: string } = {}): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'spillway', server, skipTLSVerify: server.startsWith('http:') }],
    // client-node applies TLS options only when a user exists, so there is always one.
    users: [{ name: 'spillway', ...(options.token === undefined ? {} : { token: options.token }) }],
    contexts: [
      {
        name: 'spillway',
        cluster: 'spillway',
        user: 'spillway',
        ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
      },
    ],
    currentContext: 'spillway',
  });
  return kc;
}

/** The namespace of the current context, `default` when it names none (as kubectl). */
export function currentNamespace(kc: KubeConfig): string {
  return kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
}

function allowPlainHttp(kc: KubeConfig): KubeConfig {
  if (!kc.clusters.some((c) => c.server.startsWith('http:') && !c.skipTLSVerify)) return kc;
  const clusters: Cluster[] = kc.clusters.map((c) =>
    c.server.startsWith('http:') ? { ...c, skipTLSVerify: true } : c,
  );
  kc.loadFromOptions({ clusters, users: kc.users, contexts: kc.contexts, currentContext: kc.getCurrentContext() });
  return kc;
}
