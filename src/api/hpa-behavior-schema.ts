import { z } from 'zod';
import { int32 } from './int32.js';

/**
 * autoscaling/v2 HorizontalPodAutoscalerBehavior as the API server validates it
 * (k8s `validateScalingRules`): KEDA copies it verbatim into the generated HPA.
 */
const policySchema = z.strictObject({
  type: z.enum(['Pods', 'Percent']),
  value: int32(1),
  periodSeconds: int32(1, 1800),
});

// `tolerance` is a resource.Quantity: a number, or a string such as "0.05" or "50m".
const QUANTITY = /^\d+(\.\d+)?m?$/;
const toleranceSchema = z
  .union([z.number(), z.string().regex(QUANTITY).transform(quantityToNumber)], {
    error: 'expected a number ≥ 0 or a quantity string such as "0.05" or "50m"',
  })
  .pipe(z.number().min(0));

function quantityToNumber(text: string): number {
  return text.endsWith('m') ? Number(text.slice(0, -1)) / 1000 : Number(text);
}

const rulesSchema = z.strictObject({
  stabilizationWindowSeconds: int32(0, 3600).optional(),
  selectPolicy: z.enum(['Max', 'Min', 'Disabled']).optional(),
  policies: z.array(policySchema).optional(),
  tolerance: toleranceSchema.optional(),
});

export const hpaBehaviorSchema = z.strictObject({
  scaleUp: rulesSchema.optional(),
  scaleDown: rulesSchema.optional(),
});
