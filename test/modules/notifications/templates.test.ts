import { describe, expect, it } from 'vitest';
import {
  orderConfirmationEmail,
  orderStatusEmail,
  passwordResetEmail,
  paymentFailedEmail,
  verificationCodeEmail,
} from '../../../src/modules/notifications/templates';

describe('email templates', () => {
  it('carry the same facts in text and HTML', () => {
    const mail = verificationCodeEmail({ code: '123456' });
    expect(mail.subject).not.toContain('123456');
    expect(mail.text).toContain('Your verification code is: 123456');
    expect(mail.html).toContain('Your verification code is: 123456');
    expect(mail.html).toMatch(/^<!doctype html>/);
  });

  it('escape user-supplied text in HTML', () => {
    const mail = orderStatusEmail({
      orderNumber: 'BZ-1',
      customerName: '<script>alert(1)</script>',
      status: 'SHIPPED',
      total: 1999,
      currency: 'USD',
    });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.text).toContain('Your order BZ-1 has shipped.');
  });

  it('make reset links clickable and keep the raw token', () => {
    const mail = passwordResetEmail({
      name: 'Ada',
      link: 'https://shop.test/reset-password?token=a&b',
      token: 'tok',
    });
    expect(mail.html).toContain('<a href="https://shop.test/reset-password?token=a&amp;b">');
    expect(mail.text).toContain('https://shop.test/reset-password?token=a&b');
    expect(mail.text).toContain('tok');
  });

  it('format money from minor units in the order currency', () => {
    const mail = orderConfirmationEmail({
      orderNumber: 'BZ-2',
      customerName: 'Ada',
      currency: 'INR',
      items: [{ name: 'Kettle', sku: 'K-1', quantity: 2, lineTotal: 259800 }],
      subtotal: 259800,
      discount: 10000,
      shipping: 0,
      tax: 0,
      total: 249800,
      paymentMethod: 'COD',
    });
    expect(mail.text).toContain('₹2,598.00');
    expect(mail.text).toContain('-₹100.00');
    expect(mail.text).toContain('₹2,498.00');
    expect(
      paymentFailedEmail({
        orderNumber: 'BZ-3',
        provider: 'STRIPE',
        amount: 500,
        currency: 'USD',
        reason: 'expired',
      }).subject,
    ).toBe('Payment failed for order BZ-3');
  });
});
