import { formatMoney } from '../../platform/money';

/** A rendered email: the same words as plain text and as (escaped) HTML. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** Paragraphs of plain text become the text body and, escaped, the HTML body. Links stay clickable. */
function email(
  subject: string,
  paragraphs: Array<string | { link: string } | { table: string[][] }>,
): EmailContent {
  const text = paragraphs
    .map((p) =>
      typeof p === 'string' ? p : 'link' in p ? p.link : p.table.map((row) => row.join('  ')).join('\n'),
    )
    .join('\n\n');
  const html = paragraphs
    .map((p) => {
      if (typeof p === 'string') return `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`;
      if ('link' in p) return `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.link)}</a></p>`;
      const rows = p.table
        .map(
          (row) =>
            `<tr>${row.map((cell) => `<td style="padding:2px 8px">${escapeHtml(cell)}</td>`).join('')}</tr>`,
        )
        .join('');
      return `<table>${rows}</table>`;
    })
    .join('\n');
  return {
    subject,
    text: `${text}\n`,
    html: `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">\n${html}\n<p style="color:#888">— Bazaar</p></body></html>`,
  };
}

export function verificationCodeEmail(input: { name: string; code: string }): EmailContent {
  return email(`Your Bazaar verification code is ${input.code}`, [
    `Hello ${input.name},`,
    `Your verification code is: ${input.code}`,
    'It is valid for 10 minutes. If you did not create a Bazaar account, ignore this email.',
  ]);
}

export function passwordResetEmail(input: { name: string; link: string; token: string }): EmailContent {
  return email('Reset your Bazaar password', [
    `Hello ${input.name},`,
    'To choose a new password, open this link (valid for 15 minutes, once):',
    { link: input.link },
    `Or paste this token into the app: ${input.token}`,
    'If you did not ask for this, ignore this email; your password stays as it is.',
  ]);
}

export function passwordChangedEmail(input: { name: string; resetUrl: string }): EmailContent {
  return email('Your Bazaar password was changed', [
    `Hello ${input.name},`,
    'Your password was just changed and every session was signed out.',
    'If this was not you, reset your password here:',
    { link: input.resetUrl },
  ]);
}

interface OrderForEmail {
  orderNumber: string;
  customerName: string;
  currency: string;
  items: Array<{ name: string; sku: string; quantity: number; lineTotal: number }>;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  paymentMethod: string;
}

export function orderConfirmationEmail(order: OrderForEmail): EmailContent {
  const money = (amount: number) => formatMoney(amount, order.currency);
  const totals: string[][] = [['Subtotal', money(order.subtotal)]];
  if (order.discount > 0) totals.push(['Discount', `-${money(order.discount)}`]);
  if (order.shipping > 0) totals.push(['Shipping', money(order.shipping)]);
  if (order.tax > 0) totals.push(['Tax', money(order.tax)]);
  totals.push(['Total', money(order.total)], ['Payment', order.paymentMethod]);
  return email(`Order ${order.orderNumber} confirmed`, [
    `Hello ${order.customerName},`,
    `Thank you for your order ${order.orderNumber}.`,
    { table: order.items.map((i) => [`${i.quantity} ×`, `${i.name} (${i.sku})`, money(i.lineTotal)]) },
    { table: totals },
  ]);
}

const statusWords: Record<string, string> = {
  PAID: 'has been paid',
  PROCESSING: 'is being prepared',
  SHIPPED: 'has shipped',
  DELIVERED: 'has been delivered',
  CANCELLED: 'has been cancelled',
  REFUNDED: 'has been refunded',
};

export function orderStatusEmail(order: {
  orderNumber: string;
  customerName: string;
  status: string;
  total: number;
  currency: string;
}): EmailContent {
  const words = statusWords[order.status] ?? `is now ${order.status}`;
  return email(`Order ${order.orderNumber} ${words}`, [
    `Hello ${order.customerName},`,
    `Your order ${order.orderNumber} ${words}.`,
    `Total: ${formatMoney(order.total, order.currency)}`,
  ]);
}

/** To the shop's admin: an online payment failed or expired. */
export function paymentFailedEmail(input: {
  orderNumber: string;
  provider: string;
  amount: number;
  currency: string;
  reason: string;
}): EmailContent {
  return email(`Payment failed for order ${input.orderNumber}`, [
    `A ${input.provider} payment of ${formatMoney(input.amount, input.currency)} for order ${input.orderNumber} failed.`,
    `Reason: ${input.reason}`,
  ]);
}

export function lowStockEmail(input: {
  sku: string;
  productId: string;
  stock: number;
  threshold: number;
}): EmailContent {
  return email(`Low stock: ${input.sku} (${input.stock} left)`, [
    `Variant ${input.sku} of product ${input.productId} is down to ${input.stock} (threshold ${input.threshold}).`,
  ]);
}
