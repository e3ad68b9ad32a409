import type { Scenario } from '../scenario';

/**
 * Admin analytics over the seeded order history (the runner seeds 100,000 orders; see bench/run.ts).
 * Logs in as the bench admin (BENCH_ADMIN_EMAIL / BENCH_ADMIN_PASSWORD, set by the runner).
 */
async function adminToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: process.env.BENCH_ADMIN_EMAIL,
      password: process.env.BENCH_ADMIN_PASSWORD,
    }),
  });
  if (!res.ok) throw new Error(`admin login answered ${res.status}`);
  return ((await res.json()) as { data: { accessToken: string } }).data.accessToken;
}

export default {
  name: 'GET /api/v1/admin/analytics/sales?interval=day (365 days, seeded orders)',
  connections: 10,
  async prepare(baseUrl) {
    const token = await adminToken(baseUrl);
    const to = new Date().toISOString().slice(0, 10);
    const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
    const probe = await fetch(`${baseUrl}/api/v1/admin/analytics/summary?from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const summary = (await probe.json()) as { data?: { orders: number } };
    if (!probe.ok || (summary.data?.orders ?? 0) < 1000)
      throw new Error('no seeded orders; run the seed with --orders');
    return {
      path: `/api/v1/admin/analytics/sales?interval=day&from=${from}&to=${to}`,
      headers: { authorization: `Bearer ${token}` },
    };
  },
} satisfies Scenario;
