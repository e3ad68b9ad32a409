import { badRequest } from '../../platform/errors';
import type { CreatedPayment, PaymentProvider, ProviderEvent, RefundableAttempt } from './provider';

/** Cash on delivery: nothing to create online; a refund is recorded as a manual one. */
export class CodProvider implements PaymentProvider {
  readonly name = 'COD' as const;
  async createPayment(attemptId: string): Promise<CreatedPayment> {
    return { providerOrderId: `cod-${attemptId}`, checkoutUrl: null };
  }
  parseWebhook(): ProviderEvent {
    throw badRequest('VALIDATION_ERROR', 'Cash on delivery has no webhooks');
  }
  async refund(attempt: RefundableAttempt): Promise<{ refundId: string }> {
    return { refundId: `manual-${attempt.id}` };
  }
}
