import { Worker } from 'node:worker_threads';

export interface WorkerSetup {
  readonly serverUrl: string;
  readonly seed: number;
}

export type WorkerRequest =
  | { readonly id: number; readonly type: 'start' }
  | { readonly id: number; readonly type: 'requests' }
  | { readonly id: number; readonly type: 'heap' }
  | { readonly id: number; readonly type: 'stop' };

export type WorkerReply =
  | { readonly id: number; readonly type: 'started' | 'stopped' }
  | { readonly id: number; readonly type: 'requests'; readonly total: number; readonly counts: [string, number][] }
  | { readonly id: number; readonly type: 'heap'; readonly usedBytes: number }
  | { readonly id: number; readonly type: 'failed'; readonly message: string };

export interface RequestCounts {
  readonly total: number;
  readonly counts: Map<string, number>;
}

/** The main thread's handle on the controller running in `controller-worker.ts`. */
export class ControllerWorker {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();

  constructor(setup: WorkerSetup) {
    this.worker = new Worker(new URL('./controller-worker.js', import.meta.url), { workerData: setup });
    this.worker.on('message', (reply: WorkerReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
    });
  }

  async start(): Promise<void> {
    await this.ask('start');
  }

  async requests(): Promise<RequestCounts> {
    const reply = await this.ask('requests');
    if (reply.type !== 'requests') throw new Error(`unexpected reply ${reply.type}`);
    return { total: reply.total, counts: new Map(reply.counts) };
  }

  /** The controller's heap after a full GC (the process runs with --expose-gc). */
  async heapUsedBytes(): Promise<number> {
    const reply = await this.ask('heap');
    if (reply.type !== 'heap') throw new Error(`unexpected reply ${reply.type}`);
    return reply.usedBytes;
  }

  async stop(): Promise<void> {
    await this.ask('stop');
    await this.worker.terminate();
  }

  private ask(type: WorkerRequest['type']): Promise<WorkerReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) =>
        reply.type === 'failed' ? reject(new Error(`controller worker: ${reply.message}`)) : resolve(reply),
      );
      this.worker.postMessage({ id, type });
    });
  }
}
