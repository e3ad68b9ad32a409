import type { Scenario } from '../scenario';
import { seededProducts } from '../seeded-catalog';

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
