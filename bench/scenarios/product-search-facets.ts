import type { Scenario } from '../scenario';
import { SEARCH_TERMS, uncached } from '../search-terms';
import { seededProducts } from '../seeded-catalog';

// Search with the filter sidebar's facets (categories, brands, tags, options, price, stock), every
// request a cache miss, one connection.
export default {
  name: 'GET /api/v1/products?searchTerm=…&facets=true (uncached, 1 conn)',
  connections: 1,
  async prepare(baseUrl) {
    await seededProducts(baseUrl);
    const paths = SEARCH_TERMS.map(
      (term) => `/api/v1/products?limit=20&facets=true&searchTerm=${encodeURIComponent(term)}`,
    );
    return {
      path: paths[0]!,
      requests: paths.map((path) => ({ method: 'GET' as const, path, setupRequest: uncached })),
    };
  },
} satisfies Scenario;
