import { defineResourceTrigger } from './resource-metric.js';

/** `cpu`: an HPA Resource metric on pod CPU (keda: cpu_memory_scaler.go); shared logic in resource-metric.ts. */
export const cpuTrigger = defineResourceTrigger('cpu');
