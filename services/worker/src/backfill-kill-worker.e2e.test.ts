import { Client, Connection } from '@temporalio/client';
import { loadSecurityMaster } from '@newswindow/reference';
import { createEventStore, createNewsReader, createNewsTagStore, createPool, migrate } from '@newswindow/store';
import type { IdempotentEvent } from '@newswindow/store';
import { defaultReferenceData } from '@newswindow/tagger';
import { createTestDatabase, stackConfigFromEnv, uniqueName, waitFor } from '@newswindow/testkit';
import type { TestDatabase } from '@newswindow/testkit';
import type { BackfillFilter, BackfillInput } from '@newswindow/workflows';
import { backfill, backfillProgressQuery, backfillWorkflowId } from '@newswindow/workflows';
import type { Pool } from 'pg';
import { PANEL_BENCHMARK, panelBarEvents, readPanel, synthesizeNews } from '../bench/panel-data';
import type { WorkerProcess } from '../bench/worker-process';
import { startWorkerProcess } from '../bench/worker-process';
import { createNewsTagging } from './news-tagging';
import { createProjectionCatchUp } from './projection-loop';

// A real worker in a child process is SIGKILLed in the middle of a backfill; a second worker takes over. Every news
// item must end up in exactly one study, written exactly once, and tagged exactly once (some were already tagged by
// the live path before the backfill); a second run of the same backfill writes nothing.

const config = stackConfigFromEnv(process.env);
const NEWS = 400;
const TICKERS = ['AAPL', 'MSFT', 'NVDA', 'KO', 'WMT', 'CVX'];
const TAGGED_LIVE = 25;

describe('backfill survives a killed worker (real worker process, Temporal, Postgres, Redis)', () => {
  let db: TestDatabase;
  let pool: Pool;
  let connection: Connection;
  let client: Client;
  let newsIds: string[];
  const workers: WorkerProcess[] = [];
  const workflowIds: string[] = [];
  const taskQueue = uniqueName('backfill-kill-tq');
  const prefix = uniqueName('bfkill');
  // The ids embed the prefix, so the filter's workflow id is unique to this run as well.
  const filter: BackfillFilter = { from: '2020-01-01', to: '2023-11-30', tickers: [...TICKERS, prefix] };

  const workerEnv = (): Record<string, string> => ({
    PGDATABASE: db.name,
    NEWSWINDOW_TASK_QUEUE: taskQueue,
    NEWSWINDOW_RUN_TRIGGERS: '0',
    NEWSWINDOW_DEPLOYMENT: prefix,
  });
  const startWorker = async (): Promise<WorkerProcess> => {
    const w = await startWorkerProcess(workerEnv());
    workers.push(w);
    return w;
  };

  /** StudyComputed events per study id, and the studies each news id is part of. */
  const storedStudies = async (): Promise<{ perStudy: Map<string, number>; perNews: Map<string, number> }> => {
    const r = await pool.query<{ study_id: string; news_ids: string[]; n: string }>(
      `SELECT data->>'studyId' AS study_id, array_agg(DISTINCT n.id) AS news_ids, count(DISTINCT e.position) AS n
         FROM events e CROSS JOIN LATERAL jsonb_array_elements_text(e.data::jsonb->'newsIds') AS n(id)
        WHERE e.type = 'StudyComputed' GROUP BY 1`,
    );
    const perStudy = new Map(r.rows.map((x) => [x.study_id, Number(x.n)]));
    const perNews = new Map<string, number>();
    for (const row of r.rows) for (const id of row.news_ids) perNews.set(id, (perNews.get(id) ?? 0) + 1);
    return { perStudy, perNews };
  };

  /** `NewsTagged` events per news id. */
  const storedTags = async (): Promise<Map<string, number>> => {
    const r = await pool.query<{ news_id: string; n: string }>(
      `SELECT data->>'newsId' AS news_id, count(*) AS n FROM events WHERE type = 'NewsTagged' GROUP BY 1`,
    );
    return new Map(r.rows.map((x) => [x.news_id, Number(x.n)]));
  };

  beforeAll(async () => {
    db = await createTestDatabase(config, 'nw_bfkill');
    pool = createPool({ ...db.connection, max: 4 });
    await migrate(pool);
    const panel = readPanel();
    const news = synthesizeNews(panel, NEWS, { tickers: TICKERS, idPrefix: prefix, seed: 7 });
    newsIds = news.events.map((e) => (e.type === 'NewsPublished' ? e.data.id : ''));
    const store = createEventStore(pool);
    const events: IdempotentEvent[] = [...panelBarEvents(panel, news.tickers), ...news.events];
    await store.appendIdempotent(events);
    // The live path (a workflow or the trigger) tagged a few stories before the backfill.
    const catchUp = createProjectionCatchUp(pool);
    const reader = createNewsReader(pool, catchUp);
    const tagging = createNewsTagging({
      news: reader,
      newsTags: createNewsTagStore(pool, store, catchUp),
      reference: defaultReferenceData,
      master: loadSecurityMaster(),
    });
    await tagging.tagStored(await reader.getNews(newsIds.slice(0, TAGGED_LIVE)));
    connection = await Connection.connect({ address: config.temporalAddress });
    client = new Client({ connection, namespace: config.temporalNamespace });
  }, 120_000);

  afterAll(async () => {
    for (const id of workflowIds) {
      await client?.workflow
        .getHandle(id)
        .terminate('test cleanup')
        .catch(() => undefined);
    }
    for (const w of workers) await w.kill();
    await connection?.close();
    await pool?.end();
    await db?.drop();
  }, 60_000);

  it('resumes on a new worker after SIGKILL with no lost and no duplicated study; a second run writes nothing', async () => {
    const workflowId = backfillWorkflowId(filter);
    workflowIds.push(workflowId);
    const input: BackfillInput = {
      filter,
      benchmark: PANEL_BENCHMARK,
      pageSize: 100,
      batchSize: 10,
      parallelism: 2,
      pagesPerRun: 2,
    };

    const first = await startWorker();
    const handle = await client.workflow.start(backfill, { taskQueue, workflowId, args: [input] });
    expect((await storedTags()).size).toBe(TAGGED_LIVE);
    const partial = await waitFor(
      async () => {
        const p = await handle.query(backfillProgressQuery);
        if (p.state !== 'running') throw new Error(`backfill ${p.state} before the kill`);
        return p.newsProcessed > 0 && p.newsProcessed < NEWS && p;
      },
      { timeoutMs: 60_000, intervalMs: 20, description: 'partial progress' },
    );
    await first.kill();
    expect(partial.newsProcessed).toBeLessThan(NEWS);

    await startWorker();
    const result = await handle.result();
    expect(result).toMatchObject({ state: 'done', totalNews: NEWS, newsProcessed: NEWS, newsWithoutStudy: 0 });
    // A batch whose transaction committed just before the kill reran and found its studies stored.
    expect(result.studiesWritten + result.studiesExisting).toBe(NEWS);

    const { perStudy, perNews } = await storedStudies();
    expect(perStudy.size).toBe(NEWS);
    expect([...perStudy.values()].filter((n) => n !== 1)).toEqual([]);
    expect(perNews.size).toBe(NEWS);
    expect(newsIds.filter((id) => perNews.get(id) !== 1)).toEqual([]);
    const tags = await storedTags();
    expect(tags.size).toBe(NEWS);
    expect(newsIds.filter((id) => tags.get(id) !== 1)).toEqual([]);

    // The same backfill again (same workflow id, the first run is closed): everything is already stored.
    const again = await client.workflow.execute(backfill, { taskQueue, workflowId, args: [input] });
    expect(again).toMatchObject({ state: 'done', newsProcessed: NEWS, studiesWritten: 0, studiesExisting: NEWS });
    const after = await storedStudies();
    expect(after.perStudy).toEqual(perStudy);
    expect(await storedTags()).toEqual(tags);
  }, 300_000);
});
