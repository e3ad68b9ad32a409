import { formatMoney } from '../../platform/money';
import { email, type EmailContent } from './email';
import type { StoreForEmail } from './order-emails';

export interface ReturnForEmail {
  rmaNumber: string;
  orderNumber: string;
  customerName: string;
  status: 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'RECEIVED' | 'REFUNDED';
  items: Array<{ name: string; sku: string; quantity: number }>;
  refundAmount: number;
  currency: string;
  rejectReason?: string | null;
  refundTo?: 'ORIGINAL' | 'STORE_CREDIT' | null;
}

const headline: Record<ReturnForEmail['status'], string> = {
  REQUESTED: 'we received your return request',
  APPROVED: 'your return is approved',
  REJECTED: 'your return request was declined',
  RECEIVED: 'we received your returned items',
  REFUNDED: 'your refund is on its way',
};

function nextStep(r: ReturnForEmail, money: string): string {
  switch (r.status) {
    case 'REQUESTED':
      return `We will review it shortly. The expected refund is ${money}.`;
    case 'APPROVED':
      return `Please send the items back and mention ${r.rmaNumber} in the parcel.`;
    case 'REJECTED':
      return `Reason: ${r.rejectReason ?? 'not given'}`;
    case 'RECEIVED':
      return `We are refunding ${money}.`;
    case 'REFUNDED':
      return r.refundTo === 'STORE_CREDIT'
        ? `${money} was added to your store credit.`
        : `${money} was refunded to your original payment method.`;
  }
}

/** One mail per step of a return (RMA): requested, approved, rejected, received, refunded. */
export function returnEmail(r: ReturnForEmail, store: StoreForEmail): EmailContent {
  const money = formatMoney(r.refundAmount, r.currency, store.locale);
  return email(
    `Return ${r.rmaNumber} for order ${r.orderNumber}: ${headline[r.status]}`,
    [
      `Hello ${r.customerName},`,
      `Return ${r.rmaNumber} for order ${r.orderNumber}: ${headline[r.status]}.`,
      { table: r.items.map((i) => [`${i.quantity} ×`, `${i.name} · ${i.sku}`]) },
      nextStep(r, money),
    ],
    store.name,
  );
}

/** Credit added to the customer's store credit (a refund, or a grant by the store). */
export function storeCreditEmail(
  c: { customerName: string; amount: number; balance: number; currency: string; reason: string },
  store: StoreForEmail,
): EmailContent {
  const money = (n: number) => formatMoney(n, c.currency, store.locale);
  return email(
    `${money(c.amount)} was added to your store credit`,
    [
      `Hello ${c.customerName},`,
      `${money(c.amount)} was added to your store credit (${c.reason}).`,
      `Your balance is now ${money(c.balance)}. It is used at checkout when you choose to pay with store credit.`,
    ],
    store.name,
  );
}
