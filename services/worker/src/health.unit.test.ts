import type { AddressInfo } from 'node:net';
import { createHealthServer, runHealthChecks } from './health';

describe('health probes', () => {
  it('is ready only when every check passes, and says which one failed and why', async () => {
    const report = await runHealthChecks(
      [
        { name: 'postgres', check: () => Promise.resolve(true) },
        { name: 'redis', check: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) },
        { name: 'trigger subscription', check: () => Promise.resolve(false) },
        { name: 'slow', check: () => new Promise<boolean>(() => undefined) },
      ],
      50,
    );
    expect(report).toEqual({
      ready: false,
      checks: [
        { name: 'postgres', ok: true, detail: 'ok' },
        { name: 'redis', ok: false, detail: 'connect ECONNREFUSED 127.0.0.1:6379' },
        { name: 'trigger subscription', ok: false, detail: 'not ready' },
        { name: 'slow', ok: false, detail: 'no answer within 50 ms' },
      ],
    });
  });

  it('answers /livez with 200 and /readyz with 503 while a check fails', async () => {
    let up = false;
    const server = createHealthServer([{ name: 'x', check: () => Promise.resolve(up) }]);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/livez`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      up = true;
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true, checks: [{ name: 'x', ok: true, detail: 'ok' }] });
    } finally {
      server.close();
    }
  });
});
