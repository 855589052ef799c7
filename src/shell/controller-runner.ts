import type { Logger } from 'pino';
import type { ControllerObserver } from '../controller/controller-context.js';
import { Controller } from '../controller/manager.js';
import type { Clock } from '../lib/clock.js';
import type { Random } from '../lib/random.js';
import type { KubeClient } from '../kube/client.js';
import { LeaderElector } from '../kube/leader-election.js';
import type { ResourceType } from '../kube/resources.js';

export interface LeaderElectionSettings {
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
}

export interface ControllerRunnerOptions {
  readonly client: KubeClient;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly scaledObjectType: ResourceType;
  readonly namespace?: string;
  readonly hpaSyncPeriodMs?: number;
  readonly observer?: ControllerObserver;
  readonly instance?: string;
  /** Without it the controller runs at once; with it only while this process holds the Lease. */
  readonly leaderElection?: LeaderElectionSettings;
  readonly onLeadershipChange?: (isLeader: boolean) => void;
}

/**
 * Runs the Controller, under leader election when asked: a fresh Controller each time this process
 * becomes leader, stopped as soon as it is not, so two processes never write at once. Start and
 * stop are serialised so a quick lose-and-regain cannot overlap two controllers.
 */
export class ControllerRunner {
  private controller: Controller | undefined;
  private elector: LeaderElector | undefined;
  private transitions: Promise<void> = Promise.resolve();
  private synced = false;
  private electorReady = false;

  constructor(private readonly options: ControllerRunnerOptions) {}

  start(): void {
    const election = this.options.leaderElection;
    if (election === undefined) {
      this.options.onLeadershipChange?.(true);
      this.enqueue(() => this.startController());
      return;
    }
    const { logger } = this.options;
    this.elector = new LeaderElector({
      client: this.options.client,
      clock: this.options.clock,
      lease: { namespace: election.namespace, name: election.name },
      identity: election.identity,
      ...(election.leaseDurationMs === undefined ? {} : { leaseDurationMs: election.leaseDurationMs }),
      ...(election.renewDeadlineMs === undefined ? {} : { renewDeadlineMs: election.renewDeadlineMs }),
      ...(election.retryPeriodMs === undefined ? {} : { retryPeriodMs: election.retryPeriodMs }),
      onStartedLeading: () => {
        logger.info(
          { identity: election.identity, lease: `${election.namespace}/${election.name}` },
          'started leading',
        );
        this.options.onLeadershipChange?.(true);
        this.enqueue(() => this.startController());
      },
      onStoppedLeading: () => {
        logger.warn({ identity: election.identity }, 'stopped leading; controller stops');
        this.options.onLeadershipChange?.(false);
        this.enqueue(() => this.stopController());
      },
      onNewLeader: (holder) => {
        this.electorReady = true;
        if (holder !== election.identity) logger.info({ leader: holder }, 'another instance leads');
      },
      onError: (error) => logger.warn({ err: error }, 'leader election'),
    });
    this.elector.start();
  }

  /** Caches synced; a standby counts as ready once it has seen the Lease's holder. */
  isReady(): boolean {
    if (this.elector !== undefined && this.controller === undefined) return this.electorReady;
    return this.synced;
  }

  isLeader(): boolean {
    return this.elector === undefined ? this.controller !== undefined : this.elector.isLeader();
  }

  /** Stops the controller first, then releases the Lease so a successor starts at once. */
  async stop(): Promise<void> {
    const elector = this.elector;
    this.elector = undefined;
    this.enqueue(() => this.stopController());
    await this.transitions;
    await elector?.stop({ release: true });
  }

  private enqueue(step: () => Promise<void>): void {
    this.transitions = this.transitions.then(step).catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'controller transition failed');
    });
  }

  private async startController(): Promise<void> {
    if (this.controller !== undefined) return;
    const { client, clock, random, logger } = this.options;
    const controller = new Controller({
      client,
      clock,
      random,
      scaledObjectType: this.options.scaledObjectType,
      ...(this.options.namespace === undefined ? {} : { namespace: this.options.namespace }),
      ...(this.options.hpaSyncPeriodMs === undefined ? {} : { hpaSyncPeriodMs: this.options.hpaSyncPeriodMs }),
      ...(this.options.observer === undefined ? {} : { observer: this.options.observer }),
      ...(this.options.instance === undefined ? {} : { instance: this.options.instance }),
    });
    this.controller = controller;
    this.synced = false;
    controller.start();
    logger.info(
      {
        namespace: this.options.namespace ?? '(all)',
        resource: `${this.options.scaledObjectType.plural}.${this.options.scaledObjectType.group}`,
      },
      'controller started',
    );
    void controller.waitForSync().then((ok) => {
      if (this.controller !== controller) return;
      this.synced = ok;
      logger.info({ synced: ok }, ok ? 'caches synced' : 'caches did not sync');
    });
  }

  private async stopController(): Promise<void> {
    const controller = this.controller;
    if (controller === undefined) return;
    this.controller = undefined;
    this.synced = false;
    await controller.stop();
    this.options.logger.info('controller stopped');
  }
}
