import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { addToCart, checkout, product, shopper, type Shopper } from '../orders/fixtures';

let t: TestApp;
let admin: Shopper;
let item: Awaited<ReturnType<typeof product>>;

const api = (method: string, url: string, who: Shopper | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url: `/api/v1${url}`,
    headers: who ? who.headers : {},
    ...(payload ? { payload } : {}),
  });

/** A customer who bought `p` and received it (COD: PENDING → PROCESSING → SHIPPED → DELIVERED). */
async function purchaser(p = item): Promise<Shopper> {
  const buyer = await shopper(t);
  await addToCart(t, buyer, p.variantId, 1);
  const order = (await checkout(t, buyer)).json().data;
  for (const status of ['PROCESSING', 'SHIPPED', 'DELIVERED']) {
    const res = await api('PATCH', `/admin/orders/${order.id}/status`, admin, { status });
    expect(res.statusCode, res.body).toBe(200);
  }
  return buyer;
}

async function rating(productId: string) {
  const res = await api('GET', `/products/${productId}`, null);
  return res.json().data.rating as { average: number; count: number };
}

async function storedMatchesApproved(productId: string) {
  const { rows } = await t.ctx.database.pool.query(
    `SELECT p.rating_average::float AS stored_avg, p.rating_count AS stored_count,
            coalesce(round(avg(r.rating), 2), 0)::float AS avg, count(r.id)::int AS n
     FROM products p LEFT JOIN reviews r ON r.product_id = p.id AND r.status = 'APPROVED'
     WHERE p.id = $1 GROUP BY p.id`,
    [productId],
  );
  const row = rows[0];
  expect(row.stored_avg).toBe(row.avg);
  expect(row.stored_count).toBe(row.n);
  return row;
}

beforeAll(async () => {
  t = await createTestApp({ work: false });
  admin = await shopper(t, 'ADMIN');
  item = await product(t, admin, { name: 'Trail Shoe', price: 8900, stock: 500 });
});
afterAll(async () => {
  await t.close();
});

describe('writing reviews', () => {
  it('lets a customer with a delivered order review the product once, and updates the rating', async () => {
    const buyer = await purchaser();
    const res = await api('POST', `/products/${item.productId}/reviews`, buyer, {
      rating: 4,
      title: 'Comfy',
      body: '<b>Great</b> grip',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({
      productId: item.productId,
      rating: 4,
      title: 'Comfy',
      body: '<b>Great</b> grip',
      author: { name: 'Casey Customer' },
      helpfulCount: 0,
    });
    expect(res.json().data).not.toHaveProperty('userId');
    expect(await rating(item.productId)).toEqual({ average: 4, count: 1 });

    const again = await api('POST', `/products/${item.productId}/reviews`, buyer, {
      rating: 5,
      body: 'twice',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('REVIEW_EXISTS');
  });

  it('refuses customers without a delivered order (403 NOT_A_PURCHASER) and anonymous callers (401)', async () => {
    const stranger = await shopper(t);
    const res = await api('POST', `/products/${item.productId}/reviews`, stranger, {
      rating: 5,
      body: 'fake',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('NOT_A_PURCHASER');

    const pendingBuyer = await shopper(t);
    await addToCart(t, pendingBuyer, item.variantId, 1);
    expect((await checkout(t, pendingBuyer)).statusCode).toBe(201);
    const pending = await api('POST', `/products/${item.productId}/reviews`, pendingBuyer, {
      rating: 5,
      body: 'soon',
    });
    expect(pending.json().error.code).toBe('NOT_A_PURCHASER');

    expect(
      (await api('POST', `/products/${item.productId}/reviews`, null, { rating: 5, body: 'x' })).statusCode,
    ).toBe(401);
  });

  it.each([
    [{ rating: 0, body: 'x' }],
    [{ rating: 6, body: 'x' }],
    [{ rating: 4.5, body: 'x' }],
    [{ rating: 4 }],
    [{ rating: 4, body: 'x'.repeat(5001) }],
    [{ rating: 4, body: 'x', title: 't'.repeat(121) }],
    [{ rating: 4, body: 'x', status: 'APPROVED' }],
    [{ rating: 4, body: 'x', helpfulCount: 99 }],
  ])('rejects %j with 400', async (payload) => {
    const buyer = await shopper(t);
    const res = await api('POST', `/products/${item.productId}/reviews`, buyer, payload);
    expect(res.statusCode).toBe(400);
  });

  it('answers 404 for an unknown product', async () => {
    const buyer = await shopper(t);
    const res = await api('POST', '/products/no-such-product/reviews', buyer, { rating: 5, body: 'x' });
    expect(res.statusCode).toBe(404);
  });
});

describe('editing and deleting', () => {
  it("lets the author edit and delete their review, but never another user's (404)", async () => {
    const p = await product(t, admin, { name: 'Rain Jacket', price: 12000, stock: 50 });
    const author = await purchaser(p);
    const other = await purchaser(p);
    const review = (
      await api('POST', `/products/${p.productId}/reviews`, author, { rating: 2, body: 'meh' })
    ).json().data;

    expect((await api('PATCH', `/reviews/${review.id}`, other, { rating: 1 })).statusCode).toBe(404);
    expect((await api('DELETE', `/reviews/${review.id}`, other)).statusCode).toBe(404);
    expect((await api('PATCH', `/reviews/${review.id}`, author, { userId: other.id })).statusCode).toBe(400);

    const edited = await api('PATCH', `/reviews/${review.id}`, author, { rating: 5, title: null });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().data).toMatchObject({ rating: 5, title: null, body: 'meh' });
    expect(await rating(p.productId)).toEqual({ average: 5, count: 1 });

    expect((await api('DELETE', `/reviews/${review.id}`, author)).statusCode).toBe(200);
    expect(await rating(p.productId)).toEqual({ average: 0, count: 0 });
    expect((await api('DELETE', `/reviews/${review.id}`, author)).statusCode).toBe(404);
  });
});

describe('listing and helpful votes', () => {
  it('lists approved reviews sorted by newest, rating or helpfulness, paginated', async () => {
    const p = await product(t, admin, { name: 'Camp Stove', price: 4500, stock: 50 });
    const buyers = [await purchaser(p), await purchaser(p), await purchaser(p)];
    const ids: string[] = [];
    for (const [i, buyer] of buyers.entries()) {
      const res = await api('POST', `/products/${p.productId}/reviews`, buyer, {
        rating: [3, 5, 1][i]!,
        body: `r${i}`,
      });
      ids.push(res.json().data.id);
    }
    // Two helpful votes for the 1-star review, one for the 3-star one.
    expect((await api('POST', `/reviews/${ids[2]}/helpful`, buyers[0]!)).statusCode).toBe(201);
    expect((await api('POST', `/reviews/${ids[2]}/helpful`, buyers[1]!)).statusCode).toBe(201);
    expect((await api('POST', `/reviews/${ids[2]}/helpful`, buyers[1]!)).statusCode).toBe(200);
    expect((await api('POST', `/reviews/${ids[0]}/helpful`, buyers[1]!)).statusCode).toBe(201);
    expect((await api('POST', `/reviews/${ids[0]}/helpful`, buyers[0]!)).statusCode).toBe(403);

    const byRating = (await api('GET', `/products/${p.productId}/reviews?sortBy=rating`, null)).json();
    expect(byRating.data.map((r: { rating: number }) => r.rating)).toEqual([5, 3, 1]);
    expect(byRating.meta).toEqual({ page: 1, limit: 20, total: 3, totalPages: 1 });
    const helpful = (
      await api('GET', `/products/${p.productId}/reviews?sortBy=helpful&limit=1`, null)
    ).json();
    expect(helpful.data).toHaveLength(1);
    expect(helpful.data[0]).toMatchObject({ id: ids[2], helpfulCount: 2 });
    expect(helpful.meta.totalPages).toBe(3);
    const newest = (
      await api('GET', `/products/${p.productId}/reviews?sortBy=newest&sortOrder=asc`, null)
    ).json();
    expect(newest.data.map((r: { id: string }) => r.id)).toEqual(ids);
    expect((await api('GET', `/products/${p.productId}/reviews?sortBy=password`, null)).statusCode).toBe(400);
  });
});

describe('moderation', () => {
  it('hidden reviews leave the listing and the rating; approving brings them back', async () => {
    const p = await product(t, admin, { name: 'Headlamp', price: 3000, stock: 50 });
    const a = await purchaser(p);
    const b = await purchaser(p);
    await api('POST', `/products/${p.productId}/reviews`, a, { rating: 5, body: 'bright' });
    const spam = (
      await api('POST', `/products/${p.productId}/reviews`, b, { rating: 1, body: 'buy my stuff' })
    ).json().data;
    expect(await rating(p.productId)).toEqual({ average: 3, count: 2 });

    const customer = await shopper(t);
    expect((await api('PATCH', `/admin/reviews/${spam.id}`, customer, { status: 'HIDDEN' })).statusCode).toBe(
      403,
    );
    expect((await api('GET', '/admin/reviews', null)).statusCode).toBe(401);

    const hidden = await api('PATCH', `/admin/reviews/${spam.id}`, admin, { status: 'HIDDEN' });
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json().data).toMatchObject({ status: 'HIDDEN', userId: b.id });
    expect(await rating(p.productId)).toEqual({ average: 5, count: 1 });
    const listed = (await api('GET', `/products/${p.productId}/reviews`, null)).json().data;
    expect(listed.map((r: { id: string }) => r.id)).not.toContain(spam.id);
    expect((await api('POST', `/reviews/${spam.id}/helpful`, a)).statusCode).toBe(404);

    const queue = (await api('GET', `/admin/reviews?status=HIDDEN&productId=${p.productId}`, admin)).json();
    expect(queue.data.map((r: { id: string }) => r.id)).toEqual([spam.id]);
    expect((await api('PATCH', `/admin/reviews/${spam.id}`, admin, { status: 'DELETED' })).statusCode).toBe(
      400,
    );

    await api('PATCH', `/admin/reviews/${spam.id}`, admin, { status: 'APPROVED' });
    expect(await rating(p.productId)).toEqual({ average: 3, count: 2 });
    expect((await api('DELETE', `/admin/reviews/${spam.id}`, admin)).statusCode).toBe(200);
    expect(await rating(p.productId)).toEqual({ average: 5, count: 1 });
    await storedMatchesApproved(p.productId);
  });

  it('is remembered per (author, product): deleting a hidden review and posting again stays hidden', async () => {
    const p = await product(t, admin, { name: 'Tent Peg', price: 500, stock: 50 });
    const spammer = await purchaser(p);
    const honest = await purchaser(p);
    const post = (who: Shopper, body: string) =>
      api('POST', `/products/${p.productId}/reviews`, who, { rating: 1, body });
    const first = (await post(spammer, 'visit spam.example')).json().data;
    await post(honest, 'holds in sand');
    expect((await api('PATCH', `/admin/reviews/${first.id}`, admin, { status: 'HIDDEN' })).statusCode).toBe(
      200,
    );
    expect((await api('DELETE', `/reviews/${first.id}`, spammer)).statusCode).toBe(200);
    const again = await post(spammer, 'visit spam.example again');
    expect(again.statusCode).toBe(201);
    const publicIds = () =>
      api('GET', `/products/${p.productId}/reviews`, null).then((r) =>
        r.json().data.map((x: { id: string }) => x.id),
      );
    expect(await publicIds()).not.toContain(again.json().data.id);
    expect(await rating(p.productId)).toEqual({ average: 1, count: 1 });
    const { rows } = await t.ctx.database.pool.query('SELECT status FROM reviews WHERE id = $1', [
      again.json().data.id,
    ]);
    expect(rows[0].status).toBe('HIDDEN');
    // An admin's delete is remembered too; approving forgets: the author's next review is public.
    expect((await api('DELETE', `/admin/reviews/${again.json().data.id}`, admin)).statusCode).toBe(200);
    const third = (await post(spammer, 'third try')).json().data;
    expect(await publicIds()).not.toContain(third.id);
    expect((await api('PATCH', `/admin/reviews/${third.id}`, admin, { status: 'APPROVED' })).statusCode).toBe(
      200,
    );
    expect((await api('DELETE', `/reviews/${third.id}`, spammer)).statusCode).toBe(200);
    const fourth = (await post(spammer, 'a fair review')).json().data;
    expect(await publicIds()).toContain(fourth.id);
    await storedMatchesApproved(p.productId);
  });
});

describe('rating under concurrency', () => {
  it('equals the approved reviews after many purchasers review at once', async () => {
    const p = await product(t, admin, { name: 'Water Filter', price: 2500, stock: 100 });
    const buyers: Shopper[] = [];
    for (let i = 0; i < 8; i++) buyers.push(await purchaser(p));
    const responses = await Promise.all(
      buyers.map((buyer, i) =>
        api('POST', `/products/${p.productId}/reviews`, buyer, { rating: (i % 5) + 1, body: `review ${i}` }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    const row = await storedMatchesApproved(p.productId);
    expect(row.n).toBe(8);
    expect(await rating(p.productId)).toEqual({ average: row.avg, count: 8 });
  });
});
