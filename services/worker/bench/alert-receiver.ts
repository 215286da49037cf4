import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventWindowAlertData } from '@newswindow/schemas';
import { verifyWebhookSignature, WEBHOOK_HEADERS } from '../src/alert-sinks';

// A desk's webhook endpoint as the worker README tells a receiver to write one, for the alert e2e test and
// `bench:pipeline`: it verifies each delivery's signature over the raw body and records it; it can be told to fail.

/** One POST the receiver answered. */
export interface AlertReceipt {
  /** The `idempotency-key` header. */
  readonly alertId: string;
  /** The raw body, byte for byte as signed. */
  readonly raw: string;
  readonly document: { readonly type: string; readonly schemaVersion: number; readonly data: EventWindowAlertData };
  /** The HMAC-SHA256 signature over `<t>.<body>` is the shared secret's and `t` is within 5 minutes. */
  readonly signatureValid: boolean;
  /** The same check with the body changed by one character fails (a receiver detects tampering). */
  readonly tamperingDetected: boolean;
  /** `Date.now()` when the body had been read. */
  readonly receivedAtMs: number;
  /** What the receiver answered: 204, or 503 while it was told to fail. */
  readonly status: number;
}

/** A running receiver. */
export interface AlertReceiver {
  /** `http://127.0.0.1:<port>/alerts`. */
  readonly url: string;
  /** Every POST, in arrival order, failed ones included. */
  readonly receipts: readonly AlertReceipt[];
  /** The deliveries answered 204, in arrival order. */
  delivered(): AlertReceipt[];
  /** Answer the next `n` POSTs with 503. */
  failNext(n: number): void;
  /** Answer every POST with 503 (`true`) until called with `false`. */
  setDown(down: boolean): void;
  close(): Promise<void>;
}

/** Starts a receiver on a free port of 127.0.0.1 that checks signatures with `secret`. */
export async function startAlertReceiver(secret: string): Promise<AlertReceiver> {
  const receipts: AlertReceipt[] = [];
  let failures = 0;
  let down = false;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const receivedAtMs = Date.now();
      const raw = Buffer.concat(chunks).toString('utf8');
      const header = req.headers[WEBHOOK_HEADERS.signature];
      const signature = typeof header === 'string' ? header : undefined;
      const nowSeconds = Math.floor(receivedAtMs / 1000);
      const failing = down || failures > 0;
      if (failures > 0) failures -= 1;
      const status = failing ? 503 : 204;
      receipts.push({
        alertId: String(req.headers[WEBHOOK_HEADERS.idempotencyKey]),
        raw,
        document: JSON.parse(raw) as AlertReceipt['document'],
        signatureValid: verifyWebhookSignature(secret, signature, raw, { nowSeconds }),
        tamperingDetected: !verifyWebhookSignature(secret, signature, raw.replace('"p":', '"p": '), { nowSeconds }),
        receivedAtMs,
        status,
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    receipts,
    delivered: () => receipts.filter((r) => r.status === 204),
    failNext: (n) => {
      failures = n;
    },
    setDown: (d) => {
      down = d;
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
