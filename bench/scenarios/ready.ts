import type { Scenario } from '../scenario';

export default {
  name: 'GET /health/ready (one database round trip)',
  prepare: async () => ({ path: '/health/ready' }),
} satisfies Scenario;
