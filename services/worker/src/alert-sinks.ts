import type { Producer } from 'kafkajs';
import type { AlertProducer, AlertWebhook } from './ports';

/** Publishes `EventWindowAlert` messages keyed by listing (one listing's alerts stay ordered). */
export function createKafkaAlertProducer(producer: Producer, topic: string): AlertProducer {
  return {
    async publish(alert) {
      await producer.send({
        topic,
        acks: -1,
        messages: [
          {
            key: `${alert.listing.exchange}:${alert.listing.symbol}`,
            value: JSON.stringify({ type: 'EventWindowAlert', data: alert }),
            headers: { 'alert-id': alert.alertId },
          },
        ],
      });
    },
  };
}

/** Thrown when the webhook answers with a non-2xx status; Temporal retries the activity with backoff. */
export class WebhookError extends Error {
  readonly retriable = true;
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super(`webhook ${url} answered ${status}`);
    this.name = 'WebhookError';
  }
}

/** POSTs alerts as JSON, one attempt with a timeout (the activity's retry policy owns retries and backoff). */
export function createHttpAlertWebhook(url: string, options: { timeoutMs?: number } = {}): AlertWebhook {
  return {
    async post(alert) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': alert.alertId },
        body: JSON.stringify({ type: 'EventWindowAlert', data: alert }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
      if (!res.ok) throw new WebhookError(url, res.status);
    },
  };
}
