import type { TestApp } from '../../helpers/app';
import { count, type Shopper } from '../orders/fixtures';

export function adjust(t: TestApp, admin: Shopper, userId: string, payload: unknown, key?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/admin/users/${userId}/store-credit`,
    headers: { ...admin.headers, ...(key ? { 'idempotency-key': key } : {}) },
    payload: payload as Record<string, unknown>,
  });
}

export async function grant(t: TestApp, admin: Shopper, userId: string, amount: number) {
  const res = await adjust(t, admin, userId, { amount, note: 'goodwill' });
  if (res.statusCode !== 201) throw new Error(`grant failed: ${res.statusCode} ${res.body}`);
  return res.json().data;
}

export function myCredit(t: TestApp, who: Shopper, query = '') {
  return t.app.inject({ method: 'GET', url: `/api/v1/users/me/store-credit${query}`, headers: who.headers });
}

/** The balance row and Σ of the ledger lines, read straight from the database. */
export async function balances(t: TestApp, userId: string): Promise<{ balance: number; ledger: number }> {
  const { rows } = await t.ctx.database.pool.query(
    `SELECT coalesce((SELECT balance FROM store_credit_accounts WHERE user_id = $1), 0)::int AS balance,
            coalesce((SELECT sum(amount) FROM store_credit_transactions WHERE user_id = $1), 0)::int AS ledger`,
    [userId],
  );
  return rows[0];
}

export const creditMails = (t: TestApp, to: string) =>
  count(
    t,
    `SELECT 1 FROM pgboss.job WHERE name = 'email.send' AND data->>'to' = $1 AND data->>'subject' LIKE '%added to your store credit'`,
    [to],
  );
