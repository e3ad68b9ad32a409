import { z } from 'zod';
import { orderStatusSchema, paymentStatusSchema } from '../orders/schemas';

export const stripeSessionBody = z.strictObject({ orderId: z.uuid() });
export const createRazorpayOrderBody = z.strictObject({ orderId: z.uuid() });

export const razorpayVerifyBody = z.strictObject({
  orderId: z.uuid(),
  razorpayOrderId: z.string().min(1).max(255),
  razorpayPaymentId: z.string().min(1).max(255),
  razorpaySignature: z.string().min(1).max(255),
});

export const stripeSessionSchema = z
  .object({
    url: z.string(),
    sessionId: z.string(),
    paymentId: z.uuid().describe('Our payment attempt id'),
    amount: z.number().int().describe('Minor units'),
    currency: z.string(),
  })
  .meta({ id: 'StripeCheckoutSession' });

export const razorpayOrderSchema = z
  .object({
    razorpayOrderId: z.string(),
    amount: z.number().int().describe('Minor units'),
    currency: z.string(),
    keyId: z.string(),
    orderId: z.uuid(),
    paymentId: z.uuid().describe('Our payment attempt id'),
  })
  .meta({ id: 'RazorpayOrder' });

export const razorpayVerifySchema = z.object({
  orderId: z.uuid(),
  status: orderStatusSchema,
  paymentStatus: paymentStatusSchema,
  outcome: z.string(),
});

export const webhookAckSchema = z.object({
  received: z.literal(true),
  duplicate: z.boolean(),
  outcome: z.string().describe('PAID, FAILED, FLAGGED, NO_OP, UNKNOWN_ORDER, IGNORED or DUPLICATE'),
});
