import type { Pool } from 'pg';
import { Metadata, status } from '@grpc/grpc-js';
import { ServiceError } from '@temporalio/client';
import {
  createEventStore,
  createPool,
  listProjectionFailures,
  migrate,
  replayProjectionFailure,
  triggerFailureName,
} from '@newswindow/store';
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
    // An outage is never a recorded (skipped) story.
    expect(await listProjectionFailures(pool, { all: true })).toEqual([]);
  });

  // A story Temporal rejects for itself (INVALID_ARGUMENT: e.g. a payload over its limit) used to be retried forever
  // and stop every later study start. Our own port (the hooks) rejects one story the way the Temporal client does.
  it('records a story whose hand-off fails permanently, hands over the stories behind it, and replays it on request', async () => {
    const store = createEventStore(pool);
    const ids = ['perm-0', 'perm-1', 'perm-2', 'perm-3'];
    let rejected = true;
    const handed: string[] = [];
    const hooks: EventWindowHooks = {
      onNewsAppended: (news) => {
        if (news.id === 'perm-1' && rejected) {
          const details = 'Blob data size exceeds limit.';
          const cause = Object.assign(new Error(`3 INVALID_ARGUMENT: ${details}`), {
            code: status.INVALID_ARGUMENT,
            details,
            metadata: new Metadata(),
          });
          return Promise.reject(new ServiceError('Failed to signalWithStart Workflow', { cause }));
        }
        handed.push(news.id);
        return Promise.resolve([]);
      },
      onBarAppended: () => Promise.resolve(0),
    };
    const lines: string[] = [];
    const name = uniqueName('trigger-permanent');
    const trigger = createTriggerSubscription({
      pool,
      name,
      hooks,
      start: 'end',
      intervalMs: 20,
      maxAttempts: 3,
      log: (l) => lines.push(l),
    });
    trigger.start();
    try {
      await waitFor(() => trigger.status().state === 'running', { timeoutMs: 10_000, description: 'running' });
      const positions: number[] = [];
      for (const id of ids) {
        const { positions: appended } = await store.appendIdempotent([
          {
            type: 'NewsPublished',
            data: { id, source: 'test', headline: `story ${id}`, publishedAt: '2025-09-08T01:00:00Z', language: 'en' },
            streamId: `news-${id}`,
            idempotencyKey: `news:${id}`,
          },
        ]);
        positions.push(...appended);
      }
      await waitFor(() => handed.includes('perm-3'), {
        timeoutMs: 30_000,
        intervalMs: 20,
        description: 'the stories behind the rejected one handed over',
      });
      // A failed delivery hands the batch again (the hooks are idempotent): perm-0 may be handed more than once.
      const distinct = () => [...new Set(handed)];
      expect(distinct()).toEqual(['perm-0', 'perm-2', 'perm-3']);
      const open = await listProjectionFailures(pool);
      expect(open).toEqual([
        expect.objectContaining({
          projection: `trigger:${name}`,
          position: positions[1],
          eventType: 'NewsPublished',
          streamId: 'news-perm-1',
          error: 'Failed to signalWithStart Workflow',
          attempts: 3,
          status: 'failed',
        }),
      ]);
      expect(lines.filter((l) => l.startsWith('ALERT trigger'))).toHaveLength(1);

      // The cause is fixed; the operator's replay is done by the worker, which holds the Temporal client.
      rejected = false;
      expect(await replayProjectionFailure(pool, positions[1]!)).toEqual([
        { projection: triggerFailureName(name), ok: true, requested: true },
      ]);
      await waitFor(() => handed.includes('perm-1'), {
        timeoutMs: 30_000,
        description: 'the replayed story handed over',
      });
      await waitFor(async () => (await listProjectionFailures(pool, { all: true }))[0]?.status === 'replayed', {
        timeoutMs: 10_000,
        description: 'the failure marked replayed',
      });
      expect(distinct()).toEqual(['perm-0', 'perm-2', 'perm-3', 'perm-1']);
      expect(await listProjectionFailures(pool)).toEqual([]);
    } finally {
      await trigger.stop();
    }
  });
});
