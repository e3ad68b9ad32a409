import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchedInvalidation, type SoldLine } from '../../../src/modules/checkout/invalidation';
import { createTestApp, type TestApp } from '../../helpers/app';
import { addToCart, checkout, product, shopper } from '../orders/fixtures';

const line = (n: number): SoldLine => ({ productId: `p${n}`, productSlug: `s${n}`, stockAfter: n });

describe('checkout: the catalog bumps of concurrent orders', () => {
  it('go in one batch sent after the bump in flight, and each caller waits for a bump sent after it called', async () => {
    const sent: Array<{ lines: SoldLine[]; finish: () => void }> = [];
    const batch = new BatchedInvalidation(
      (lines) => new Promise<void>((finish) => sent.push({ lines, finish })),
    );
    const done: number[] = [];
    const first = batch.invalidate([line(1)]).then(() => done.push(1));
    const second = batch.invalidate([line(2)]).then(() => done.push(2));
    const third = batch.invalidate([line(3), line(4)]).then(() => done.push(3));
    // One bump in flight; the two orders that came meanwhile wait for the next one.
    expect(sent.map((s) => s.lines)).toEqual([[line(1)]]);
    sent[0]!.finish();
    await first;
    expect(sent.map((s) => s.lines)).toEqual([[line(1)], [line(2), line(3), line(4)]]);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(done).toEqual([1]);
    sent[1]!.finish();
    await Promise.all([second, third]);
    expect(done).toEqual([1, 2, 3]);
    // Idle again: the next order's bump is sent at once.
    void batch.invalidate([line(5)]);
    expect(sent).toHaveLength(3);
    sent[2]!.finish();
  });

  it('sends the next batch also when a bump fails', async () => {
    let calls = 0;
    const batch = new BatchedInvalidation(async () => {
      calls++;
      if (calls === 1) throw new Error('redis down');
    });
    const first = batch.invalidate([line(1)]);
    const second = batch.invalidate([line(2)]);
    await expect(first).rejects.toThrow('redis down');
    await second;
    expect(calls).toBe(2);
  });
});

describe('checkout: cached product pages after concurrent orders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("a page read once an order's answer arrived shows at least that order's units gone", async () => {
    const admin = await shopper(t, 'ADMIN');
    const item = await product(t, admin, { stock: 50, lowStockThreshold: 0 });
    const slug = item.product.slug as string;
    const shownStock = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/products/${slug}` })).json().data.variants[0]
        .stock as number;
    expect(await shownStock()).toBe(50);
    expect(await shownStock()).toBe(50); // cached now
    const buyers = await Promise.all(Array.from({ length: 12 }, () => shopper(t)));
    for (const buyer of buyers) await addToCart(t, buyer, item.variantId, 1);
    let answered = 0;
    const seen = await Promise.all(
      buyers.map(async (buyer) => {
        const res = await checkout(t, buyer);
        expect(res.statusCode).toBe(201);
        const atLeastSold = ++answered;
        return { atLeastSold, shown: await shownStock() };
      }),
    );
    for (const { atLeastSold, shown } of seen) expect(shown).toBeLessThanOrEqual(50 - atLeastSold);
    expect(await shownStock()).toBe(38);
  }, 60_000);
});
