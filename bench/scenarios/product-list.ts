import type { Scenario } from '../scenario';
import { seededProducts } from '../seeded-catalog';

export default {
  name: 'GET /api/v1/products?limit=20 (seeded catalog, cached)',
  async prepare(baseUrl) {
    await seededProducts(baseUrl);
    return { path: '/api/v1/products?limit=20' };
  },
} satisfies Scenario;
