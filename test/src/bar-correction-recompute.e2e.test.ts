import { resolve } from 'node:path';
import type { Producer } from 'kafkajs';
import { computeStudies } from '@newswindow/engine';
import type { NewsItem, PriceBar } from '@newswindow/ingest';
import { barKind, encodeEvent, loadBarFile, loadNewsFile, newsKind } from '@newswindow/ingest';
import type { DailyClose, StudyComputedData } from '@newswindow/schemas';
import { queryStudies } from '@newswindow/store';
import type { ActivityDeps } from '@newswindow/worker';
import { linkStory, listingDirectory } from '@newswindow/worker';
import { correctionRecomputeWorkflowId, studyWorkflowId } from '@newswindow/workflows';
import type { CorrectionRecompute, recomputeCorrectedStudies, studyNewsEvent } from '@newswindow/workflows';
import { readFixtureRows, uniqueName, waitFor } from '@newswindow/testkit';
import type { E2eStack, WorkerForTest } from '@newswindow/worker/e2e';
import type { NewsPipeline } from './start-news-pipeline';
import { startLiveSuite } from './start-live-suite';
import type { LiveSuite } from './start-live-suite';

// Issue 14: a bar correction inside a live study's window makes the study stale; the correction itself (through the
// trigger subscription that starts studies) recomputes it. Real Kafka, Postgres, Redis, Temporal: a live study of
// Alibaba's Qwen3-Max story, then 9988.HK's day-0 close re-sent with other values and a reason; the study row must
// change to the numbers of the corrected series (computed here by the engine, and day 0's log return by hand) and
// name the correction's revision in its provenance; BABA's study (which never read that bar) is not written again.
const realData = resolve(__dirname, '../../../shared/data/real');
const storyId = 'alibaba-events-2025/A04';
const eventKey = 'nw1:alibaba:ai_model_launch:2025-09-05';
const CORRECTED = { symbol: '9988.HK', sessionDate: '2025-09-08' };
const REASON = 'exchange restated the closing auction';

const close = (a: number | null | undefined, b: number): boolean =>
  typeof a === 'number' && Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b));

describe('a bar correction recomputes the live studies that read it (Kafka, Postgres, Temporal, Redis)', () => {
  const run = uniqueName('e2e_corr');
  const workflowIdPrefix = `${run}:`;
  let suite: LiveSuite;
  let stack: E2eStack;
  let producer: Producer;
  let temporal: WorkerForTest;
  let pipeline: NewsPipeline;
  let deps: ActivityDeps;
  let topics: LiveSuite['topics'];

  const studyEvents = async (symbol: string): Promise<StudyComputedData[]> =>
    (
      await stack.pool.query<{ data: StudyComputedData }>(
        `SELECT data FROM events WHERE type = 'StudyComputed' AND data->>'eventKey' = $1
           AND data->'listing'->>'symbol' = $2 ORDER BY position`,
        [eventKey, symbol],
      )
    ).rows.map((r) => r.data);

  beforeAll(async () => {
    suite = await startLiveSuite({ run, databasePrefix: 'nw_e2e_bar_correction', groupPrefix: 'e2e_corr' });
    ({ stack, producer, temporal, pipeline, deps, topics } = suite);
  }, 180_000);

  afterAll(async () => {
    await suite?.stop();
  }, 60_000);

  it('recomputes the study on the corrected close and records the revision it used', async () => {
    const bars = await readFixtureRows<PriceBar>(loadBarFile(resolve(realData, 'prices_alibaba_benchmarks_daily.csv')));
    await producer.send({
      topic: topics.bars,
      acks: -1,
      messages: bars.map((b) => ({ key: barKind.key(b), value: encodeEvent(barKind.toEvent(b)) })),
    });
    const storedBars = async (type: string): Promise<number> =>
      Number(
        (await stack.pool.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE type = $1`, [type])).rows[0]?.n,
      );
    await waitFor(async () => (await storedBars('PriceBarClosed')) === bars.length, {
      timeoutMs: 120_000,
      intervalMs: 250,
      description: `${bars.length} bars stored`,
    });

    // The live study: the story through Kafka, the trigger's signal-with-start, the workflow to its last window.
    const news = await readFixtureRows<NewsItem>(loadNewsFile(resolve(realData, 'alibaba_events_2025.csv')));
    const story = news.find((n) => n.id === storyId);
    if (story === undefined) throw new Error(`${storyId} not in the fixture`);
    await producer.send({
      topic: topics.news,
      acks: -1,
      messages: [{ key: newsKind.key(story), value: encodeEvent(newsKind.toEvent(story)) }],
    });
    const studyWf = `${workflowIdPrefix}${studyWorkflowId(eventKey)}`;
    await waitFor(() => pipeline.startedWorkflowIds().includes(studyWf), {
      timeoutMs: 60_000,
      description: `workflow ${studyWf}`,
    });
    const live = await temporal.client.workflow.getHandle<typeof studyNewsEvent>(studyWf).result();
    expect(live.studies.map((s) => `${s.listing.symbol}:${s.status}`).sort()).toEqual([
      '9988.HK:computed',
      'BABA:computed',
    ]);
    const [before] = await studyEvents(CORRECTED.symbol);
    if (before?.status !== 'computed') throw new Error('no computed 9988.HK study');
    expect(before.bars?.corrected).toEqual([]);

    // The correction: 9988.HK's day-0 bar again, another close inside the day's range, with a reason.
    const o = bars.find((b) => b.symbol === CORRECTED.symbol && b.sessionDate === CORRECTED.sessionDate);
    if (o === undefined) throw new Error('no day-0 bar in the fixture');
    const newClose = Math.round(((o.low + o.high) / 2) * 1e4) / 1e4;
    expect(newClose).not.toBe(o.close);
    const correction = { ...barKind.toEvent({ ...o, close: newClose }), metadata: { correctionReason: REASON } };
    await producer.send({
      topic: topics.bars,
      acks: -1,
      messages: [{ key: barKind.key(o), value: encodeEvent(correction) }],
    });

    // The trigger starts the correction's recompute; it writes the study again.
    const recomputeWf = `${workflowIdPrefix}${correctionRecomputeWorkflowId({ ...CORRECTED, revision: 2 })}`;
    await waitFor(() => pipeline.startedWorkflowIds().includes(recomputeWf), {
      timeoutMs: 60_000,
      description: `workflow ${recomputeWf}`,
    });
    const recompute: CorrectionRecompute = await temporal.client.workflow
      .getHandle<typeof recomputeCorrectedStudies>(recomputeWf)
      .result();
    expect(recompute).toEqual({ recomputed: [before.studyId], left: [] });

    // Expected: the engine on the corrected series (the fixture's closes, day 0 replaced), for the story's job.
    const linked = linkStory(story, deps.reference, listingDirectory(deps.master), deps.studyPolicy);
    const listing = linked.events.flatMap((e) => e.listings).find((l) => l.symbol === CORRECTED.symbol);
    if (listing === undefined) throw new Error('9988.HK not linked');
    const series = (symbol: string): DailyClose[] =>
      bars
        .filter((b) => b.symbol === symbol)
        .sort((a, b) => (a.sessionDate < b.sessionDate ? -1 : 1))
        .map((b) =>
          b.symbol === CORRECTED.symbol && b.sessionDate === CORRECTED.sessionDate
            ? { sessionDate: b.sessionDate, close: newClose, revision: 2 }
            : { sessionDate: b.sessionDate, close: b.close },
        );
    const [expected] = computeStudies(
      [{ eventKey, newsIds: [storyId], tags: linked.tags, listing, publishedAt: story.publishedAt }],
      series,
      deps.calendars,
      deps.settings,
      new Date().toISOString(),
    );
    if (expected?.status !== 'computed') throw new Error('the expected study was not computed');
    expect(expected.studyId).toBe(before.studyId);

    const [row] = await queryStudies(stack.pool, { studyId: before.studyId });
    if (row === undefined) throw new Error('no study row');
    expect(row.bars?.corrected).toEqual([{ ...CORRECTED, revision: 2 }]);
    expect(row.staleBars).toEqual([]);
    expect(close(row.beta, expected.fit.beta ?? Number.NaN)).toBe(true);
    const day0 = (s: {
      days: readonly { relativeDay: number; return: number | null; abnormalReturn: number | null }[];
    }) => s.days.find((d) => d.relativeDay === 0);
    expect(close(day0(row)?.abnormalReturn, day0(expected)!.abnormalReturn!)).toBe(true);
    // By hand: day 0's log return is ln(corrected close / previous close), and differs from the one first stored.
    const prev = series(CORRECTED.symbol)
      .filter((c) => c.sessionDate < CORRECTED.sessionDate)
      .at(-1)!.close;
    expect(close(day0(row)?.return, Math.log(newClose / prev))).toBe(true);
    expect(close(day0(before)?.return, Math.log(newClose / prev))).toBe(false);
    for (const w of expected.windows) {
      const mine = row.windows.find((x) => x.start === w.start && x.end === w.end);
      expect({ window: [w.start, w.end], same: w.car !== null && close(mine?.car, w.car) }).toEqual({
        window: [w.start, w.end],
        same: true,
      });
    }
    // Written twice (the live study, the recompute); BABA never read the corrected bar: once.
    expect(await studyEvents(CORRECTED.symbol)).toHaveLength(2);
    expect(await studyEvents('BABA')).toHaveLength(1);
    expect(await storedBars('PriceBarCorrected')).toBe(1);
  }, 600_000);
});
