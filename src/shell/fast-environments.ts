import type { Environment } from '../cluster/environment-model.js';
import type { KubeObject } from '../kube/client.js';

/** Start-up latencies for `--fast`: seconds instead of the default 2 s on-prem and ~45 s cloud VMs. */
export const FAST_STARTUP_MS = { primary: 500, remote: 3_000 };
/** Pod termination grace under `--fast`, for Deployments that set none (Kubernetes' default is 30 s). */
export const FAST_GRACE_SECONDS = 1;

/**
 * The same environments with short fixed start-up latencies, for a quick demo. The latencies
 * are the only change: capacity, prices and RuntimeClasses stay as given.
 */
export function withFastStartup(environments: readonly Environment[]): Environment[] {
  return environments.map((env) => ({
    ...env,
    startup: { kind: 'fixed', ms: env.primary ? FAST_STARTUP_MS.primary : FAST_STARTUP_MS.remote },
  }));
}

/** Gives a Deployment's pods a 1 s grace period when their template sets none. */
export function withShortGrace(object: KubeObject): KubeObject {
  if (object.kind !== 'Deployment') return object;
  const deployment = object as KubeObject & {
    spec?: {
      template?: { spec?: { terminationGracePeriodSeconds?: number } & Record<string, unknown> } & Record<
        string,
        unknown
      >;
    };
  };
  const template = deployment.spec?.template;
  if (template?.spec === undefined || template.spec.terminationGracePeriodSeconds !== undefined) return object;
  return {
    ...deployment,
    spec: {
      ...deployment.spec,
      template: { ...template, spec: { ...template.spec, terminationGracePeriodSeconds: FAST_GRACE_SECONDS } },
    },
  } as KubeObject;
}
