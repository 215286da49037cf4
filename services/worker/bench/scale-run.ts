import { readFileSync } from 'node:fs';
import type { Client } from '@temporalio/client';
import { loadSecurityMaster } from '@newswindow/reference';
import { Kafka, logLevel } from 'kafkajs';
import type { Pool } from 'pg';
import { dlqTopicFor } from '@newswindow/schemas';
import type { NewswindowEvent } from '@newswindow/schemas';
import { encodeEvent, ensureTopics } from '@newswindow/ingest';
import { createEventStore, createPool, migrate } from '@newswindow/store';
import type { IdempotentEvent } from '@newswindow/store';
import { createTestDatabase, uniqueName, waitFor } from '@newswindow/testkit';
import type { StackConfig } from '@newswindow/testkit';
import { PANEL_BENCHMARK, panelBarEvents, panelMasterFile, synthesizeNews } from './panel-data';
import type { Panel } from './panel-data';
import type { CliProcess, WorkerProcess } from './worker-process';
import { startCliProcess, startWorkerProcess, terminateLeftovers } from './worker-process';

// One configuration of `npm run bench:scale` (./scale-bench.ts) and of the scale-out e2e test: a fresh database holds
// the real daily bars of the FNSPID panel; k `newswindow consume` processes (one consumer group) read a news topic with
// several partitions, k worker processes share the deployment's task queue and its trigger
// subscription; N news items (SYNTHESIZED dates, one story per ticker and session, so each is its own event and makes
// exactly one study) are produced to Kafka at once. Measured: news/s stored and studies/s end to end (first send → the
// N-th study in the store), peak RSS and CPU seconds per process. Checked: no news lost or stored twice, exactly one
// study per news item (N distinct study ids, N StudyComputed events, every news id in exactly one study), N workflows
// all completed, and the same study results (a digest without the clock field) in every configuration.

const procStat = (pid: number): { rssMb: number; cpuS: number } => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised command): user and system clock ticks.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { rssMb: rss === null ? 0 : Number(rss[1]) / 1024, cpuS: ticks / 100 };
  } catch {
    return { rssMb: 0, cpuS: 0 };
  }
};

/**
 * The panel tickers whose issuer has exactly one listing in the security master: a story filed under one of them is
 * studied on that listing only, so N stories make exactly N studies (an issuer listed twice, like Alibaba in New York
 * and Hong Kong, gets a second study that waits for bars the panel does not have).
 */
export function singleListingTickers(panel: Panel): string[] {
  const master = loadSecurityMaster();
  return [...panel.keys()].filter((t) => {
    if (t === PANEL_BENCHMARK) return false;
    const held = master.listingBySymbol(t, '2021-06-01');
    return held !== undefined && new Set(held.issuer.listings.map((l) => l.symbol)).size === 1;
  });
}

/** What one configuration measured and checked. */
export interface ScaleFigures {
  readonly processes: number;
  readonly news: number;
  readonly storedS: number;
  readonly studiedS: number;
  readonly workerRssPeakMb: number;
  readonly workerCpuS: readonly number[];
  readonly consumeCpuS: readonly number[];
  readonly check: ScaleCheck;
}

/** The no-duplicate / no-loss check of one run, counted in the store and in Temporal. */
export interface ScaleCheck {
  readonly newsStored: number;
  readonly newsDuplicated: number;
  readonly studyEvents: number;
  readonly studyIds: number;
  readonly newsInStudies: number;
  readonly newsInTwoStudies: number;
  readonly workflows: number;
  readonly workflowsCompleted: number;
  readonly digest: string;
}

/** The problems of a check against `n` news items (empty: none lost, none twice). */
export function scaleProblems(c: ScaleCheck, n: number): string[] {
  const out: string[] = [];
  if (c.newsStored !== n) out.push(`${n - c.newsStored} news lost`);
  if (c.newsDuplicated !== 0) out.push(`${c.newsDuplicated} news stored twice`);
  if (c.studyIds !== n) out.push(`${c.studyIds} distinct studies for ${n} news (expected one each)`);
  if (c.studyEvents !== c.studyIds) out.push(`${c.studyEvents - c.studyIds} studies written twice`);
  if (c.newsInStudies !== n) out.push(`${n - c.newsInStudies} news in no study`);
  if (c.newsInTwoStudies !== 0) out.push(`${c.newsInTwoStudies} news in more than one study`);
  if (c.workflows !== n) out.push(`${c.workflows} study workflows for ${n} news`);
  if (c.workflowsCompleted !== c.workflows) out.push(`${c.workflows - c.workflowsCompleted} workflows not completed`);
  return out;
}

async function checkRun(pool: Pool, client: Client, taskQueue: string): Promise<ScaleCheck> {
  const r = await pool.query<{
    news: string;
    news_ids: string;
    studies: string;
    study_ids: string;
    digest: string | null;
  }>(
    `SELECT count(*) FILTER (WHERE type = 'NewsPublished') AS news,
            count(DISTINCT data->>'id') FILTER (WHERE type = 'NewsPublished') AS news_ids,
            count(*) FILTER (WHERE type = 'StudyComputed') AS studies,
            count(DISTINCT data->>'studyId') FILTER (WHERE type = 'StudyComputed') AS study_ids,
            md5(string_agg((data::jsonb - 'computedAt')::text, E'\\n' ORDER BY data->>'studyId')
                FILTER (WHERE type = 'StudyComputed')) AS digest
       FROM events WHERE type IN ('NewsPublished', 'StudyComputed')`,
  );
  const per = await pool.query<{ ids: string; twice: string }>(
    `SELECT count(*) AS ids, count(*) FILTER (WHERE n > 1) AS twice
       FROM (SELECT nid, count(DISTINCT e.data->>'studyId') AS n
               FROM events e, json_array_elements_text(e.data->'newsIds') AS nid
              WHERE e.type = 'StudyComputed' GROUP BY nid) x`,
  );
  const row = r.rows[0]!;
  const count = async (status?: string): Promise<number> =>
    Number(
      (
        await client.workflow.count(
          `TaskQueue = '${taskQueue}' AND WorkflowType = 'studyNewsEvent'${status === undefined ? '' : ` AND ExecutionStatus = '${status}'`}`,
        )
      ).count,
    );
  return {
    newsStored: Number(row.news_ids),
    newsDuplicated: Number(row.news) - Number(row.news_ids),
    studyEvents: Number(row.studies),
    studyIds: Number(row.study_ids),
    newsInStudies: Number(per.rows[0]?.ids ?? 0),
    newsInTwoStudies: Number(per.rows[0]?.twice ?? 0),
    workflows: await count(),
    workflowsCompleted: await count('Completed'),
    digest: row.digest ?? '-',
  };
}

/**
 * One configuration: `processes` consume processes and as many workers over a topic of `partitions` partitions, `n`
 * news produced at once. Resolves with the figures once every study is in the store and the workflows are visible as
 * completed; throws when the run stalls (no new study for `stallMs`).
 */
export async function runScaleConfiguration(
  stack: StackConfig,
  client: Client,
  panel: Panel,
  opts: {
    processes: number;
    news: number;
    partitions: number;
    tickers?: readonly string[];
    stallMs?: number;
    keep?: boolean;
  },
): Promise<ScaleFigures> {
  const news = synthesizeNews(panel, opts.news, {
    idPrefix: 'scale',
    tickers: opts.tickers ?? singleListingTickers(panel),
  });
  const db = await createTestDatabase(stack, 'nw_scale');
  const pool = createPool({ ...db.connection, max: 2 });
  const prefix = uniqueName(`scale${opts.processes}`);
  const topic = `${prefix}.news`;
  const taskQueue = `${prefix}.studies`;
  const trigger = `${prefix}.workflow-triggers`;
  const kafka = new Kafka({ clientId: prefix, brokers: [...stack.kafkaBrokers], logLevel: logLevel.ERROR });
  const workers: WorkerProcess[] = [];
  const consumers: CliProcess[] = [];
  try {
    await migrate(pool);
    const store = createEventStore(pool);
    const bars = panelBarEvents(panel, news.tickers);
    for (let i = 0; i < bars.length; i += 10_000) await store.appendIdempotent(bars.slice(i, i + 10_000));
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic, dlqTopicFor(topic)], { partitions: opts.partitions });
    await admin.disconnect();
    // Everything a deployment owns derives from its name (task queue, workflow ids, trigger checkpoint, consume group);
    // the trigger starts at the log's beginning so no story stored before a worker is up is missed by this bench.
    const env: Record<string, string> = {
      PGDATABASE: db.name,
      NEWSWINDOW_DEPLOYMENT: prefix,
      NEWSWINDOW_TASK_QUEUE: taskQueue,
      NEWSWINDOW_TRIGGER_SUBSCRIPTION: trigger,
      NEWSWINDOW_TRIGGER_FROM_BEGINNING: '1',
      NEWSWINDOW_SECURITY_MASTER_FILE: panelMasterFile(news.tickers),
    };
    workers.push(...(await Promise.all(Array.from({ length: opts.processes }, () => startWorkerProcess(env)))));
    consumers.push(
      ...(await Promise.all(
        Array.from({ length: opts.processes }, () =>
          startCliProcess(['consume', '--topics', 'news', '--news-topic', topic], env, /consuming /),
        ),
      )),
    );
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let rssPeak = 0;
    const sampler = setInterval(() => {
      rssPeak = Math.max(
        rssPeak,
        workers.reduce((a, w) => a + procStat(w.pid).rssMb, 0),
      );
    }, 250);
    const t0 = Date.now();
    try {
      for (let i = 0; i < news.events.length; i += 500)
        await producer.send({
          topic,
          messages: news.events.slice(i, i + 500).map((e: IdempotentEvent) => ({
            key: e.streamId,
            value: encodeEvent({ type: e.type, data: e.data } as NewswindowEvent),
          })),
        });
      await producer.disconnect();
      const counts = async (): Promise<{ stored: number; studies: number }> => {
        const r = await pool.query<{ stored: string; studies: string }>(
          `SELECT count(*) FILTER (WHERE type = 'NewsPublished') AS stored,
                  count(*) FILTER (WHERE type = 'StudyComputed') AS studies
             FROM events WHERE type IN ('NewsPublished', 'StudyComputed')`,
        );
        return { stored: Number(r.rows[0]?.stored ?? 0), studies: Number(r.rows[0]?.studies ?? 0) };
      };
      let storedAt: number | undefined;
      let last = { studies: -1, at: Date.now() };
      const studiedAt = await waitFor(
        async () => {
          const c = await counts();
          const now = Date.now();
          if (storedAt === undefined && c.stored >= opts.news) storedAt = now;
          if (c.studies !== last.studies) last = { studies: c.studies, at: now };
          else if (now - last.at > (opts.stallMs ?? 180_000))
            throw new Error(
              `stalled: ${c.stored}/${opts.news} news stored, ${c.studies} studies, none new for ${(now - last.at) / 1000} s`,
            );
          return storedAt !== undefined && c.studies >= opts.news ? now : false;
        },
        { timeoutMs: 3_600_000, intervalMs: 100, description: `${opts.news} studies` },
      );
      // Workflows complete just after their study is written and visibility lags a little: wait for all of them.
      await waitFor(
        async () =>
          (await client.workflow.count(`TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'`)).count === 0,
        { timeoutMs: 120_000, intervalMs: 250, description: 'every study workflow closed' },
      );
      const check = await checkRun(pool, client, taskQueue);
      return {
        processes: opts.processes,
        news: opts.news,
        storedS: ((storedAt ?? studiedAt) - t0) / 1000,
        studiedS: (studiedAt - t0) / 1000,
        workerRssPeakMb: rssPeak,
        workerCpuS: workers.map((w) => procStat(w.pid).cpuS),
        consumeCpuS: consumers.map((c) => procStat(c.pid).cpuS),
        check,
      };
    } finally {
      clearInterval(sampler);
    }
  } finally {
    await Promise.all(consumers.map((c) => c.stop()));
    await Promise.all(workers.map((w) => w.stop()));
    terminateLeftovers(stack, taskQueue, 'bench:scale finished');
    await pool.end();
    if (opts.keep !== true) await db.drop();
  }
}
