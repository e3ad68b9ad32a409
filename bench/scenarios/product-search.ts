import type { Scenario } from '../scenario';
import { SEARCH_TERMS, uncached } from '../search-terms';
import { seededProducts } from '../seeded-catalog';

// Typo-tolerant search, every request a cache miss; one connection, so p99 is the latency of a
// search rather than of the queue in front of it.
export default {
  name: 'GET /api/v1/products?searchTerm=… (typos, uncached, 1 conn)',
  connections: 1,
  async prepare(baseUrl) {
    await seededProducts(baseUrl);
    const paths = SEARCH_TERMS.map(
      (term) => `/api/v1/products?limit=20&searchTerm=${encodeURIComponent(term)}`,
    );
    return {
      path: paths[0]!,
      requests: paths.map((path) => ({ method: 'GET' as const, path, setupRequest: uncached })),
    };
  },
} satisfies Scenario;
