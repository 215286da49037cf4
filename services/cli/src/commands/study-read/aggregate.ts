import type { TagAggregateRecord } from '@newswindow/store';
import type { DataRow, TextRow } from './format';
import { columnsOf, num, pct, pv, STARS_LEGEND, stars, textTable, val, windowLabel } from './format';

/**
 * The tests an aggregate may carry (the engine's and estudy2's names), in the order the table prints them: the
 * cross-sectional t of the CARs, the CAR tests, then (one-day windows) the daily tests, parametric first.
 */
export const TEST_DESCRIPTIONS: readonly (readonly [name: string, description: string])[] = [
  ['cross_sectional_t', 'cross-sectional t of the CARs'],
  ['car_brown_warner_1985', 'Brown–Warner 1985, CAR'],
  ['car_lamb', 'Lamb 1995, CAR'],
  ['car_rank_test', 'rank test, CAR'],
  ['t_test', 'cross-sectional t of the ARs'],
  ['bw_1980', 'Brown–Warner 1980'],
  ['bw_1985', 'Brown–Warner 1985'],
  ['pt', 'Patell 1976'],
  ['pt_kp', 'Patell, Kolari–Pynnönen adj.'],
  ['bh', 'Boehmer–Musumeci–Poulsen'],
  ['bh_kp', 'BMP, Kolari–Pynnönen adj.'],
  ['lmb', 'Lamb 1995'],
  ['sign', 'sign test'],
  ['gsign', 'generalized sign (Cowan)'],
  ['csign', 'Corrado–Zivney sign'],
  ['rank', 'Corrado rank'],
  ['mrank', 'modified rank (Campbell–Wasley)'],
  ['wlcx', 'Wilcoxon signed rank'],
];
const ORDER = new Map(TEST_DESCRIPTIONS.map(([name], i) => [name, i]));
const DESCRIPTION = new Map(TEST_DESCRIPTIONS);

type Tests = TagAggregateRecord['windows'][number]['tests'];
const orderTests = (tests: Tests): Tests =>
  [...tests].sort(
    (a, b) => (ORDER.get(a.name) ?? Infinity) - (ORDER.get(b.name) ?? Infinity) || a.name.localeCompare(b.name),
  );

/** Columns of `study aggregate --format csv|json`: one row per aggregate × window × test. */
export const AGGREGATE_TEST_COLUMNS = [
  'tag',
  'model',
  'window',
  'events',
  'caar',
  'test',
  'statistic',
  'p',
  'window_start',
  'window_end',
  'n_events',
  'aggregate_id',
  'engine_version',
  'computed_at',
] as const;

/** Columns of `study aggregate --days --format csv|json`: one row per aggregate × relative day. */
export const AGGREGATE_DAY_COLUMNS = [
  'tag',
  'model',
  'relative_day',
  'n',
  'aar',
  'caar',
  't',
  'p',
  'n_events',
  'aggregate_id',
  'engine_version',
  'computed_at',
] as const;

/** Machine-readable test rows (fractions, not percentages; null where a statistic is undefined). */
export function aggregateTestRows(aggregates: readonly TagAggregateRecord[]): DataRow[] {
  return aggregates.flatMap((a) =>
    a.windows.flatMap((w) =>
      orderTests(w.tests).map((t) => ({
        tag: a.tag,
        model: a.model,
        window: windowLabel(w.start, w.end),
        events: w.n,
        caar: val(w.caar),
        test: t.name,
        statistic: val(t.statistic),
        p: val(t.pValue),
        window_start: w.start,
        window_end: w.end,
        n_events: a.nEvents,
        aggregate_id: a.aggregateId,
        engine_version: a.engineVersion,
        computed_at: a.computedAt,
      })),
    ),
  );
}

/** Machine-readable daily AAR/CAAR rows. */
export function aggregateDayRows(aggregates: readonly TagAggregateRecord[]): DataRow[] {
  return aggregates.flatMap((a) =>
    a.days.map((d) => ({
      tag: a.tag,
      model: a.model,
      relative_day: d.relativeDay,
      n: d.n,
      aar: val(d.aar),
      caar: val(d.caar),
      t: val(d.t),
      p: val(d.p),
      n_events: a.nEvents,
      aggregate_id: a.aggregateId,
      engine_version: a.engineVersion,
      computed_at: a.computedAt,
    })),
  );
}

const signedDay = (d: number): string => (d > 0 ? `+${d}` : String(d));

/** The header of one aggregate: tag, events, design. */
function heading(a: TagAggregateRecord): string {
  const p = a.parameters;
  const markets = p.marketIndex ?? (typeof p.extra?.marketIndices === 'string' ? p.extra.marketIndices : null);
  const design = [
    p.model,
    markets === null ? null : `market ${markets}`,
    `estimation ${windowLabel(p.estimationWindow.start, p.estimationWindow.end)}`,
    `${p.returnType} returns`,
    `day 0 ${p.day0Rule}`,
  ].filter((x): x is string => x !== null);
  const title = `Tag ${a.tag}: ${a.nEvents} ${a.nEvents === 1 ? 'event' : 'events'} (${design.join(', ')})`;
  // An aggregate over several benchmarks says so, with the events of each; duplicates of an (issuer, day 0) are left out.
  const perBenchmark = typeof p.extra?.eventsPerBenchmark === 'string' ? p.extra.eventsPerBenchmark.split(' ') : [];
  const notes = [
    perBenchmark.length > 1
      ? `mixes ${perBenchmark.length} benchmarks: ${perBenchmark.map((x) => x.replace(/:(\d+)$/, ' ($1 events)')).join(', ')}`
      : null,
    typeof p.extra?.duplicateStudies === 'number' && p.extra.duplicateStudies > 0
      ? `${p.extra.duplicateStudies} more ${p.extra.duplicateStudies === 1 ? 'study' : 'studies'} of an (issuer, day 0) already counted left out`
      : null,
  ].filter((x): x is string => x !== null);
  return (
    `${title}\n${'='.repeat(title.length)}\n${a.engineVersion}, computed ${a.computedAt}\n` +
    notes.map((n) => `${n}\n`).join('')
  );
}

/** One block per window: N and CAAR, then one line per test with its statistic, p-value and stars. */
function windowBlocks(a: TagAggregateRecord): string {
  if (a.windows.length === 0) return '\n(no event window in this aggregate)\n';
  // The same column widths in every block, so the blocks line up.
  const all = a.windows.flatMap((w) => w.tests);
  const nameWidth = Math.max(0, ...all.map((t) => t.name.length));
  const descWidth = Math.max(0, ...all.map((t) => (DESCRIPTION.get(t.name) ?? '').length));
  return a.windows
    .map((w) => {
      const head = `\nWindow ${windowLabel(w.start, w.end)}   N = ${w.n}   CAAR = ${pct(w.caar) || 'n/a'}\n`;
      if (w.tests.length === 0) return `${head}  (no test)\n`;
      const rows: TextRow[] = orderTests(w.tests).map((t) => [
        t.name.padEnd(nameWidth),
        (DESCRIPTION.get(t.name) ?? '').padEnd(descWidth),
        num(t.statistic, 3),
        pv(t.pValue),
        stars(t.pValue),
      ]);
      return (
        head +
        textTable(
          [
            ...columnsOf('left', 'test', 'description'),
            ...columnsOf('right', 'statistic', 'p-value'),
            ...columnsOf('left', ''),
          ],
          rows,
          '  ',
        )
      );
    })
    .join('');
}

/** Daily AAR and CAAR over every event of the aggregate, with the t-test of the AAR. */
function dayTable(a: TagAggregateRecord): string {
  if (a.days.length === 0) return '\nDaily AAR / CAAR: (no day)\n';
  const rows: TextRow[] = a.days.map((d) => [
    signedDay(d.relativeDay),
    String(d.n),
    pct(d.aar),
    pct(d.caar),
    num(d.t),
    pv(d.p),
    stars(d.p),
  ]);
  return (
    '\nDaily AAR / CAAR (relative trading days; t and p of the AAR)\n' +
    textTable([...columnsOf('right', 'day', 'N', 'AAR', 'CAAR', 't', 'p-value'), ...columnsOf('left', '')], rows, '  ')
  );
}

/** `study aggregate` as text: per aggregate, its heading, one block per window and (with `days`) the daily table. */
export function renderAggregateTable(
  aggregates: readonly TagAggregateRecord[],
  options: { readonly days?: boolean } = {},
): string {
  const parts = aggregates.map((a) => heading(a) + windowBlocks(a) + (options.days ? dayTable(a) : ''));
  return `${parts.join('\n\n')}\n${STARS_LEGEND}\n`;
}
