import type { Pool } from 'pg';
import { createEventStore, createPool, migrate } from '@newswindow/store';
import { createTestDatabase, stackConfigFromEnv, uniqueName, waitFor, type TestDatabase } from '@newswindow/testkit';
import type { EventWindowHooks } from './hooks';
import { createTriggerSubscription, type TriggerSubscriptionStatus } from './trigger-subscription';

// Issue 14: after a 20 s Kafka outage the worker's trigger consumer was dead while the process looked healthy, and no
// study started until a manual restart. The trigger is an event-store subscription now; here its hand-off to Temporal
// fails for a while (Temporal or the network down): the subscription says so (`failing` with the error, what the
// worker's /readyz reports), keeps its checkpoint, and resumes by itself: every story is handed over once it recovers,
// in log order, with no restart.

describe('trigger subscription through a failing dependency (real Postgres)', () => {
  const stack = stackConfigFromEnv(process.env);
  let db: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase(stack, 'nw_trigger_outage');
    pool = createPool({ ...db.connection, max: 3 });
    await migrate(pool);
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('reports failing while the hand-off fails and resumes by itself, delivering every story', async () => {
    const store = createEventStore(pool);
    const ids = Array.from({ length: 5 }, (_v, i) => `outage-${i}`);
    const append = (id: string) =>
      store.appendIdempotent([
        {
          type: 'NewsPublished',
          data: { id, source: 'test', headline: `story ${id}`, publishedAt: '2025-09-08T01:00:00Z', language: 'en' },
          streamId: `news-${id}`,
          idempotencyKey: `news:${id}`,
        },
      ]);
    let down = true;
    const handed: string[] = [];
    const hooks: EventWindowHooks = {
      onNewsAppended: (news) => {
        if (down) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:7233'));
        handed.push(news.id);
        return Promise.resolve([]);
      },
      onBarAppended: () => Promise.resolve(0),
    };
    const seen: TriggerSubscriptionStatus['state'][] = [];
    const trigger = createTriggerSubscription({
      pool,
      name: uniqueName('trigger-outage'),
      hooks,
      start: 'beginning',
      intervalMs: 20,
    });
    trigger.start();
    try {
      for (const id of ids.slice(0, 3)) await append(id);
      const failing = await waitFor(
        () => {
          const s = trigger.status();
          seen.push(s.state);
          return s.state === 'failing' && s;
        },
        { timeoutMs: 30_000, intervalMs: 10, description: 'the trigger reports failing' },
      );
      expect(failing.lastError).toContain('ECONNREFUSED');
      expect(handed).toEqual([]);
      // More stories arrive during the outage; then the dependency is back.
      for (const id of ids.slice(3)) await append(id);
      down = false;
      await waitFor(() => handed.length >= ids.length, {
        timeoutMs: 30_000,
        intervalMs: 20,
        description: 'every story handed over after the outage',
      });
      expect(handed).toEqual(ids);
      await waitFor(() => trigger.status().state === 'running', { timeoutMs: 10_000, description: 'running again' });
    } finally {
      await trigger.stop();
    }
    expect(seen).toContain('failing');
  });
});
