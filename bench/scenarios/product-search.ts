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
