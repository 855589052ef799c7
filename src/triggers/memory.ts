import { defineResourceTrigger } from './resource-metric.js';

/** `memory`: an HPA Resource metric on pod memory (keda: cpu_memory_scaler.go); shared logic in resource-metric.ts. */
export const memoryTrigger = defineResourceTrigger('memory');
