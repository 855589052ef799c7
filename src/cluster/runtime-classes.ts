import type { Pod, Toleration } from 'kubernetes-types/core/v1.js';
import type { RuntimeClass } from 'kubernetes-types/node/v1.js';
import { RUNTIME_CLASSES } from '../kube/resources.js';
import { KubeError } from '../kube/errors.js';
import type { Environment } from './environment-model.js';
import { ENVIRONMENT_LABEL } from './environment-model.js';
import type { JsonObject } from './json.js';
import type { ObjectStore } from './store.js';

/** The RuntimeClass of a remote environment: its handler, overhead, and the scheduling that steers pods there. */
export function buildRuntimeClass(environment: Environment): RuntimeClass | undefined {
  const rc = environment.runtimeClass;
  if (rc === undefined) return undefined;
  return {
    apiVersion: 'node.k8s.io/v1',
    kind: 'RuntimeClass',
    metadata: { name: rc.name, labels: { [ENVIRONMENT_LABEL]: environment.name } },
    handler: rc.handler,
    ...(Object.keys(rc.overhead).length === 0 ? {} : { overhead: { podFixed: { ...rc.overhead } } }),
    scheduling: {
      nodeSelector: { [ENVIRONMENT_LABEL]: environment.name },
      tolerations: [{ key: ENVIRONMENT_LABEL, operator: 'Equal', value: environment.name, effect: 'NoSchedule' }],
    },
  };
}

export function createRuntimeClasses(store: ObjectStore, environments: readonly Environment[]): void {
  for (const environment of environments) {
    const rc = buildRuntimeClass(environment);
    if (rc !== undefined && store.find(RUNTIME_CLASSES, { name: rc.metadata?.name ?? '' }) === undefined) {
      store.create(RUNTIME_CLASSES, rc);
    }
  }
}

/**
 * The apiserver's RuntimeClass admission plugin: a pod naming a RuntimeClass gets its
 * `overhead.podFixed` as `spec.overhead` and its nodeSelector and tolerations merged in; an
 * unknown RuntimeClass rejects the pod.
 */
export function installRuntimeClassAdmission(store: ObjectStore): () => void {
  return store.addAdmissionHook((info, object) => {
    if (info.type.kind !== 'Pod' || info.type.group !== '') return;
    const pod = object as unknown as Pod;
    const name = pod.spec?.runtimeClassName;
    if (name === undefined || name === '' || pod.spec === undefined) return;
    const rc = store.peek<RuntimeClass>(RUNTIME_CLASSES, { name });
    if (rc === undefined) {
      throw new KubeError(403, 'Forbidden', `pod rejected: RuntimeClass "${name}" not found`);
    }
    const spec = pod.spec;
    if (rc.overhead?.podFixed !== undefined) spec.overhead = { ...rc.overhead.podFixed };
    const selector = rc.scheduling?.nodeSelector;
    if (selector !== undefined) {
      for (const [key, value] of Object.entries(selector)) {
        if (spec.nodeSelector?.[key] !== undefined && spec.nodeSelector[key] !== value) {
          throw new KubeError(
            403,
            'Forbidden',
            `pod rejected: conflict with RuntimeClass "${name}" nodeSelector ${key}`,
          );
        }
      }
      spec.nodeSelector = { ...(spec.nodeSelector ?? {}), ...selector };
    }
    const tolerations: Toleration[] = [...(spec.tolerations ?? [])];
    for (const t of rc.scheduling?.tolerations ?? []) {
      if (!tolerations.some((x) => JSON.stringify(x) === JSON.stringify(t))) tolerations.push(t);
    }
    if (tolerations.length > 0) spec.tolerations = tolerations;
    Object.assign(object, pod as unknown as JsonObject);
  });
}
