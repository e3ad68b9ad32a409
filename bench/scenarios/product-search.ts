import type { Scenario } from '../scenario';
import { seededProducts } from '../seeded-catalog';

// Full-text + trigram search; one term has a typo. Rotates through terms so both the SQL and the
// cache are exercised.
export default {
  name: 'GET /api/v1/products?searchTerm=… (full-text + typo tolerance)',
  async prepare(baseUrl) {
    await seededProducts(baseUrl);
    const terms = ['hoodie', 'vintage lamp', 'waterproof jacket', 'sneakr', 'nordic', 'kettle'];
    const paths = terms.map((term) => `/api/v1/products?limit=20&searchTerm=${encodeURIComponent(term)}`);
    return { path: paths[0]!, requests: paths.map((path) => ({ method: 'GET' as const, path })) };
  },
} satisfies Scenario;
