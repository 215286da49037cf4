import type { Client } from '@temporalio/client';
import { Kafka, logLevel } from 'kafkajs';
import { barKind, encodeEvent, ensureTopics, listingForSymbol, newsKind } from '@newswindow/ingest';
import type { NewsItem, PriceBar } from '@newswindow/ingest';
import { loadCalendars, loadSecurityMaster } from '@newswindow/reference';
import { createEventStore, createPool, migrate } from '@newswindow/store';
import type { IdempotentEvent } from '@newswindow/store';
import { defaultReferenceData } from '@newswindow/tagger';
import { createTestDatabase, uniqueName, waitFor } from '@newswindow/testkit';
import type { StackConfig } from '@newswindow/testkit';
import { eventStatusQuery, studyWorkflowId } from '@newswindow/workflows';
import { linkStory } from '@newswindow/tagger';
import { listingDirectory } from '../src/master-listings';
import type { AlertReceipt } from './alert-receiver';
import type { AlertPath } from './alert-stages';
import { fetchTemporalPath, stageFigures } from './alert-stages';
import { startAlertReceiver } from './alert-receiver';
import { barsOf, closedSessions, marketReturns, stockReturns } from './synthetic-market';
import type { CliProcess, WorkerProcess } from './worker-process';
import { startCliProcess, startWorkerProcess } from './worker-process';

// Part (c) of `npm run bench:pipeline`: live alert latency, from producing a session's closing bars to Kafka to the
// webhook receiving each story's day-0 alert, through whole processes as a desk runs them (`newswindow consume`, the
// worker with its trigger subscription, Temporal, Postgres, Kafka, the signed webhook POST). Prices are SYNTHESIZED on
// the real XNAS sessions that closed before now, with an abnormal jump planted on each story's day 0, so every story
// alerts under the desk default rule and is live for the age limit.

/** What part (c) measured. */
export interface AlertLatencyFigures {
  readonly stories: number;
  readonly rounds: number;
  /** Day-0 alerts received, and their latencies in ms, ascending. */
  readonly day0: readonly number[];
  /** Every alert received during the rounds (day 0 and the [-1,+1] windows closing with the same bars). */
  readonly all: readonly number[];
  readonly badSignatures: number;
  readonly duplicates: number;
  /** Medians over the day-0 alerts, ms: produced → bar in the store, → alert in the outbox, → webhook received. */
  readonly stages: { readonly ingest: number; readonly study: number; readonly delivery: number };
  /** Every stage of the path (`alert-stages.ts`), over the day-0 alerts. */
  readonly detail: ReturnType<typeof stageFigures>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

const JUMP = 0.08;
const HISTORY = 300;

/** Up to `n` tickers whose stories the live path studies on one US listing against ^GSPC (tagger and master agree). */
function usTickers(candidates: readonly string[], n: number, day: string): string[] {
  const master = loadSecurityMaster();
  const out: string[] = [];
  for (const t of candidates) {
    const news = { id: 'probe', source: 'bench', publishedAt: `${day}T15:00:00Z`, headline: 'x', tickers: [t] };
    const live = linkStory(news, defaultReferenceData);
    const studied = linkStory(news, defaultReferenceData, listingDirectory(master));
    const listing = studied.events[0]?.listings[0];
    if (
      live.events.length === 1 &&
      studied.events.length === 1 &&
      studied.events[0]?.listings.length === 1 &&
      listing?.symbol === t &&
      listing.benchmark === '^GSPC' &&
      live.events[0]?.eventKey === studied.events[0].eventKey
    )
      out.push(t);
    if (out.length === n) break;
  }
  return out;
}

const barEvent = (b: PriceBar): IdempotentEvent => ({
  type: 'PriceBarClosed',
  streamId: `bars-${b.exchange}:${b.symbol}`,
  idempotencyKey: `PriceBarClosed:${b.exchange}:${b.symbol}:${b.sessionDate}:synthetic`,
  data: b,
});

/** Runs part (c) on a database, topics, task queue and deployment of its own; `say` prints progress. */
export async function benchAlertLatency(
  stack: StackConfig,
  client: Client,
  candidates: readonly string[],
  opts: { stories: number; perRound: number; keep: boolean; say: (line: string) => void },
): Promise<AlertLatencyFigures> {
  const { say } = opts;
  const calendar = loadCalendars().get('XNAS');
  if (calendar === undefined) throw new Error('no XNAS calendar');
  const tickers = usTickers(candidates, opts.perRound, calendar.localDateOf(Date.now()));
  const rounds = Math.ceil(opts.stories / tickers.length);
  const sessions = closedSessions(calendar, Date.now(), HISTORY + rounds);
  const dates = sessions.map((s) => s.date);
  const day0Index = (r: number): number => HISTORY + r;
  const market = marketReturns(dates, 11);
  const series = new Map<string, PriceBar[]>([
    ['^GSPC', barsOf({ symbol: '^GSPC', ...listingForSymbol('^GSPC') }, dates, market, 5_000)],
  ]);
  tickers.forEach((t, i) => {
    const jumps = Object.fromEntries(Array.from({ length: rounds }, (_, r) => [dates[day0Index(r)] ?? '', JUMP]));
    const returns = stockReturns(market, { alpha: 0.0001, beta: 1.1, sigma: 0.006, jumps, seed: 100 + i });
    series.set(t, barsOf({ symbol: t, ...listingForSymbol(t) }, dates, returns));
  });

  const db = await createTestDatabase(stack, 'nw_bench_alerts');
  const pool = createPool({ ...db.connection, max: 4 });
  const run = uniqueName('benchalerts');
  const taskQueue = `${run}-studies`;
  const topics = { news: `${run}.news`, bars: `${run}.bars` };
  const kafka = new Kafka({ clientId: run, brokers: [...stack.kafkaBrokers], logLevel: logLevel.ERROR });
  const producer = kafka.producer();
  const receiver = await startAlertReceiver(`secret-${run}`);
  let consume: CliProcess | undefined;
  let worker: WorkerProcess | undefined;
  try {
    await migrate(pool);
    // The sessions before the first day 0 are history: appended to the store directly, before the worker starts.
    const history = [...series.values()].flatMap((bars) => bars.slice(0, HISTORY).map(barEvent));
    const store = createEventStore(pool);
    for (let i = 0; i < history.length; i += 10_000) await store.appendIdempotent(history.slice(i, i + 10_000));
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topics.news, topics.bars]).finally(() => admin.disconnect());
    await producer.connect();
    consume = await startCliProcess(
      ['consume', '--topics', 'news,bars', '--news-topic', topics.news, '--bars-topic', topics.bars, '--group', run],
      { PGDATABASE: db.name },
      'consuming',
    );
    worker = await startWorkerProcess({
      PGDATABASE: db.name,
      NEWSWINDOW_DEPLOYMENT: run,
      NEWSWINDOW_TASK_QUEUE: taskQueue,
      NEWSWINDOW_TRIGGER_SUBSCRIPTION: `${run}-trigger`,
      NEWSWINDOW_WORKFLOW_ID_PREFIX: `${run}:`,
      ALERT_WEBHOOK_URL: receiver.url,
      ALERT_WEBHOOK_SECRET: `secret-${run}`,
      // Day 0 of the first round is `rounds` sessions back: the age limit (3 by default) is raised to cover them.
      NEWSWINDOW_ALERT_MAX_AGE_SESSIONS: String(rounds + 1),
    });
    say(
      `(c) ${tickers.length} tickers × ${rounds} rounds; history of ${HISTORY} sessions (${history.length} bars) stored; worker pid ${worker.pid}`,
    );

    const stories = Array.from({ length: rounds }, (_, r) =>
      tickers.slice(0, Math.min(tickers.length, opts.stories - r * tickers.length)).map((t): NewsItem => {
        const s = sessions[day0Index(r)];
        if (s === undefined) throw new Error(`no session for round ${r}`);
        return {
          id: `${run}-${r}-${t}`,
          source: 'bench',
          // An event tag: the worker's default policy starts studies only for tagged stories (an untagged one waits forever here).
          headline: 'Quarterly earnings beat estimates as revenue rises',
          body: 'The company reported quarterly results above analyst estimates. Synthesized benchmark story.',
          publishedAt: new Date(s.openMs + 3_600_000).toISOString(),
          language: 'en',
          tickers: [t],
        };
      }),
    );
    const workflowId = (n: NewsItem): string =>
      `${run}:${studyWorkflowId(linkStory({ ...n, tickers: n.tickers ?? [] }, defaultReferenceData).events[0]?.eventKey ?? '')}`;
    const all = stories.flat();
    await producer.send({
      topic: topics.news,
      messages: all.map((n) => ({ key: newsKind.key(n), value: encodeEvent(newsKind.toEvent(n)) })),
    });
    say(`(c) published ${all.length} stories; waiting for their studies to wait for their day-0 bars`);
    const waitingFor = async (news: readonly NewsItem[], session: number): Promise<void> => {
      await waitFor(
        async () => {
          for (const n of news) {
            const s = await client.workflow
              .getHandle(workflowId(n))
              .query(eventStatusQuery)
              .catch(() => undefined);
            if (!(s?.waitingFor.includes(`${n.tickers?.[0] ?? ''}@${dates[session]}`) ?? false)) return false;
          }
          return true;
        },
        { timeoutMs: 600_000, intervalMs: 250, description: `the studies waiting for ${dates[session]}` },
      );
    };

    const day0: number[] = [];
    const sentAtBySession = new Map<string, number>();
    const latencies: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const session = day0Index(r);
      const round = stories[r] ?? [];
      const previous = stories[r - 1] ?? [];
      await waitingFor([...round, ...previous], session);
      const before = receiver.receipts.length;
      const bars = [...series.values()].flatMap((s) => (s[session] === undefined ? [] : [s[session]]));
      const sentAt = Date.now();
      sentAtBySession.set(dates[session] ?? '', sentAt);
      await producer.send({
        topic: topics.bars,
        acks: -1,
        messages: bars.map((b) => ({ key: barKind.key(b), value: encodeEvent(barKind.toEvent(b)) })),
      });
      // The day-0 alerts of this round and the [-1,+1] alerts of the previous round close with these bars.
      const expected = round.length + previous.length;
      const received = (): AlertReceipt[] => receiver.receipts.slice(before);
      await waitFor(() => received().length >= expected, {
        timeoutMs: 300_000,
        intervalMs: 20,
        description: `${expected} alerts closing on ${dates[session]}`,
      }).catch((err: unknown) => {
        say(`received ${received().length} of ${expected}\n${worker?.output().slice(-3_000) ?? ''}`);
        throw err;
      });
      for (const a of received()) {
        const ms = a.receivedAtMs - sentAt;
        latencies.push(ms);
        if (a.document.data.window.start === 0 && a.document.data.window.end === 0) day0.push(ms);
      }
      say(
        `(c) round ${r + 1}/${rounds}, closing bars of ${dates[session]}: ${received().length} alerts, last after ${Math.max(...received().map((a) => a.receivedAtMs - sentAt))} ms`,
      );
    }
    const ids = receiver.receipts.map((a) => a.alertId);
    // Where the time goes, per day-0 alert: the bars' commit in the store, the study workflow's history, the alert's
    // row in the outbox, the receiver's clock.
    const { rows } = await pool.query<{
      alert_id: string;
      day0: string;
      event_key: string;
      symbol: string;
      benchmark: string | null;
      bar_ms: string;
      outbox_ms: string;
    }>(
      `SELECT o.alert_id, o.document->>'day0' AS day0, o.document->>'eventKey' AS event_key,
              o.document->'listing'->>'symbol' AS symbol, o.document->>'benchmark' AS benchmark,
              (extract(epoch FROM max(e.recorded_at)) * 1000)::bigint AS bar_ms,
              (extract(epoch FROM o.created_at) * 1000)::bigint AS outbox_ms
         FROM alert_outbox o
         JOIN events e ON e.type = 'PriceBarClosed'
                      AND e.data->>'symbol' IN (o.document->'listing'->>'symbol', o.document->>'benchmark')
                      AND e.data->>'sessionDate' = o.document->>'day0'
        WHERE o.document->'window'->>'start' = '0' AND o.document->'window'->>'end' = '0'
        GROUP BY o.alert_id, o.document, o.created_at`,
    );
    const receivedAt = new Map(receiver.receipts.map((a) => [a.alertId, a.receivedAtMs]));
    const paths: AlertPath[] = [];
    for (const x of rows) {
      const symbols = [x.symbol, ...(x.benchmark === null ? [] : [x.benchmark])];
      const temporal = await fetchTemporalPath(client, `${run}:${studyWorkflowId(x.event_key)}`, symbols, x.day0);
      paths.push({
        produced: sentAtBySession.get(x.day0) ?? Number.NaN,
        barStored: Number(x.bar_ms),
        ...temporal,
        inOutbox: Number(x.outbox_ms),
        received: receivedAt.get(x.alert_id) ?? Number.NaN,
      });
    }
    // An outlier (a retried activity: its first attempt was lost or timed out) is named with its history's failure.
    for (const [i, p] of paths.entries())
      if ((p.attempts?.close ?? 1) > 1 || (p.attempts?.alert ?? 1) > 1)
        say(
          `(c) retried day-0 alert ${rows[i]?.alert_id ?? '?'}: ${p.received - p.produced} ms, attempts close ${p.attempts?.close ?? '?'} ` +
            `alert ${p.attempts?.alert ?? '?'}${p.attempts?.lastFailure === undefined ? '' : `, last failure: ${p.attempts.lastFailure}`}; ` +
            JSON.stringify(
              Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'number' ? v - p.produced : v])),
            ),
        );
    const stages = {
      ingest: median(paths.map((x) => x.barStored - x.produced)),
      study: median(paths.map((x) => x.inOutbox - x.barStored)),
      delivery: median(paths.map((x) => x.received - x.inOutbox)),
    };
    return {
      stories: all.length,
      rounds,
      day0: day0.sort((a, b) => a - b),
      all: latencies.sort((a, b) => a - b),
      badSignatures: receiver.receipts.filter((a) => !a.signatureValid).length,
      duplicates: ids.length - new Set(ids).size,
      stages,
      detail: stageFigures(paths),
    };
  } finally {
    for await (const w of client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'` }))
      await client.workflow
        .getHandle(w.workflowId)
        .terminate('bench finished')
        .catch(() => undefined);
    await worker?.stop();
    await consume?.stop();
    await producer.disconnect().catch(() => undefined);
    await receiver.close();
    await pool.end();
    if (opts.keep) say(`kept database ${db.name}`);
    else await db.drop();
  }
}
