import { Counter, Histogram, type Registry } from 'prom-client';
import type { DeliveryStatus } from './events';
import type { AttemptResult } from './sender';

/** Per-endpoint webhook metrics (label `endpoint` = the endpoint id), on the context's registry. */
export class WebhookMetrics {
  private readonly attempts: Counter<'endpoint' | 'outcome'>;
  private readonly finished: Counter<'endpoint' | 'status'>;
  private readonly duration: Histogram<'endpoint'>;

  constructor(registry: Registry) {
    this.attempts = new Counter({
      name: 'bazaar_webhook_attempts_total',
      help: 'Webhook delivery attempts by endpoint and outcome (success, http_error, timeout, network_error, refused)',
      labelNames: ['endpoint', 'outcome'],
      registers: [registry],
    });
    this.finished = new Counter({
      name: 'bazaar_webhook_deliveries_total',
      help: 'Webhook deliveries finished, by endpoint and status (SUCCEEDED, or FAILED after the last attempt)',
      labelNames: ['endpoint', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'bazaar_webhook_attempt_duration_seconds',
      help: 'Time from sending a webhook attempt to its answer (or failure), by endpoint',
      labelNames: ['endpoint'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  attempted(endpointId: string, result: AttemptResult): void {
    this.attempts.inc({ endpoint: endpointId, outcome: result.outcome });
    this.duration.observe({ endpoint: endpointId }, result.durationMs / 1000);
  }

  delivered(endpointId: string, status: Exclude<DeliveryStatus, 'PENDING'>): void {
    this.finished.inc({ endpoint: endpointId, status });
  }
}
