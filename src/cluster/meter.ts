import type { Pod } from 'kubernetes-types/core/v1.js';
import { PODS } from '../kube/resources.js';
import type { Environment } from './environment-model.js';
import { ENVIRONMENT_LABEL } from './environment-model.js';
import type { ObjectStore } from './store.js';

export interface EnvironmentBill {
  readonly environment: string;
  readonly pricePerPodHour: number;
  /** Pod-seconds billed so far: from scheduling (start-up included) until the pod is gone. */
  readonly podSeconds: number;
  readonly cost: number;
  /** Pods being billed right now. */
  readonly billedPods: number;
  /** What the environment costs per hour at this moment. */
  readonly costPerHour: number;
}

/** Bills pod-seconds per environment × its price per pod-hour, from placement until the pod is gone. */
export class Meter {
  private readonly open = new Map<string, { readonly environment: string; readonly sinceMs: number }>();
  private readonly closedMs = new Map<string, number>();
  private handle: { stop(): void } | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly environments: readonly Environment[],
  ) {}

  start(): void {
    this.handle = this.store.watch<Pod>(PODS, { copy: false }, (event) => {
      const uid = event.object.metadata?.uid ?? '';
      const environment = event.object.metadata?.labels?.[ENVIRONMENT_LABEL];
      const bound = (event.object.spec?.nodeName ?? '') !== '';
      if (event.type === 'DELETED') this.close(uid);
      else if (bound && environment !== undefined && !this.open.has(uid)) {
        this.open.set(uid, { environment, sinceMs: this.store.clock.now() });
      }
    });
  }

  stop(): void {
    this.handle?.stop();
    this.handle = undefined;
  }

  bills(): EnvironmentBill[] {
    const now = this.store.clock.now();
    return this.environments.map((env) => {
      let ms = this.closedMs.get(env.name) ?? 0;
      let billedPods = 0;
      for (const entry of this.open.values()) {
        if (entry.environment !== env.name) continue;
        ms += now - entry.sinceMs;
        billedPods++;
      }
      const podSeconds = ms / 1000;
      return {
        environment: env.name,
        pricePerPodHour: env.pricePerPodHour,
        podSeconds,
        cost: (podSeconds / 3600) * env.pricePerPodHour,
        billedPods,
        costPerHour: billedPods * env.pricePerPodHour,
      };
    });
  }

  totalCost(): number {
    return this.bills().reduce((sum, bill) => sum + bill.cost, 0);
  }

  /** What all environments together cost per hour right now. */
  totalCostPerHour(): number {
    return this.bills().reduce((sum, bill) => sum + bill.costPerHour, 0);
  }

  private close(uid: string): void {
    const entry = this.open.get(uid);
    if (entry === undefined) return;
    this.open.delete(uid);
    this.closedMs.set(
      entry.environment,
      (this.closedMs.get(entry.environment) ?? 0) + this.store.clock.now() - entry.sinceMs,
    );
  }
}
