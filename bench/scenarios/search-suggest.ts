import type { Scenario } from '../scenario';
import { SUGGEST_PREFIXES } from '../search-terms';
import { seededProducts } from '../seeded-catalog';

// Search-as-you-type. Suggestions are cached per prefix, so after the first pass this measures
// hits; `npm run bench:search` measures them uncached.
export default {
  name: 'GET /api/v1/search/suggest?q=… (as typed, cached, 1 conn)',
  connections: 1,
  async prepare(baseUrl) {
    await seededProducts(baseUrl);
    const paths = SUGGEST_PREFIXES.map((q) => `/api/v1/search/suggest?q=${encodeURIComponent(q)}`);
    return { path: paths[0]!, requests: paths.map((path) => ({ method: 'GET' as const, path })) };
  },
} satisfies Scenario;
