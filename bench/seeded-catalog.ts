/** Needs a seeded catalog (`npm run seed` on the database the server uses); throws (skipping the scenario) otherwise. */
export async function seededProducts(baseUrl: string): Promise<Array<{ id: string; slug: string }>> {
  const res = await fetch(`${baseUrl}/api/v1/products?limit=100&sortBy=name`);
  if (!res.ok) throw new Error(`GET /api/v1/products answered ${res.status}`);
  const body = (await res.json()) as { data: Array<{ id: string; slug: string }>; meta: { total: number } };
  if (body.meta.total < 100)
    throw new Error(`catalog has ${body.meta.total} products; run npm run seed first`);
  return body.data;
}
