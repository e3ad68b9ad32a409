import { formatMoney } from '../../platform/money';
import { email } from './email';

export type { EmailContent } from './email';
export { orderConfirmationEmail, orderStatusEmail, trackingEmail, type StoreForEmail } from './order-emails';

const greeting = (name: string | undefined) => (name ? `Hello ${name},` : 'Hello,');

/** Sent to an unproven address, so it carries no text the registrant chose (such as a name). */
export function verificationCodeEmail(input: { code: string }) {
  // The code stays out of the subject: subjects are logged and shown in notifications.
  return {
    ...email('Your Bazaar verification code', [
      'Hello,',
      `Your verification code is: ${input.code}`,
      'It is valid for 10 minutes. If you did not create a Bazaar account, ignore this email.',
    ]),
    critical: true,
  };
}

/** `name` only for verified addresses. */
export function passwordResetEmail(input: { name?: string | undefined; link: string; token: string }) {
  return {
    ...email('Reset your Bazaar password', [
      greeting(input.name),
      'To choose a new password, open this link (valid for 15 minutes, once):',
      { link: input.link },
      `Or paste this token into the app: ${input.token}`,
      'If you did not ask for this, ignore this email; your password stays as it is.',
    ]),
    critical: true,
  };
}

export function passwordChangedEmail(input: { name: string; resetUrl: string }) {
  return email('Your Bazaar password was changed', [
    `Hello ${input.name},`,
    'Your password was just changed and every session was signed out.',
    'If this was not you, reset your password here:',
    { link: input.resetUrl },
  ]);
}

/** To the shop's admin: an online payment failed or expired. */
export function paymentFailedEmail(input: {
  orderNumber: string;
  provider: string;
  amount: number;
  currency: string;
  reason: string;
}) {
  return email(`Payment failed for order ${input.orderNumber}`, [
    `A ${input.provider} payment of ${formatMoney(input.amount, input.currency)} for order ${input.orderNumber} failed.`,
    `Reason: ${input.reason}`,
  ]);
}

export function lowStockEmail(input: { sku: string; productId: string; stock: number; threshold: number }) {
  return email(`Low stock: ${input.sku} (${input.stock} left)`, [
    `Variant ${input.sku} of product ${input.productId} is down to ${input.stock} (threshold ${input.threshold}).`,
  ]);
}
