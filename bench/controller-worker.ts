// The controller of bench:scale in its own worker thread, so that its heap is measured apart from
// the API server and store it talks to (over HTTP, as in production). Requests are counted here.
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { Controller } from '../src/controller/manager.js';
import { HttpKubeClient } from '../src/kube/http/http-kube-client.js';
import { kubeConfigForServer } from '../src/kube/http/kubeconfig.js';
import { SystemClock } from '../src/lib/clock.js';
import { Random } from '../src/lib/random.js';
import { CountingKubeClient } from './http-stack.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './controller-worker-protocol.js';

const { serverUrl, seed } = workerData as WorkerSetup;
const clock = new SystemClock();
const http = new HttpKubeClient(kubeConfigForServer(serverUrl), { clock, random: new Random(seed + 2) });
const client = new CountingKubeClient(http);
const controller = new Controller({ client, clock, random: new Random(seed + 1), instance: 'bench' });

async function answer(request: WorkerRequest): Promise<WorkerReply> {
  switch (request.type) {
    case 'start':
      controller.start();
      await controller.waitForSync();
      return { id: request.id, type: 'started' };
    case 'requests':
      return { id: request.id, type: 'requests', total: client.total, counts: [...client.counts] };
    case 'heap':
      (globalThis as { gc?: () => void }).gc?.();
      return { id: request.id, type: 'heap', usedBytes: getHeapStatistics().used_heap_size };
    case 'stop':
      await controller.stop();
      http.close();
      return { id: request.id, type: 'stopped' };
  }
}

parentPort?.on('message', (request: WorkerRequest) => {
  answer(request).then(
    (reply) => parentPort?.postMessage(reply),
    (error: unknown) => parentPort?.postMessage({ id: request.id, type: 'failed', message: String(error) }),
  );
});
