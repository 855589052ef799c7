import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ScaledObject } from '../api/scaled-object.js';
import type { HpaPod, PodPhase } from '../engine/hpa/types.js';
import { parseTime } from '../lib/clock.js';
import type { MaybePromise } from '../lib/maybe-promise.js';
import { andThen } from '../lib/maybe-promise.js';
import { resourceForKind } from '../kube/resources.js';
import type { ResourceType } from '../kube/resources.js';
import type { ControllerContext } from './controller-context.js';
import { podsMatching } from './pod-selection.js';

export interface TargetScale {
  readonly type: ResourceType;
  readonly specReplicas: number;
  readonly statusReplicas: number;
  /** Pods matched by the target's `status.selector`, from the shared pod cache. */
  readonly pods: readonly Pod[];
}

/** Parsed ScaledObjects are replaced, never changed: each one's target type is looked up once. */
const targetTypes = new WeakMap<ScaledObject, { readonly type: ResourceType | undefined }>();

export function targetTypeOf(scaledObject: ScaledObject): ResourceType | undefined {
  let known = targetTypes.get(scaledObject);
  if (known === undefined) {
    const { apiVersion, kind } = scaledObject.spec.scaleTargetRef;
    known = { type: resourceForKind(apiVersion, kind) };
    targetTypes.set(scaledObject, known);
  }
  return known.type;
}

/** `apps/v1.Deployment default/remote`, as KEDA names targets in events. */
export function describeTarget(scaledObject: ScaledObject): string {
  const { apiVersion, kind, name } = scaledObject.spec.scaleTargetRef;
  return `${apiVersion}.${kind} ${scaledObject.metadata.namespace}/${name}`;
}

/** Reads the target (from the shared watch cache where the kind allows); its pods come from the pod cache. */
export function readTargetScale(context: ControllerContext, scaledObject: ScaledObject): MaybePromise<TargetScale> {
  const type = targetTypeOf(scaledObject);
  if (type === undefined) {
    const { apiVersion, kind } = scaledObject.spec.scaleTargetRef;
    throw new Error(`scale target kind ${apiVersion}/${kind} is not supported`);
  }
  const namespace = scaledObject.metadata.namespace;
  const scale = context.targets.read(type, { namespace, name: scaledObject.spec.scaleTargetRef.name });
  return andThen(scale, (view): TargetScale => {
    const pods = view.selector === undefined ? [] : podsMatching(context.informers, namespace, view.selector);
    return { type, specReplicas: view.specReplicas, statusReplicas: view.statusReplicas, pods };
  });
}

/** Counted once per selection: the pod selection is the same array for as long as the pod cache is unchanged. */
const readyRunningCounts = new WeakMap<readonly Pod[], number>();

export function countReadyAndRunning(pods: readonly Pod[]): number {
  let count = readyRunningCounts.get(pods);
  if (count === undefined) {
    count = pods.filter(isReadyAndRunning).length;
    readyRunningCounts.set(pods, count);
  }
  return count;
}

export function isReadyAndRunning(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isReady(pod);
}

function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Converted once per selection, like the ready count. */
const hpaPodSelections = new WeakMap<readonly Pod[], readonly HpaPod[]>();

export function hpaPodsOf(pods: readonly Pod[]): readonly HpaPod[] {
  let views = hpaPodSelections.get(pods);
  if (views === undefined) {
    views = pods.map(toHpaPod);
    hpaPodSelections.set(pods, views);
  }
  return views;
}

/** Views by cached pod: cached pods are replaced, never changed, so each is converted once. */
const hpaPods = new WeakMap<Pod, HpaPod>();

/** The HPA's view of a pod (its pod lister plus resource metrics). */
export function toHpaPod(pod: Pod): HpaPod {
  let view = hpaPods.get(pod);
  if (view === undefined) {
    view = hpaPodOf(pod);
    if (Object.isFrozen(pod)) hpaPods.set(pod, view);
  }
  return view;
}

function hpaPodOf(pod: Pod): HpaPod {
  const readyCondition = pod.status?.conditions?.find((c) => c.type === 'Ready');
  const startTimeMs = pod.status?.startTime === undefined ? undefined : parseTime(pod.status.startTime);
  const readyTransitionMs =
    readyCondition?.lastTransitionTime === undefined ? undefined : parseTime(readyCondition.lastTransitionTime);
  return {
    name: pod.metadata?.name ?? '',
    phase: (pod.status?.phase ?? 'Pending') as PodPhase,
    ready: readyCondition?.status === 'True',
    deleted: pod.metadata?.deletionTimestamp !== undefined,
    ...(startTimeMs !== undefined && { startTimeMs }),
    ...(readyTransitionMs !== undefined && { readyTransitionMs }),
  };
}
