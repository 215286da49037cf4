import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpAlertWebhook, WebhookError } from './alert-sinks';
import type { AlertWebhook } from './ports';

// Issue 14: the alert webhook URL with its ?token= appeared 100 times in the worker log, in Temporal history and in
// the workflow result, all through this error's message.
describe('alert webhook errors carry no secret', () => {
  const alert = { alertId: 'a1' } as Parameters<AlertWebhook['post']>[0];

  it('redacts the token of a webhook that answers 500', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=s3cr3t`;
    try {
      const err = await createHttpAlertWebhook({ url, secret: 'hmac-secret' })
        .post(alert)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WebhookError);
      expect(String((err as Error).message)).toMatch(/\/hook answered 500$/);
      expect(JSON.stringify(err) + String((err as Error).stack)).not.toMatch(/s3cr3t|hmac-secret/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('redacts the token of a webhook that cannot be reached', async () => {
    const err = await createHttpAlertWebhook({
      url: 'http://127.0.0.1:1/hook?token=s3cr3t',
      secret: 'hmac-secret',
      timeoutMs: 2_000,
    })
      .post(alert)
      .catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain('webhook http://127.0.0.1:1/hook unreachable');
    expect(JSON.stringify(err) + String((err as Error).stack)).not.toMatch(/s3cr3t|hmac-secret/);
  });
});
