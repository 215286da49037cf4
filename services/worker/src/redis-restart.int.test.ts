import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { uniqueName, waitFor } from '@newswindow/testkit';
import { createRedisPriceCache, createWorkerRedis } from './redis-adapters';

// Issue 14 §3, the short version of the fault suite's Redis case inside `npm test`: the worker's Redis client (as
// main.ts builds it) over a Redis server of this test's own (never the shared one), which is stopped and started again.
// The process must not die of the client's 'error' events, calls fail while Redis is down, and the same client works
// again once Redis is back, with no restart.

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error())));
    });
  });

const startRedis = (port: number): ChildProcess =>
  spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
const stopRedis = async (p: ChildProcess): Promise<void> => {
  if (p.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => p.once('exit', () => resolve()));
  p.kill('SIGTERM');
  await exited;
};

describe("the worker's Redis client through a Redis restart (a private redis-server)", () => {
  let port: number;
  let server: ChildProcess | undefined;

  beforeAll(async () => {
    port = await freePort();
    server = startRedis(port);
  });
  afterAll(async () => {
    if (server !== undefined) await stopRedis(server);
  });

  it('survives the restart and works again with the same client', async () => {
    const warnings: string[] = [];
    const redis = createWorkerRedis(`redis://127.0.0.1:${port}`, (line) => warnings.push(line), 0);
    const cache = createRedisPriceCache(redis, { prefix: uniqueName('nw_restart'), ttlSeconds: 60 });
    const closes = [{ sessionDate: '2025-09-08', close: 145.9 }];
    try {
      await waitFor(async () => (await redis.ping().catch(() => '')) === 'PONG', {
        timeoutMs: 20_000,
        description: 'the private Redis up',
      });
      await cache.set('BABA', closes);
      expect(await cache.get('BABA')).toEqual(closes);

      await stopRedis(server!);
      await expect(cache.get('BABA')).rejects.toThrow();
      await waitFor(() => warnings.some((w) => w.includes('(reconnecting)')), {
        timeoutMs: 20_000,
        description: 'the reconnect warning',
      });

      server = startRedis(port);
      // The same client, no restart: a fresh Redis (nothing kept) answers again.
      await waitFor(async () => (await cache.get('BABA').catch(() => null)) === undefined, {
        timeoutMs: 30_000,
        intervalMs: 200,
        description: 'the cache answering again after the restart',
      });
      await cache.set('BABA', closes);
      expect(await cache.get('BABA')).toEqual(closes);
    } finally {
      redis.disconnect();
    }
  });
});
