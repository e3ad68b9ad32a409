import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { shopper, type Shopper } from '../orders/fixtures';
import { adjust, balances, creditMails, grant, myCredit } from './fixtures';

let t: TestApp;
let admin: Shopper;
let alice: Shopper;
let bob: Shopper;

beforeAll(async () => {
  t = await createTestApp({ env: { DEFAULT_CURRENCY: 'INR' } });
  admin = await shopper(t, 'ADMIN');
  alice = await shopper(t);
  bob = await shopper(t);
});
afterAll(async () => {
  await t.close();
});

describe('store credit ledger', () => {
  it('starts empty', async () => {
    const res = await myCredit(t, bob);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      data: { balance: 0, currency: 'INR', transactions: [] },
      meta: { page: 1, limit: 20, total: 0, totalPages: 0 },
    });
  });

  it('admin grants and debits; the customer sees balance and transactions; the grant is mailed', async () => {
    const granted = await adjust(t, admin, alice.id, { amount: 5000, note: 'sorry for the delay' });
    expect(granted.statusCode).toBe(201);
    expect(granted.json().data).toMatchObject({
      balance: 5000,
      currency: 'INR',
      transaction: { amount: 5000, reason: 'ADJUSTMENT', orderId: null, note: 'sorry for the delay' },
    });
    expect(await creditMails(t, alice.email)).toBe(1);

    const debited = await adjust(t, admin, alice.id, { amount: -1200, note: 'correction' });
    expect(debited.statusCode).toBe(201);
    expect(debited.json().data).toMatchObject({ balance: 3800, transaction: { amount: -1200 } });
    expect(await creditMails(t, alice.email)).toBe(1);

    const mine = await myCredit(t, alice);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().data.balance).toBe(3800);
    expect(mine.json().data.transactions.map((x: { amount: number }) => x.amount)).toEqual([-1200, 5000]);
    expect(mine.json().data.transactions[0]).toEqual({
      id: expect.any(String),
      amount: -1200,
      reason: 'ADJUSTMENT',
      orderId: null,
      refundId: null,
      note: 'correction',
      createdAt: expect.any(String),
    });
    const paged = await myCredit(t, alice, '?page=2&limit=1');
    expect(paged.json().data.transactions.map((x: { amount: number }) => x.amount)).toEqual([5000]);
    expect(paged.json().meta).toEqual({ page: 2, limit: 1, total: 2, totalPages: 2 });
    // Another customer never sees Alice's credit.
    expect((await myCredit(t, bob)).json().data).toMatchObject({ balance: 0, transactions: [] });
    expect(await balances(t, alice.id)).toEqual({ balance: 3800, ledger: 3800 });
  });

  it('a debit below zero is 409 INSUFFICIENT_STORE_CREDIT and writes nothing', async () => {
    const who = await shopper(t);
    await grant(t, admin, who.id, 300);
    const res = await adjust(t, admin, who.id, { amount: -301, note: 'too much' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INSUFFICIENT_STORE_CREDIT');
    const never = await adjust(t, admin, bob.id, { amount: -1, note: 'no account' });
    expect(never.statusCode).toBe(409);
    expect(never.json().error.code).toBe('INSUFFICIENT_STORE_CREDIT');
    expect(await balances(t, who.id)).toEqual({ balance: 300, ledger: 300 });
    expect(await balances(t, bob.id)).toEqual({ balance: 0, ledger: 0 });
  });

  it('bad input is 400, unknown user 404, customers 403, anonymous 401', async () => {
    const cases: Array<[unknown, string]> = [
      [{ amount: 0, note: 'zero' }, 'amount'],
      [{ amount: 1.5, note: 'fraction' }, 'amount'],
      [{ amount: 100 }, 'note'],
      [{ amount: 100, note: 'x', balance: 1 }, ''],
      [{ amount: '100', note: 'x' }, 'amount'],
    ];
    for (const [payload] of cases) {
      const res = await adjust(t, admin, alice.id, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    const unknown = await adjust(t, admin, '00000000-0000-4000-8000-000000000000', { amount: 1, note: 'x' });
    expect(unknown.statusCode).toBe(404);
    expect((await adjust(t, alice, alice.id, { amount: 100, note: 'me' })).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/users/${alice.id}/store-credit`,
      payload: { amount: 1, note: 'x' },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users/me/store-credit' })).statusCode).toBe(
      401,
    );
    expect((await myCredit(t, alice, '?limit=500')).statusCode).toBe(400);
    expect(await balances(t, alice.id)).toEqual({ balance: 3800, ledger: 3800 });
  });

  it('Idempotency-Key: a retry replays, a different body is 422', async () => {
    const who = await shopper(t);
    const first = await adjust(t, admin, who.id, { amount: 700, note: 'once' }, 'grant-1');
    const again = await adjust(t, admin, who.id, { amount: 700, note: 'once' }, 'grant-1');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const other = await adjust(t, admin, who.id, { amount: 701, note: 'once' }, 'grant-1');
    expect(other.statusCode).toBe(422);
    expect(await balances(t, who.id)).toEqual({ balance: 700, ledger: 700 });
  });

  it('concurrent debits never take the balance below zero; balance == Σ transactions', async () => {
    const who = await shopper(t);
    await grant(t, admin, who.id, 1000);
    const results = await Promise.all(
      Array.from({ length: 6 }, () => adjust(t, admin, who.id, { amount: -300, note: 'race' })),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 201, 201, 409, 409, 409]);
    expect(await balances(t, who.id)).toEqual({ balance: 100, ledger: 100 });
  });
});
