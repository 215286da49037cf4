import type { AggregateDay, AggregateTest, AggregateWindow, TagAggregateComputedData } from '@newswindow/schemas';
import type { FactorDayValue, ListingCalendars } from '@newswindow/schemas';
import type { TradingCalendar } from './calendar';
import { crossSection, DAILY_TESTS } from './cross-section';
import type { WindowResult } from './cross-section';
import { fitEvents } from './event-fit';
import type { EventInput } from './event-fit';
import { studentTTwoSidedP } from './special/student-t';
import type { CloseLookup, StudySettings } from './study-compute';
import { designCode, factorsOnCalendar, parametersOf, returnsOnCalendar } from './study-compute';

/** A computed study that enters a tag's aggregate (as the `studies` table has it). */
export interface TagStudyRef {
  readonly studyId: string;
  /** `nw1:<issuerId>:<eventType>:<day>`: the issuer the study's event is about. */
  readonly eventKey: string;
  readonly listing: { readonly symbol: string; readonly exchange: string };
  readonly day0: string;
  /** The benchmark the study was measured against (a proxy's symbol when one was used); null for mean-adjusted. */
  readonly marketIndex: string | null;
}

/** Id of a tag's aggregate under one design: a newer aggregate with the same id replaces the older. */
export const tagAggregateIdOf = (tag: string, settings: StudySettings): string => `${tag}|${designCode(settings)}`;

const finite = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : x);

/** The issuer of a study's event key (`nw1:alibaba:earnings:2025-02-20` → `alibaba`); the key itself otherwise. */
export const issuerOfEventKey = (eventKey: string): string => /^nw\d+:([^:]+):/.exec(eventKey)?.[1] ?? eventKey;

/** A study measured against another benchmark than its listing's default (`backfill --benchmark`): `…|vs:QQQ|…`. */
const overridden = (studyId: string): boolean => studyId.includes('|vs:');

// Code-unit order, as Postgres' COLLATE "C" (the store's band query picks the same study of a group).
const byStudyId = (a: { readonly studyId: string }, b: { readonly studyId: string }): number =>
  a.studyId < b.studyId ? -1 : a.studyId > b.studyId ? 1 : 0;

/**
 * One study per (issuer, day 0): what a tag's aggregate counts. Several stories of one event on different days
 * (a Saturday and a Sunday story both anchor to Monday), an issuer's listings that share a day 0, and a backfill with
 * `--benchmark` beside the default studies would otherwise count one reaction several times. Of each group it keeps the
 * study against the listing's default benchmark when there is one, then the first by study id (deterministic).
 */
export function onePerIssuerDay<T extends Pick<TagStudyRef, 'studyId' | 'eventKey' | 'day0'>>(
  studies: readonly T[],
): T[] {
  const kept = new Map<string, T>();
  for (const s of [...studies].sort(byStudyId)) {
    const key = `${issuerOfEventKey(s.eventKey)}|${s.day0}`;
    const seen = kept.get(key);
    if (seen === undefined || (overridden(seen.studyId) && !overridden(s.studyId))) kept.set(key, s);
  }
  return [...kept.values()].sort(byStudyId);
}

/**
 * The aggregate over the studies of a tag, one per (issuer, day 0) ({@link onePerIssuerDay}), recomputed from prices
 * through the engine's batch path: each study is one event of one `fitEvents` batch (its own calendar and benchmark,
 * its stored day 0), then `crossSection` gives AAR, CAAR and the cross-sectional tests with p-values. The parameters
 * say which benchmarks it mixes and how many events each (`extra.marketIndices`, `extra.eventsPerBenchmark`), and how
 * many studies were duplicates of a counted (issuer, day 0) (`extra.duplicateStudies`). Recomputing (instead of reusing the stored per-day ARs) is what
 * the rank, sign, Patell and BMP tests need: they use the estimation-window ARs and statistics, which studies do not
 * store. A study whose day 0 or prices are no longer there is left out of the fit (it still counts in `studyIds`, the
 * set the aggregate was computed over; `nEvents` counts the fitted ones).
 */
export function computeTagAggregate(
  tag: string,
  studies: readonly TagStudyRef[],
  closesOf: CloseLookup,
  calendars: ListingCalendars,
  settings: StudySettings,
  computedAt: string,
  /** Factor days over {@link aggregateSpan} for a factor-model design (the studies are refitted on them). */
  factorDays?: readonly FactorDayValue[],
): TagAggregateComputedData {
  const design = settings.design;
  const returnsOf = returnsOnCalendar(closesOf, design.returnKind);
  const factorsOn = factorsOnCalendar(design, factorDays);

  const inputs: EventInput[] = [];
  const markets = new Set<string>();
  const calendarIds = new Set<string>();
  const perBenchmark = new Map<string, number>();
  const counted = onePerIssuerDay(studies);
  for (const s of counted) {
    const market = s.marketIndex;
    const marketCloses = market === null ? [] : closesOf(market);
    if (closesOf(s.listing.symbol).length === 0 || (market !== null && marketCloses.length === 0)) continue;
    let cal: TradingCalendar;
    try {
      cal = calendars.calendarFor(s.listing.symbol, s.listing.exchange);
    } catch {
      continue;
    }
    const day0 = cal.index.get(s.day0);
    if (day0 === undefined) continue;
    // A factor-model study whose factors are gone is left out of the fit like one whose prices are.
    const factors = factorsOn(cal);
    if (typeof factors === 'string') continue;
    const stock = returnsOf(cal, s.listing.symbol);
    inputs.push({
      eventId: s.studyId,
      stock,
      market: market === null ? new Float64Array(stock.values.length).fill(Number.NaN) : returnsOf(cal, market).values,
      day0,
      ...(factors === undefined ? {} : { factors }),
    });
    if (market !== null) markets.add(market);
    perBenchmark.set(market ?? 'none', (perBenchmark.get(market ?? 'none') ?? 0) + 1);
    calendarIds.add(cal.id);
  }

  const batch = fitEvents(inputs, design);
  const fitted: number[] = [];
  for (let i = 0; i < batch.count; i++) if (batch.ok[i] === 1) fitted.push(i);
  const results = fitted.length === 0 ? [] : crossSection(batch);
  const nw = design.windows.length;

  const windows: AggregateWindow[] = results.map((r, wi) => {
    const cars = fitted.map((i) => batch.car[i * nw + wi]!).filter((x) => Number.isFinite(x));
    const tests: AggregateTest[] = [crossSectionalT(cars)];
    for (const c of r.carTests)
      tests.push({ name: c.name, statistic: finite(c.result.statistic), pValue: finite(c.result.pValue) });
    // A one-day window is one day: its full battery of daily tests (Patell, BMP, sign, rank, Wilcoxon, KP…) applies.
    const only = r.window.start === r.window.end ? r.daily[0] : undefined;
    if (only !== undefined)
      for (const name of DAILY_TESTS)
        tests.push({ name, statistic: finite(only.tests[name].statistic), pValue: finite(only.tests[name].pValue) });
    return { start: r.window.start, end: r.window.end, caar: finite(r.caar), n: r.events, tests };
  });

  // Events of a tag span listings, benchmarks and calendars: the parameters name them all.
  const params = parametersOf(
    settings,
    markets.size === 1 ? ([...markets][0] ?? null) : null,
    calendarIds.size === 0 ? 'none' : [...calendarIds].sort().join('+'),
  );
  return {
    aggregateId: tagAggregateIdOf(tag, settings),
    tag,
    parameters: {
      ...params,
      extra: {
        ...params.extra,
        marketIndices: [...markets].sort().join(' '),
        eventsPerBenchmark: [...perBenchmark.entries()]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([m, n]) => `${m}:${n}`)
          .join(' '),
        duplicateStudies: studies.length - counted.length,
      },
    },
    engineVersion: settings.engineVersion,
    nEvents: fitted.length,
    // Every study of the tag (the set the aggregate is current for), duplicates included: staleness is judged on it.
    studyIds: [...studies].map((s) => s.studyId).sort(),
    days: aggregateDays(results),
    windows,
    computedAt,
  };
}

/**
 * The sessions the refit of a tag's studies reads (the earliest estimation start through the last event-window day of
 * the latest study), for loading factor days; null when no study has a calendar day 0.
 */
export function aggregateSpan(
  studies: readonly TagStudyRef[],
  calendars: ListingCalendars,
  settings: StudySettings,
): { from: string; to: string } | null {
  const d = settings.design;
  const before = Math.min(d.estimation.start, ...d.windows.map((w) => w.start));
  const after = Math.max(0, ...d.windows.map((w) => w.end));
  let from: string | undefined;
  let to: string | undefined;
  for (const s of studies) {
    let cal: TradingCalendar;
    try {
      cal = calendars.calendarFor(s.listing.symbol, s.listing.exchange);
    } catch {
      continue;
    }
    const i = cal.index.get(s.day0);
    if (i === undefined) continue;
    const first = cal.sessions[Math.max(0, i + before)]!;
    const last = cal.sessions[Math.min(cal.sessions.length - 1, i + after)]!;
    if (from === undefined || first < from) from = first;
    if (to === undefined || last > to) to = last;
  }
  return from === undefined || to === undefined ? null : { from, to };
}

/** The standard cross-sectional t of the event CARs (mean / (s.d. / √N), Student t with N − 1 df). */
function crossSectionalT(cars: readonly number[]): AggregateTest {
  const n = cars.length;
  if (n < 2) return { name: 'cross_sectional_t', statistic: null, pValue: null };
  const mean = cars.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(cars.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  if (!(sd > 0)) return { name: 'cross_sectional_t', statistic: null, pValue: null };
  const t = mean / (sd / Math.sqrt(n));
  return { name: 'cross_sectional_t', statistic: t, pValue: studentTTwoSidedP(t, n - 1) };
}

/**
 * AAR per relative day over the union of the event windows with the engine's cross-sectional t test (`t_test`) of that
 * day, and CAAR cumulated from the first day. A day in several windows takes the row of the widest one.
 */
function aggregateDays(results: readonly WindowResult[]): AggregateDay[] {
  const byDay = new Map<number, { span: number; row: WindowResult['daily'][number] }>();
  for (const r of results) {
    const span = r.window.end - r.window.start;
    for (const row of r.daily) {
      const seen = byDay.get(row.relDay);
      if (seen === undefined || seen.span < span) byDay.set(row.relDay, { span, row });
    }
  }
  let caar = 0;
  return [...byDay.entries()]
    .sort(([a], [b]) => a - b)
    .map(([relativeDay, { row }]) => {
      const aar = finite(row.mean);
      if (aar !== null) caar += aar;
      return {
        relativeDay,
        aar,
        caar: aar === null ? null : caar,
        n: row.n,
        t: finite(row.tests.t_test.statistic),
        p: finite(row.tests.t_test.pValue),
      };
    });
}
