import type { Scenario } from '../scenario';

export default {
  name: 'GET /health/live (framework + plugins overhead)',
  prepare: async () => ({ path: '/health/live' }),
} satisfies Scenario;
