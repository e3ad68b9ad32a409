import type { Scenario } from '../scenario';

/** Needs a seeded catalog (`npm run seed` on the database the server uses); skips with the reason otherwise. */
async function seededProducts(baseUrl: string): Promise<Array<{ id: string; slug: string }>> {
  const res = await fetch(`${baseUrl}/api/v1/products?limit=100&sortBy=name`);
  if (!res.ok) throw new Error(`GET /api/v1/products answered ${res.status}`);
  const body = (await res.json()) as { data: Array<{ id: string; slug: string }>; meta: { total: number } };
  if (body.meta.total < 100)
    throw new Error(`catalog has ${body.meta.total} products; run npm run seed first`);
  return body.data;
}

// Twenty different filtered pages in rotation: mostly cache hits after the first pass, but with
// the category sub-tree, price range and stock filters exercising the SQL on the first pass.
export default {
  name: 'GET /api/v1/products filtered + sorted, 20 variants of the query',
  async prepare(baseUrl) {
    await seededProducts(baseUrl);
    const paths = Array.from(
      { length: 20 },
      (_, i) =>
        `/api/v1/products?limit=20&page=${(i % 5) + 1}&minPrice=${1000 + i * 500}&inStock=true&sortBy=${i % 2 ? 'price' : 'name'}`,
    );
    return {
      path: paths[0]!,
      requests: paths.map((path) => ({ method: 'GET' as const, path })),
    };
  },
} satisfies Scenario;
