import type { FactorBetaName } from '@newswindow/schemas';
import { FACTOR_BETA_NAMES } from '@newswindow/schemas';
import type { RecordedEvent } from '../event-store';
import { FACTOR_BETA_COLUMNS } from '../study-factor-betas';
import type { Projection } from './projection';
import { lastByKey, writeRows, type Row } from './sql-rows';

const FACTOR_MODELS: ReadonlySet<string> = new Set(['ff3', 'carhart', 'ff5']);

/**
 * The `beta_<factor>` cells of a study: the factor model's slopes, null for a factor the model lacks and for other
 * models. A factor study recorded before its event carried the slopes has its Mkt−RF slope in `beta` (as migration 025
 * fills it), so a rebuild gives the same rows.
 */
function factorBetaCells(model: string, fit: { beta: number | null; factorBetas?: FactorBetas } | undefined): Row {
  const isFactor = FACTOR_MODELS.has(model);
  const slopes: FactorBetas = !isFactor || fit === undefined ? {} : (fit.factorBetas ?? { mkt_rf: fit.beta });
  return Object.fromEntries(FACTOR_BETA_NAMES.map((f) => [`beta_${f}`, slopes[f] ?? null]));
}

type FactorBetas = Readonly<Partial<Record<FactorBetaName, number | null>>>;

const STUDY_COLUMNS = [
  'study_id',
  'event_key',
  'news_ids',
  'symbol',
  'exchange',
  'tags',
  'day0',
  'status',
  'skip_reason',
  'model',
  'estimation_start',
  'estimation_end',
  'event_windows',
  'return_type',
  'day0_rule',
  'missing_data_rule',
  'market_index',
  'calendar',
  'min_estimation_returns',
  'parameters',
  'engine_version',
  'alpha',
  'beta',
  'sigma',
  'estimation_length',
  'r2',
  'computed_at',
  'position',
  'final_windows',
  ...FACTOR_BETA_COLUMNS,
  'bars_from',
  'bars_to',
  'corrected_bars',
] as const;

const DAY_COLUMNS = [
  'study_id',
  'relative_day',
  'session_date',
  'return',
  'market_return',
  'expected_return',
  'abnormal_return',
  'ar_t',
  'ar_p',
] as const;

const WINDOW_COLUMNS = [
  'study_id',
  'window_start',
  'window_end',
  'car',
  'car_t',
  'car_p',
  'bhar',
  'bhar_t',
  'bhar_p',
  'n_days',
  'status',
  'skip_reason',
  'end_session',
  'closes_at',
] as const;

type StudyEvent = Extract<RecordedEvent, { type: 'StudyComputed' }>;
type WindowClosedEvent = Extract<RecordedEvent, { type: 'StudyWindowClosed' }>;
type AggregateEvent = Extract<RecordedEvent, { type: 'TagAggregateComputed' }>;
type StudyData = StudyEvent['data'];
type WindowState = WindowClosedEvent['data']['windows'][number];

/**
 * The rows of one study: from its final `StudyComputed` (every window final: computed, or none for a skipped study),
 * or from a `StudyWindowClosed` (the study `open` while a window is, the windows closed so far with their numbers and
 * the open ones without).
 */
function studyRows(
  s: StudyData,
  position: number,
  states: readonly WindowState[] | undefined,
): { study: Row; days: Row[]; windows: Row[] } {
  const p = s.parameters;
  const computed = s.status === 'computed' ? s : undefined;
  const anyOpen = states?.some((w) => w.status === 'open') ?? false;
  const finalWindows =
    states === undefined
      ? computed === undefined
        ? []
        : p.eventWindows
      : states.filter((w) => w.status !== 'open').map((w) => ({ start: w.start, end: w.end }));
  const study: Row = {
    study_id: s.studyId,
    event_key: s.eventKey,
    news_ids: s.newsIds,
    symbol: s.listing.symbol,
    exchange: s.listing.exchange,
    tags: s.tags,
    day0: s.day0,
    status: s.status === 'skipped' ? 'skipped' : anyOpen ? 'open' : 'computed',
    skip_reason: s.status === 'skipped' ? s.reason : null,
    model: p.model,
    estimation_start: p.estimationWindow.start,
    estimation_end: p.estimationWindow.end,
    event_windows: p.eventWindows,
    return_type: p.returnType,
    day0_rule: p.day0Rule,
    missing_data_rule: p.missingDataRule,
    market_index: p.marketIndex,
    calendar: p.calendar,
    min_estimation_returns: p.minEstimationReturns,
    parameters: p,
    engine_version: s.engineVersion,
    alpha: computed?.fit.alpha ?? null,
    beta: computed?.fit.beta ?? null,
    sigma: computed?.fit.sigma ?? null,
    estimation_length: computed?.fit.estimationLength ?? null,
    r2: computed?.fit.r2 ?? null,
    computed_at: s.computedAt,
    position,
    final_windows: finalWindows,
    ...factorBetaCells(p.model, computed?.fit),
    bars_from: computed?.bars?.from ?? null,
    bars_to: computed?.bars?.to ?? null,
    corrected_bars: computed?.bars?.corrected ?? null,
  };
  if (computed === undefined) return { study, days: [], windows: [] };
  const days: Row[] = lastByKey(computed.days, (d) => String(d.relativeDay)).map((d) => ({
    study_id: s.studyId,
    relative_day: d.relativeDay,
    session_date: d.date,
    return: d.return,
    market_return: d.marketReturn,
    expected_return: d.expectedReturn,
    abnormal_return: d.abnormalReturn,
    ar_t: d.t ?? null,
    ar_p: d.p ?? null,
  }));
  const stateOf = new Map((states ?? []).map((w) => [`${w.start}:${w.end}`, w]));
  const numbers = new Map(
    lastByKey(computed.windows, (w) => `${w.start}:${w.end}`).map((w) => [`${w.start}:${w.end}`, w]),
  );
  const keys = states === undefined ? [...numbers.keys()] : [...stateOf.keys()];
  const windows: Row[] = keys.map((k) => {
    const w = numbers.get(k);
    const state = stateOf.get(k);
    const [start, end] = k.split(':').map(Number);
    const status = state?.status ?? 'computed';
    const final = status !== 'open';
    return {
      study_id: s.studyId,
      window_start: start,
      window_end: end,
      car: final ? (w?.car ?? null) : null,
      car_t: final ? (w?.carT ?? null) : null,
      car_p: final ? (w?.carP ?? null) : null,
      bhar: final ? (w?.bhar ?? null) : null,
      bhar_t: final ? (w?.bharT ?? null) : null,
      bhar_p: final ? (w?.bharP ?? null) : null,
      n_days: final ? (w?.nDays ?? 0) : 0,
      status,
      skip_reason: state?.reason ?? null,
      end_session: state?.endSession ?? null,
      closes_at: state?.closesAt ?? null,
    };
  });
  return { study, days, windows };
}

async function applyStudies(
  client: Parameters<Projection['apply']>[0],
  events: readonly (StudyEvent | WindowClosedEvent)[],
): Promise<void> {
  // The last event of each study wins, whichever its type: a window closing after the final StudyComputed cannot
  // happen (the workflow writes that last), and a recompute's StudyComputed replaces the window snapshots.
  const latest = lastByKey(events, (e) => e.data.studyId);
  if (latest.length === 0) return;
  const studies: Row[] = [];
  const days: Row[] = [];
  const windows: Row[] = [];
  for (const e of latest) {
    const rows =
      e.type === 'StudyComputed'
        ? studyRows(e.data, e.position, undefined)
        : studyRows(e.data.study, e.position, e.data.windows);
    studies.push(rows.study);
    days.push(...rows.days);
    windows.push(...rows.windows);
  }
  const ids = latest.map((e) => e.data.studyId);
  await client.query('DELETE FROM study_days WHERE study_id = ANY($1::text[])', [ids]);
  await client.query('DELETE FROM study_windows WHERE study_id = ANY($1::text[])', [ids]);
  await writeRows(client, 'studies', STUDY_COLUMNS, studies, ['study_id']);
  await writeRows(client, 'study_days', DAY_COLUMNS, days);
  await writeRows(client, 'study_windows', WINDOW_COLUMNS, windows);
}

async function applyAggregates(
  client: Parameters<Projection['apply']>[0],
  events: readonly AggregateEvent[],
): Promise<void> {
  const latest = lastByKey(events, (e) => e.data.aggregateId);
  if (latest.length === 0) return;
  const aggregates: Row[] = [];
  const days: Row[] = [];
  const windows: Row[] = [];
  const tests: Row[] = [];
  for (const e of latest) {
    const a = e.data;
    aggregates.push({
      aggregate_id: a.aggregateId,
      tag: a.tag,
      model: a.parameters.model,
      parameters: a.parameters,
      engine_version: a.engineVersion,
      n_events: a.nEvents,
      study_ids: a.studyIds,
      computed_at: a.computedAt,
      position: e.position,
    });
    for (const d of lastByKey(a.days, (d) => String(d.relativeDay)))
      days.push({
        aggregate_id: a.aggregateId,
        relative_day: d.relativeDay,
        aar: d.aar,
        caar: d.caar,
        n: d.n,
        t: d.t ?? null,
        p: d.p ?? null,
      });
    for (const w of lastByKey(a.windows, (w) => `${w.start}:${w.end}`)) {
      windows.push({ aggregate_id: a.aggregateId, window_start: w.start, window_end: w.end, caar: w.caar, n: w.n });
      for (const t of lastByKey(w.tests, (t) => t.name))
        tests.push({
          aggregate_id: a.aggregateId,
          window_start: w.start,
          window_end: w.end,
          test_name: t.name,
          statistic: t.statistic,
          p_value: t.pValue,
        });
    }
  }
  const ids = latest.map((e) => e.data.aggregateId);
  await client.query('DELETE FROM tag_aggregate_days WHERE aggregate_id = ANY($1::text[])', [ids]);
  await client.query('DELETE FROM tag_aggregate_windows WHERE aggregate_id = ANY($1::text[])', [ids]);
  await writeRows(
    client,
    'tag_aggregates',
    [
      'aggregate_id',
      'tag',
      'model',
      'parameters',
      'engine_version',
      'n_events',
      'study_ids',
      'computed_at',
      'position',
    ],
    aggregates,
    ['aggregate_id'],
  );
  await writeRows(client, 'tag_aggregate_days', ['aggregate_id', 'relative_day', 'aar', 'caar', 'n', 't', 'p'], days);
  await writeRows(
    client,
    'tag_aggregate_windows',
    ['aggregate_id', 'window_start', 'window_end', 'caar', 'n'],
    windows,
  );
  await writeRows(
    client,
    'tag_aggregate_tests',
    ['aggregate_id', 'window_start', 'window_end', 'test_name', 'statistic', 'p_value'],
    tests,
  );
}

/** Study tables: `studies`, `study_days`, `study_windows` and the tag aggregates (`tag_aggregates`, `…_days`, `…_windows`, `…_tests`). */
export const studiesProjection: Projection = {
  name: 'studies',
  eventTypes: ['StudyComputed', 'StudyWindowClosed', 'TagAggregateComputed'],
  tables: [
    'studies',
    'study_days',
    'study_windows',
    'tag_aggregates',
    'tag_aggregate_days',
    'tag_aggregate_windows',
    'tag_aggregate_tests',
  ],
  async apply(client, events) {
    await applyStudies(
      client,
      events.filter(
        (e): e is StudyEvent | WindowClosedEvent => e.type === 'StudyComputed' || e.type === 'StudyWindowClosed',
      ),
    );
    await applyAggregates(
      client,
      events.filter((e): e is AggregateEvent => e.type === 'TagAggregateComputed'),
    );
  },
};
