import type { Lease } from 'kubernetes-types/coordination/v1.js';
import type { Cancel, Clock } from '../lib/clock.js';
import { formatMicroTime, parseTime } from '../lib/clock.js';
import type { KubeClient } from './client.js';
import { isAlreadyExists, isConflict, isNotFound } from './errors.js';
import { LEASES } from './resources.js';

export interface LeaderElectorOptions {
  readonly client: KubeClient;
  readonly clock: Clock;
  readonly lease: { readonly namespace: string; readonly name: string };
  /** Unique per process, e.g. pod name + random suffix. */
  readonly identity: string;
  /** How long others wait after the last renewal before taking over; 15 s (client-go). */
  readonly leaseDurationMs?: number;
  /** A leader that cannot renew for this long steps down; 10 s (client-go). */
  readonly renewDeadlineMs?: number;
  /** Pause between acquire attempts and between renewals; 2 s (client-go). */
  readonly retryPeriodMs?: number;
  readonly onStartedLeading?: () => void;
  readonly onStoppedLeading?: () => void;
  /** Called when the observed holder changes (including to ourselves). */
  readonly onNewLeader?: (identity: string) => void;
  readonly onError?: (error: unknown) => void;
}

export const LEADER_ELECTION_DEFAULTS = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/**
 * Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: take the lease when it
 * is free or its holder has not renewed within the lease's own leaseDurationSeconds; renew with
 * a PUT carrying the resourceVersion read, so a concurrent writer gets 409 and loses; step down
 * when renewing fails for renewDeadline; clear the holder on a clean stop so a successor starts at once.
 */
export class LeaderElector {
  private leading = false;
  private running = false;
  private lastRenewMs = 0;
  private observedHolder = '';
  private cancelTick: Cancel | undefined;
  private cancelDeadline: Cancel | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;

  constructor(private readonly options: LeaderElectorOptions) {
    this.leaseDurationMs = options.leaseDurationMs ?? LEADER_ELECTION_DEFAULTS.leaseDurationMs;
    this.renewDeadlineMs = options.renewDeadlineMs ?? LEADER_ELECTION_DEFAULTS.renewDeadlineMs;
    this.retryPeriodMs = options.retryPeriodMs ?? LEADER_ELECTION_DEFAULTS.retryPeriodMs;
    if (!(this.leaseDurationMs > this.renewDeadlineMs && this.renewDeadlineMs > this.retryPeriodMs)) {
      throw new RangeError('leader election needs leaseDuration > renewDeadline > retryPeriod');
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.tick();
  }

  /** True only while the last successful renewal is younger than the renew deadline. */
  isLeader(): boolean {
    return this.leading && this.options.clock.now() - this.lastRenewMs < this.renewDeadlineMs;
  }

  leaderIdentity(): string | undefined {
    return this.observedHolder === '' ? undefined : this.observedHolder;
  }

  /**
   * Stops campaigning. With `release` (the default) a leader clears holderIdentity so another
   * candidate takes over on its next try instead of after the lease duration.
   */
  async stop(options: { release?: boolean } = {}): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.cancelTick?.();
    this.cancelTick = undefined;
    await this.inFlight;
    const wasLeading = this.leading;
    if (wasLeading && (options.release ?? true)) await this.release();
    this.stepDown();
  }

  private tick(): void {
    this.cancelTick = undefined;
    if (!this.running) return;
    this.inFlight = this.tryAcquireOrRenew()
      .catch((error: unknown) => this.report(error))
      .finally(() => {
        if (this.running) this.cancelTick = this.options.clock.setTimer(this.retryPeriodMs, () => this.tick());
      });
  }

  private async tryAcquireOrRenew(): Promise<void> {
    const { client, clock, identity } = this.options;
    const ref = this.options.lease;
    const now = clock.now();
    let current: Lease;
    try {
      current = await client.get<Lease>(LEASES, ref);
    } catch (error) {
      if (!isNotFound(error)) return this.renewFailed(error);
      try {
        await client.create<Lease>(LEASES, this.newLease(now));
        this.won(now);
      } catch (createError) {
        if (!isAlreadyExists(createError)) this.renewFailed(createError);
      }
      return;
    }
    const spec = current.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    this.observe(holder);
    const renewedMs = parseTime(spec.renewTime ?? '') ?? 0;
    // Expiry is the lease's own duration: the holder chose it, not us.
    const durationMs = (spec.leaseDurationSeconds ?? this.leaseDurationMs / 1000) * 1000;
    const held = holder !== '' && holder !== identity && now < renewedMs + durationMs;
    if (held) {
      if (this.leading) this.stepDown();
      return;
    }
    const transitions = (spec.leaseTransitions ?? 0) + (holder === identity ? 0 : 1);
    const next: Lease = {
      ...current,
      spec: {
        ...spec,
        holderIdentity: identity,
        leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000),
        acquireTime: holder === identity && spec.acquireTime !== undefined ? spec.acquireTime : formatMicroTime(now),
        renewTime: formatMicroTime(now),
        leaseTransitions: transitions,
      },
    };
    try {
      await client.update<Lease>(LEASES, next);
      this.won(now);
    } catch (error) {
      // 409: someone else wrote the lease since we read it; they hold it now.
      if (isConflict(error)) this.stepDown();
      else this.renewFailed(error);
    }
  }

  private newLease(now: number): Lease {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { namespace: this.options.lease.namespace, name: this.options.lease.name },
      spec: {
        holderIdentity: this.options.identity,
        leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000),
        acquireTime: formatMicroTime(now),
        renewTime: formatMicroTime(now),
        leaseTransitions: 0,
      },
    };
  }

  private won(now: number): void {
    if (!this.running) return;
    this.lastRenewMs = now;
    this.observe(this.options.identity);
    this.cancelDeadline?.();
    // Covers a renewal that hangs: the leader must stop acting before others may take over.
    this.cancelDeadline = this.options.clock.setTimer(this.renewDeadlineMs, () => this.stepDown());
    if (this.leading) return;
    this.leading = true;
    this.safely(this.options.onStartedLeading);
  }

  private renewFailed(error: unknown): void {
    this.report(error);
    if (this.leading && this.options.clock.now() - this.lastRenewMs >= this.renewDeadlineMs) this.stepDown();
  }

  private stepDown(): void {
    this.cancelDeadline?.();
    this.cancelDeadline = undefined;
    if (!this.leading) return;
    this.leading = false;
    this.safely(this.options.onStoppedLeading);
  }

  private async release(): Promise<void> {
    const { client, clock, identity } = this.options;
    try {
      const current = await client.get<Lease>(LEASES, this.options.lease);
      if (current.spec?.holderIdentity !== identity) return;
      await client.update<Lease>(LEASES, {
        ...current,
        spec: { ...current.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: formatMicroTime(clock.now()) },
      });
      this.observe('');
    } catch (error) {
      this.report(error);
    }
  }

  private observe(holder: string): void {
    if (holder === this.observedHolder) return;
    this.observedHolder = holder;
    if (holder !== '') this.safely(() => this.options.onNewLeader?.(holder));
  }

  private safely(callback: (() => void) | undefined): void {
    try {
      callback?.();
    } catch (error) {
      this.report(error);
    }
  }

  private report(error: unknown): void {
    try {
      this.options.onError?.(error);
    } catch {
      // Nowhere left to report.
    }
  }
}
