import { randomUUID } from 'node:crypto';
import { waitFor } from '@newswindow/testkit';
import type { StudyActivities } from '../src/activity-types';
import { backfill } from '../src/backfill';
import {
  backfillProgressQuery,
  cancelBackfillSignal,
  pauseBackfillSignal,
  resumeBackfillSignal,
} from '../src/messages';
import type { BackfillFilter } from '../src/types';
import { useTemporalTestServer } from './use-temporal-test-server';

const filter: BackfillFilter = { from: '2025-01-01', to: '2025-12-31' };

/** Fake paging over `n` news ids; batches can be held back with a gate so the test can pause and cancel mid-run. */
function fakeActivities(n: number) {
  const ids = Array.from({ length: n }, (_, i) => `news-${String(i).padStart(5, '0')}`);
  const seen = new Map<string, number>();
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => undefined;
  let batchesStarted = 0;
  const activities: Pick<StudyActivities, 'countBackfillNews' | 'listBackfillNews' | 'computeStudyBatch'> = {
    countBackfillNews: () => Promise.resolve(ids.length),
    listBackfillNews: ({ cursor, limit }) => {
      const from = cursor === null ? 0 : ids.indexOf(cursor) + 1;
      const page = ids.slice(from, from + limit);
      return Promise.resolve({ newsIds: page, nextCursor: page.at(-1) ?? null });
    },
    computeStudyBatch: async ({ newsIds }) => {
      batchesStarted += 1;
      await gate;
      let written = 0;
      let existing = 0;
      for (const id of newsIds) {
        const c = seen.get(id) ?? 0;
        seen.set(id, c + 1);
        if (c === 0) written += 1;
        else existing += 1;
      }
      return {
        newsProcessed: newsIds.length,
        studiesWritten: written,
        studiesExisting: existing,
        studiesSkipped: 0,
        newsWithoutStudy: 0,
      };
    },
  };
  return {
    activities,
    seen,
    hold: () => {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
    batchesStarted: () => batchesStarted,
  };
}

describe('backfill on the real Temporal dev server', () => {
  const server = useTemporalTestServer('test-backfill');

  it('pages through every item once across continue-as-new runs and reports progress', async () => {
    const fake = fakeActivities(1_030);
    const result = await server.withWorker(fake.activities, async (taskQueue) => {
      const workflowId = `test-backfill-${randomUUID()}`;
      server.started.push(workflowId);
      return server.client.workflow.execute(backfill, {
        taskQueue,
        workflowId,
        args: [{ filter, pageSize: 100, batchSize: 40, parallelism: 2, pagesPerRun: 3 }],
      });
    });
    expect(result).toMatchObject({
      state: 'done',
      totalNews: 1_030,
      newsProcessed: 1_030,
      studiesWritten: 1_030,
      pages: 11,
    });
    expect(result.runs).toBe(4);
    expect([...fake.seen.values()].every((c) => c === 1)).toBe(true);
  }, 60_000);

  it('pauses, resumes and cancels through signals', async () => {
    const fake = fakeActivities(500);
    fake.hold();
    const result = await server.withWorker(fake.activities, async (taskQueue) => {
      const workflowId = `test-backfill-${randomUUID()}`;
      server.started.push(workflowId);
      const handle = await server.client.workflow.start(backfill, {
        taskQueue,
        workflowId,
        args: [{ filter, pageSize: 100, batchSize: 50, parallelism: 1 }],
      });
      await waitFor(() => fake.batchesStarted() === 1, { description: 'the first batch' });
      await handle.signal(pauseBackfillSignal);
      await waitFor(async () => (await handle.query(backfillProgressQuery)).state === 'paused', {
        description: 'paused',
      });
      fake.release();
      // The batch in flight finishes; no new one starts while paused.
      await waitFor(async () => (await handle.query(backfillProgressQuery)).newsProcessed === 50, {
        description: 'the batch in flight',
      });
      expect((await handle.query(backfillProgressQuery)).state).toBe('paused');
      // Hold the batch that starts after resume: with eager activity dispatch the fake batches finish all 500 news
      // before a cancel could land, so the cancel must arrive while a batch is known to be in flight.
      fake.hold();
      await handle.signal(resumeBackfillSignal);
      await waitFor(() => fake.batchesStarted() === 2, { description: 'the first batch after resume' });
      await handle.signal(cancelBackfillSignal);
      await waitFor(async () => (await handle.query(backfillProgressQuery)).state === 'cancelling', {
        description: 'cancelling',
      });
      fake.release();
      return handle.result();
    });
    expect(result.state).toBe('cancelled');
    // The batch in flight at the cancel finishes; none starts after it.
    expect(result.newsProcessed).toBe(100);
    expect(fake.batchesStarted()).toBe(2);
  }, 60_000);
});
