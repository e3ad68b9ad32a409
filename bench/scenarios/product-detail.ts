import type { Scenario } from '../scenario';
import { seededProducts } from '../seeded-catalog';

export default {
  name: 'GET /api/v1/products/:slug (12 variants, cached)',
  async prepare(baseUrl) {
    const [product] = await seededProducts(baseUrl);
    return { path: `/api/v1/products/${product!.slug}` };
  },
} satisfies Scenario;
