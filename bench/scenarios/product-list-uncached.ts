import type { Scenario } from '../scenario';
import { seededProducts } from '../seeded-catalog';

// What a storefront with filters mostly serves: price-sorted pages with a price floor that differs
// per shopper, so nearly every request misses the catalog cache and runs the list and count SQL.
export default {
  name: 'GET /api/v1/products?sortBy=price, random page 1–5 and minPrice (uncached)',
  async prepare(baseUrl) {
    await seededProducts(baseUrl);
    const randomPath = () =>
      `/api/v1/products?limit=20&sortBy=price&page=${1 + Math.floor(Math.random() * 5)}&minPrice=${Math.floor(Math.random() * 20_000)}`;
    return {
      path: randomPath(),
      requests: [
        {
          method: 'GET' as const,
          setupRequest: (request) => ({ ...request, path: randomPath() }),
        },
      ],
    };
  },
} satisfies Scenario;
