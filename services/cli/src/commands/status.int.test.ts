import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { stackConfigFromEnv } from '@newswindow/testkit';
import { runCli } from '../cli-main';
import { captureIo } from './__tests__/capture-io';
import { statusCommand } from './status';

const stack = stackConfigFromEnv(process.env);
const env = {
  PGHOST: stack.pg.host,
  PGPORT: String(stack.pg.port),
  PGUSER: stack.pg.user,
  KAFKA_BROKERS: stack.kafkaBrokers.join(','),
  REDIS_URL: stack.redisUrl,
  TEMPORAL_ADDRESS: stack.temporalAddress,
};

async function status(argv: string[], overrides: Record<string, string> = {}) {
  const cap = captureIo();
  const code = await runCli(['status', ...argv], { ...cap.io, env: { ...env, ...overrides } }, [statusCommand]);
  return { code, out: cap.out() };
}

describe('newswindow status (real stack)', () => {
  it('exits 0 with one ok line per dependency when the stack is up', async () => {
    const r = await status([]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').filter((l) => l.startsWith('ok   '))).toHaveLength(4);
  });

  it('exits 1 and names the part that is down (a closed port) and a worker that is not ready', async () => {
    const worker = http.createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ ready: false, checks: [{ name: 'trigger subscription', ok: false, detail: 'not ready' }] }),
      );
    });
    await new Promise<void>((resolve) => worker.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(worker.address() as AddressInfo).port}`;
      const r = await status(['--worker', url, '--timeout-ms', '2000'], { REDIS_URL: 'redis://127.0.0.1:1' });
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/^FAIL redis redis:\/\/127\.0\.0\.1:1: /m);
      expect(r.out).toMatch(/^FAIL worker http:\/\/127\.0\.0\.1:\d+: trigger subscription: not ready$/m);
      expect(r.out).toMatch(/^ok {3}postgres /m);
    } finally {
      worker.closeAllConnections();
      worker.close();
    }
  });
});
