import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Producer } from 'kafkajs';
import { toEnvelope } from '@newswindow/schemas';
import type { AlertProducer, AlertWebhook } from './ports';
import type { EventWindowAlertData } from '@newswindow/schemas';

/** The alert document as published and POSTed: its versioned envelope, as JSON. */
export const alertDocument = (alert: EventWindowAlertData): string =>
  JSON.stringify(toEnvelope({ type: 'EventWindowAlert', data: alert }));

/** Publishes `EventWindowAlert` messages keyed by listing (one listing's alerts stay ordered), in one request. */
export function createKafkaAlertProducer(producer: Producer, topic: string): AlertProducer {
  return {
    async publish(alerts) {
      if (alerts.length === 0) return;
      await producer.send({
        topic,
        acks: -1,
        messages: alerts.map((alert) => ({
          key: `${alert.listing.exchange}:${alert.listing.symbol}`,
          value: alertDocument(alert),
          headers: { 'alert-id': alert.alertId },
        })),
      });
    },
  };
}

/** The webhook's address without what may be secret (user info, query, fragment): safe in logs and errors. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(unparseable webhook URL)';
  }
}

/** Thrown when the webhook answers with a non-2xx status or cannot be reached; Temporal retries with backoff. */
export class WebhookError extends Error {
  readonly retriable = true;
  constructor(
    /** The redacted address. */
    readonly url: string,
    readonly status: number | null,
    detail?: string,
  ) {
    super(
      status === null ? `webhook ${url} unreachable: ${detail ?? 'no answer'}` : `webhook ${url} answered ${status}`,
    );
    this.name = 'WebhookError';
  }
}

/** Header names of a signed delivery. */
export const WEBHOOK_HEADERS = {
  signature: 'newswindow-signature',
  timestamp: 'newswindow-timestamp',
  idempotencyKey: 'idempotency-key',
} as const;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as Stripe signs its webhooks. */
export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * What a receiver checks: the signature header is `t=…,v1=…`, the HMAC of `t.body` under the shared secret matches
 * (constant time), and `t` is within `toleranceSeconds` of `nowSeconds` (a replayed old delivery fails).
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  options: { readonly nowSeconds: number; readonly toleranceSeconds?: number },
): boolean {
  if (header === undefined) return false;
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(options.nowSeconds - t) > (options.toleranceSeconds ?? 300)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** Options of {@link createHttpAlertWebhook}. */
export interface HttpAlertWebhookOptions {
  readonly url: string;
  /** Shared HMAC secret; never logged, never in a workflow input or result. */
  readonly secret: string;
  readonly timeoutMs?: number;
  readonly nowSeconds?: () => number;
}

/** POSTs signed alert documents, one attempt with a timeout (the activity's retry policy owns retries and backoff). */
export function createHttpAlertWebhook(options: HttpAlertWebhookOptions): AlertWebhook {
  const shown = redactUrl(options.url);
  const nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  return {
    async post(alert) {
      const body = alertDocument(alert);
      const timestamp = nowSeconds();
      let res: Response;
      try {
        res = await fetch(options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [WEBHOOK_HEADERS.idempotencyKey]: alert.alertId,
            [WEBHOOK_HEADERS.timestamp]: String(timestamp),
            [WEBHOOK_HEADERS.signature]: signWebhookBody(options.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
      } catch (err) {
        const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
        const code = (cause as { code?: unknown }).code;
        throw new WebhookError(
          shown,
          null,
          typeof code === 'string' ? code : cause instanceof Error ? cause.name : 'error',
        );
      }
      // Drain the body so the connection is reused.
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) throw new WebhookError(shown, res.status);
    },
  };
}
