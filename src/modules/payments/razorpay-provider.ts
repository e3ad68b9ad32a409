import { createHash, createHmac } from 'node:crypto';
import type { Config } from '../../config';
import {
  header,
  int,
  invalidSignature,
  parseJson,
  providerError,
  safeEqualHex,
  str,
  unavailable,
  type CreatedPayment,
  type OrderToPay,
  type PaymentProvider,
  type ProviderEvent,
  type RefundableAttempt,
} from './provider';

/** A refund as Razorpay lists it (the fields we read). */
interface RazorpayRefund {
  id?: string;
  receipt?: string | null;
  notes?: unknown;
}

/** Razorpay's largest page of a list. */
const RAZORPAY_PAGE = 100;

export class RazorpayProvider implements PaymentProvider {
  readonly name = 'RAZORPAY' as const;
  constructor(private readonly config: Config) {}

  get keyId(): string {
    if (!this.config.RAZORPAY_KEY_ID || !this.config.RAZORPAY_KEY_SECRET) throw unavailable('Razorpay');
    return this.config.RAZORPAY_KEY_ID;
  }

  private async call<T>(method: 'GET' | 'POST', path: string, body?: object): Promise<T> {
    const keyId = this.keyId;
    const auth = Buffer.from(`${keyId}:${this.config.RAZORPAY_KEY_SECRET}`).toString('base64');
    let response: Response;
    try {
      response = await fetch(`${this.config.RAZORPAY_API_URL.replace(/\/$/, '')}/v1${path}`, {
        method,
        headers: {
          authorization: `Basic ${auth}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(20_000),
      });
    } catch (error) {
      throw providerError('Razorpay', (error as Error).message);
    }
    const text = await response.text();
    if (!response.ok) throw providerError('Razorpay', `HTTP ${response.status} ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  }

  async createPayment(attemptId: string, order: OrderToPay): Promise<CreatedPayment> {
    // `receipt` is our attempt id: the outbound idempotency key Razorpay shows on the order.
    const created = await this.call<{ id?: string }>('POST', '/orders', {
      amount: order.total,
      currency: order.currency,
      receipt: attemptId,
      notes: { orderId: order.id, orderNumber: order.orderNumber, paymentAttemptId: attemptId },
    });
    if (!created.id) throw providerError('Razorpay', 'no order id in the answer');
    return { providerOrderId: created.id, checkoutUrl: null };
  }

  /** Checkout's client-side confirmation: HMAC-SHA256("<order id>|<payment id>", key secret). */
  verifyPaymentSignature(razorpayOrderId: string, razorpayPaymentId: string, signature: string): boolean {
    if (!this.config.RAZORPAY_KEY_SECRET) throw unavailable('Razorpay');
    const expected = createHmac('sha256', this.config.RAZORPAY_KEY_SECRET)
      .update(`${razorpayOrderId}|${razorpayPaymentId}`)
      .digest('hex');
    return safeEqualHex(expected, signature);
  }

  parseWebhook(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): ProviderEvent {
    if (!this.config.RAZORPAY_WEBHOOK_SECRET) throw unavailable('Razorpay');
    const signature = header(headers, 'x-razorpay-signature');
    if (!signature) throw invalidSignature('Missing X-Razorpay-Signature header');
    const expected = createHmac('sha256', this.config.RAZORPAY_WEBHOOK_SECRET).update(rawBody).digest('hex');
    if (!safeEqualHex(expected, signature)) throw invalidSignature('Invalid X-Razorpay-Signature');
    const body = parseJson(rawBody);
    const type = str(body.event) ?? 'unknown';
    const payload = (body.payload ?? {}) as Record<string, { entity?: Record<string, unknown> } | undefined>;
    const payment = payload.payment?.entity ?? {};
    const order = payload.order?.entity ?? {};
    const notes = (e: Record<string, unknown>) => (e.notes ?? {}) as Record<string, unknown>;
    // x-razorpay-event-id is not signed, so a replayed body with a new id must still be a duplicate:
    // an event about a payment is identified by the signed (event, payment id); others by the
    // header, else by the body itself.
    const paymentId = str(payment.id);
    const eventId = paymentId
      ? `${type}:${paymentId}`
      : (header(headers, 'x-razorpay-event-id') ??
        `sha256:${createHash('sha256').update(rawBody).digest('hex')}`);
    const effect =
      type === 'payment.captured' || type === 'order.paid'
        ? 'PAID'
        : type === 'payment.failed'
          ? 'FAILED'
          : 'IGNORE';
    return {
      eventId,
      type,
      effect,
      orderId: str(notes(payment).orderId) ?? str(notes(order).orderId),
      attemptId: str(notes(payment).paymentAttemptId) ?? str(notes(order).paymentAttemptId),
      providerOrderId: str(payment.order_id) ?? str(order.id),
      providerPaymentId: paymentId,
      amount: type === 'order.paid' ? (int(order.amount_paid) ?? int(payment.amount)) : int(payment.amount),
      currency: str(payment.currency) ?? str(order.currency),
      reason: effect === 'FAILED' ? (str(payment.error_description) ?? 'payment failed') : null,
      payload: body,
    };
  }

  /**
   * Razorpay takes no idempotency key, so a retry after a lost answer (Razorpay made the refund, we
   * never heard) would refund again. Before creating one, the payment's refunds are listed and the
   * one carrying our refund id (notes.refundId, or the receipt) is reused.
   */
  async refund(attempt: RefundableAttempt): Promise<{ refundId: string }> {
    if (!attempt.providerPaymentId) throw providerError('Razorpay', 'the attempt has no payment id');
    const payment = `/payments/${encodeURIComponent(attempt.providerPaymentId)}`;
    const receipt = `refund-${attempt.id}`;
    const made = await this.findRefund(payment, attempt.id, receipt);
    if (made) return { refundId: made };
    const refund = await this.call<{ id?: string }>('POST', `${payment}/refund`, {
      amount: attempt.amount,
      receipt,
      notes: { orderId: attempt.orderId, refundId: attempt.id },
    });
    if (!refund.id) throw providerError('Razorpay', 'no refund id in the answer');
    return { refundId: refund.id };
  }

  /** The id of the payment's refund made for our refund id, if Razorpay has one (pages of 100). */
  private async findRefund(payment: string, refundId: string, receipt: string): Promise<string | undefined> {
    for (let skip = 0; ; skip += RAZORPAY_PAGE) {
      const page = await this.call<{ items?: RazorpayRefund[] }>(
        'GET',
        `${payment}/refunds?count=${RAZORPAY_PAGE}&skip=${skip}`,
      );
      const items = page.items ?? [];
      // notes is an object, or [] when empty.
      const ours = items.find(
        (r) => (r.notes as Record<string, unknown> | null)?.refundId === refundId || r.receipt === receipt,
      );
      if (ours?.id) return ours.id;
      if (items.length < RAZORPAY_PAGE) return undefined;
    }
  }
}
