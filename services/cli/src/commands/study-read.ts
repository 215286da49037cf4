import type { ParseArgsConfig } from 'node:util';
import { aggregateSpan, computeTagAggregate, designCode } from '@newswindow/engine';
import type { StudyQuery, StudyRecord, TagAggregateModel, TagAggregateRecord } from '@newswindow/store';
import {
  createBarReader,
  createFactorDayReader,
  createPool,
  createTagStudyReader,
  queryStudies,
  queryTagAggregates,
  TAG_AGGREGATE_MODELS,
  tagAggregateModel,
} from '@newswindow/store';
import { operatorPgConfig } from '../operator-roles';
import type { CliIo } from './command';
import { calendarDateOption, UsageError, parseCommandArgs } from './command';
import {
  AGGREGATE_DAY_COLUMNS,
  AGGREGATE_TEST_COLUMNS,
  aggregateDayRows,
  aggregateTestRows,
  renderAggregateTable,
} from './study-read/aggregate';
import type { AggregateFilter } from './study-read/aggregate-filter';
import { describeFilter, filterStudies, hasFilter } from './study-read/aggregate-filter';
import type { Format } from './study-read/format';
import { toCsv, toJson } from './study-read/format';
import { renderStudyTable, studyColumns, studyDataRows } from './study-read/show';

export const studyShowHelp = `Usage: newswindow study show [--listing SYMBOL] [--day0 YYYY-MM-DD] [--tag TAG] [--limit N] [--wide]
                             [--format table|json|csv]

Prints the stored studies (one per event × listing), sorted by day 0 then listing.

  --listing SYMBOL   only this listing (case-sensitive: 9988.HK, BABA)
  --day0 DATE        only studies whose day 0 is DATE
  --tag TAG          only studies of events with this tag (ai_model_launch, earnings, …)
  --limit N          at most N studies, the earliest by day 0 (default: all)
  --wide             table with every column (CAR, t, p and BHAR per window, α, σ, factor βs, ids…)
  --format F         table (default) | csv | json

The default table: day0, listing, market index, tags, status, raw d0 (day-0 simple return),
AR d0 (t, p), CAR[a,b] (p) per multi-day window, β and L (estimation-window returns), and the model
when a study's is not the market model; a skipped study shows its reason instead of numbers.
Factor-model studies (ff3, carhart, ff5) have α, σ and one beta_<factor> column per factor of the model
(beta_mkt_rf, beta_smb, beta_hml, beta_mom, beta_rmw, beta_cma; empty when the model lacks it).
csv and json always have the same columns (the --wide names): returns as fractions (0.0417 = 4.17 %),
one car[a,b] / car[a,b]_t / car[a,b]_p (and bhar…) triple per event window in the result, empty / null when missing.

Exit status: 0, also when nothing matches (table: a message; csv: the header; json: []);
1 when --listing names a symbol that has no study at all (a typo, or not studied yet); 2 on a usage error.

Reads as the read-only analyst role (NEWSWINDOW_ANALYST_PGUSER, default newswindow_analyst; NEWSWINDOW_ANALYST_PGPASSWORD)
on PGHOST, PGPORT, PGDATABASE; PGUSER is not used.

Examples:
  newswindow study show --listing 9988.HK --day0 2025-09-08
  newswindow study show --tag ai_model_launch --limit 20
  newswindow study show --wide --format csv > studies.csv`;

export const studyAggregateHelp = `Usage: newswindow study aggregate --tag TAG [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--listing SYMBOL]
                                  [--exchange MIC] [--benchmark SYMBOL] [--model M] [--days] [--format table|json|csv]

Prints the per-tag aggregate the worker keeps up to date (every computed study of the tag): for each event
window, N events and the CAAR, then each cross-sectional test (statistic, p-value, stars) as Eventus /
EventStudyTools print them; one-day windows carry every daily test. --days adds the daily AAR / CAAR table.
Aggregates never mix models: the worker keeps one per model that has studies of the tag (the market model's and,
after a factor-model backfill or worker, ff3 / carhart / ff5 ones refitted on the ingested factor days), each over
its own model's studies only, and prints each with its model; --model keeps one.
With a filter, the aggregate is computed now over the tag's computed studies that pass it (same engine path as
the worker's, one per model; it is not stored); its parameters name the filter and every benchmark in it.

  --tag TAG          the tag (required), e.g. ai_model_launch
  --from, --to D     only studies whose day 0 is in the range (inclusive)
  --listing SYMBOL   only studies of this listing (AAPL, 9988.HK)
  --exchange MIC     only studies of listings on this exchange (XNAS, XHKG)
  --benchmark SYM    only studies measured against this benchmark (^GSPC, QQQ)
  --model M          only the aggregate of this model: market_model (or market), ff3, carhart, ff5
  --days             also the daily AAR / CAAR (table), or only the daily rows (csv, json)
  --format F         table (default) | csv | json

csv / json, one row per window × test:
  ${AGGREGATE_TEST_COLUMNS.join(', ')}
with --days, one row per relative day:
  ${AGGREGATE_DAY_COLUMNS.join(', ')}
CAAR and AAR are fractions (0.0489 = 4.89 %); the table's stars: *** p ≤ 0.01, ** p ≤ 0.05, * p ≤ 0.10.

Exit status: 0, also for a tag without an aggregate (table: a message; csv: the header; json: []); 2 on a usage error.

Reads as the read-only analyst role (NEWSWINDOW_ANALYST_PGUSER, default newswindow_analyst; NEWSWINDOW_ANALYST_PGPASSWORD)
on PGHOST, PGPORT, PGDATABASE; PGUSER is not used.

Examples:
  newswindow study aggregate --tag ai_model_launch
  newswindow study aggregate --tag earnings --days
  newswindow study aggregate --tag earnings --model ff3
  newswindow study aggregate --tag earnings --from 2016-01-01 --to 2018-12-31 --listing AA --benchmark QQQ
  newswindow study aggregate --tag earnings --format csv > earnings_tests.csv`;

/** The help of `study show` and `study aggregate` (appended to `newswindow study --help`). */
export const studyShowUsage = `${studyShowHelp}\n\n${studyAggregateHelp}`;

/** What the read commands need from the store (injected in tests). */
export interface StudyReader {
  studies(query: StudyQuery): Promise<StudyRecord[]>;
  aggregates(tag: string): Promise<TagAggregateRecord[]>;
  /**
   * The tag's aggregate over the studies that pass `filter`, computed now (not kept by the worker): one per model that
   * has such studies (only `model`'s when given), each over its own model's studies.
   */
  filteredAggregate(tag: string, filter: AggregateFilter, model?: TagAggregateModel): Promise<TagAggregateRecord[]>;
  close(): Promise<void>;
}

/** The store's queries over a pool of the read-only analyst role (host and database from the libpq environment). */
export function pgStudyReader(env: NodeJS.ProcessEnv): StudyReader {
  const pool = createPool(operatorPgConfig(env, 'read'));
  return {
    studies: (query) => queryStudies(pool, query),
    aggregates: (tag) => queryTagAggregates(pool, { tag }),
    filteredAggregate: async (tag, filter, model) => {
      // Loaded on demand: the worker's aggregate path brings the Temporal worker along, which other commands do not need.
      const worker = await import('@newswindow/worker');
      const calendars = worker.defaultCalendarProvider(worker.workerConfigFromEnv(env));
      // No projection catch-up (unlike the worker): the analyst role may not advance projections, and the read models
      // are what the worker keeps current, as for the bars read below.
      const factorDays = createFactorDayReader(pool);
      const over = describeFilter(filter);
      const out: TagAggregateRecord[] = [];
      for (const choice of worker.STUDY_MODELS) {
        const settings = worker.studySettings(choice);
        const name = choice === 'market' ? 'market_model' : choice;
        if (model !== undefined && model !== name) continue;
        const refs = await createTagStudyReader(pool).studiesOfTag(tag, `|${designCode(settings)}`);
        const studies = filterStudies(refs, filter);
        if (studies.length === 0) continue;
        const symbols = [
          ...new Set(studies.flatMap((s) => [s.listing.symbol, ...(s.marketIndex === null ? [] : [s.marketIndex])])),
        ];
        const closes = await createBarReader(pool).loadCloses(symbols);
        const span = choice === 'market' ? null : aggregateSpan(studies, calendars, settings);
        const data = computeTagAggregate(
          tag,
          studies,
          (s) => closes.get(s) ?? [],
          calendars,
          settings,
          new Date().toISOString(),
          span === null ? undefined : await factorDays(span),
        );
        out.push({
          aggregateId: `${data.aggregateId}|${over}`,
          tag: data.tag,
          model: data.parameters.model,
          parameters: { ...data.parameters, extra: { ...data.parameters.extra, filter: over } },
          engineVersion: data.engineVersion,
          nEvents: data.nEvents,
          studyIds: data.studyIds,
          computedAt: data.computedAt,
          days: data.days.map((d) => ({ ...d, t: d.t ?? null, p: d.p ?? null })),
          windows: data.windows,
        });
      }
      return out;
    },
    close: () => pool.end(),
  };
}

async function withReader<T>(open: () => StudyReader, read: (r: StudyReader) => Promise<T>): Promise<T> {
  const reader = open();
  try {
    return await read(reader);
  } finally {
    await reader.close();
  }
}

function parseFormat(v: string | undefined): Format {
  const f = v ?? 'table';
  if (f !== 'table' && f !== 'json' && f !== 'csv')
    throw new UsageError(`--format must be table, json or csv, got '${f}'`);
  return f;
}

const ALL = 100_000;

/** The `--model` a stored aggregate is of (`market` is accepted for `market_model`). */
function parseAggregateModel(v: string | undefined): TagAggregateModel | undefined {
  if (v === undefined) return undefined;
  const model = tagAggregateModel(v);
  if (model !== undefined) return model;
  const names = TAG_AGGREGATE_MODELS.map((m) => (m === 'market_model' ? 'market_model (or market)' : m));
  throw new UsageError(`--model must be one of ${names.join(', ')}, got '${v}'`);
}

/** A read command: its arguments, streams and environment, and how it opens the store (injected in tests). */
type StudyReadCommand = (
  argv: readonly string[],
  io: CliIo,
  open?: (env: NodeJS.ProcessEnv) => StudyReader,
) => Promise<number>;

/** The command's options, parsed strictly (an unknown option or a missing value is a usage error). */
const optionsOf = <O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) =>
  parseCommandArgs(argv, options, { positionals: false }).values;

/** Options that take a value (`--name VALUE`). */
const valued = <K extends string>(...names: readonly K[]) =>
  Object.fromEntries(names.map((n) => [n, { type: 'string' }])) as Record<K, { type: 'string' }>;

/** `newswindow study show …` */
export const runStudyShow: StudyReadCommand = async (argv, io, open = pgStudyReader) => {
  const values = optionsOf(argv, {
    ...valued('listing', 'day0', 'tag', 'limit', 'format'),
    wide: { type: 'boolean' },
  });
  const format = parseFormat(values.format);
  if (values.day0 !== undefined) calendarDateOption(values.day0, '--day0');
  const limit = values.limit === undefined ? ALL : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1)
    throw new UsageError(`--limit must be a positive integer, got '${values.limit}'`);
  const { listing, day0, tag } = values;
  const filter = {
    ...(listing === undefined ? {} : { listing }),
    ...(day0 === undefined ? {} : { day0 }),
    ...(tag === undefined ? {} : { tag }),
  };

  const { studies, unknownListing } = await withReader(
    () => open(io.env),
    async (reader) => {
      // One more than asked tells whether --limit cut the list.
      const found = await reader.studies({ ...filter, limit: limit + 1 });
      const unknown =
        found.length === 0 && listing !== undefined && (await reader.studies({ listing, limit: 1 })).length === 0;
      return { studies: found, unknownListing: unknown };
    },
  );
  if (unknownListing) {
    io.stderr.write(
      `newswindow study show: no study for listing '${listing}' (unknown symbol or not studied yet; symbols are case-sensitive, e.g. 9988.HK, BABA)\n`,
    );
    return 1;
  }
  const shown = studies.slice(0, limit);
  if (format !== 'table') {
    const columns = studyColumns(shown).map((c) => c.key);
    io.stdout.write((format === 'csv' ? toCsv : toJson)(columns, studyDataRows(shown)));
    return 0;
  }
  if (shown.length === 0) {
    const what = Object.entries(filter).map(([k, v]) => `--${k} ${v}`);
    io.stdout.write(`No study matches ${what.length === 0 ? '(the study tables are empty)' : what.join(' ')}.\n`);
    return 0;
  }
  io.stdout.write(
    renderStudyTable(shown, { wide: values.wide === true, ...(studies.length > limit ? { truncatedAt: limit } : {}) }),
  );
  return 0;
};

/** `newswindow study aggregate --tag T` */
export const runStudyAggregate: StudyReadCommand = async (argv, io, open = pgStudyReader) => {
  const values = optionsOf(argv, {
    ...valued('tag', 'from', 'to', 'listing', 'exchange', 'benchmark', 'model', 'format'),
    days: { type: 'boolean' },
  });
  if (values.tag === undefined || values.tag === '') throw new UsageError('--tag is required');
  const filter: AggregateFilter = {
    ...(values.from === undefined ? {} : { from: calendarDateOption(values.from, '--from') }),
    ...(values.to === undefined ? {} : { to: calendarDateOption(values.to, '--to') }),
    ...(values.listing === undefined ? {} : { listing: values.listing }),
    ...(values.exchange === undefined ? {} : { exchange: values.exchange }),
    ...(values.benchmark === undefined ? {} : { benchmark: values.benchmark }),
  };
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to)
    throw new UsageError(`--from ${filter.from} is after --to ${filter.to}`);
  const model = parseAggregateModel(values.model);
  const format = parseFormat(values.format);
  const tag = values.tag;
  // Tags are snake_case: a near miss (AI-Model-Launch) is looked up too, to suggest the right spelling.
  const normalized = tag
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const { aggregates, suggestion } = await withReader(
    () => open(io.env),
    async (reader) => {
      // Aggregates never mix models: each is one model's; --model keeps that model's only.
      const read = async (t: string) =>
        hasFilter(filter)
          ? reader.filteredAggregate(t, filter, model)
          : (await reader.aggregates(t)).filter((a) => model === undefined || a.model === model);
      const found = await read(tag);
      const near = found.length === 0 && normalized !== tag ? await read(normalized) : [];
      return { aggregates: found, suggestion: near.length > 0 ? normalized : undefined };
    },
  );
  if (format !== 'table') {
    const [columns, rows] = values.days
      ? [AGGREGATE_DAY_COLUMNS, aggregateDayRows(aggregates)]
      : [AGGREGATE_TEST_COLUMNS, aggregateTestRows(aggregates)];
    io.stdout.write((format === 'csv' ? toCsv : toJson)(columns, rows));
  } else if (aggregates.length === 0) {
    io.stdout.write(
      `No aggregate for tag '${tag}'` +
        (hasFilter(filter) ? ` over ${describeFilter(filter)}` : '') +
        (model === undefined ? '' : ` under the ${model} model`) +
        (suggestion === undefined
          ? ': no computed study carries it yet (newswindow study show lists the tags of the studies).\n'
          : `; did you mean '${suggestion}'?\n`),
    );
  } else {
    io.stdout.write(renderAggregateTable(aggregates, { days: values.days === true }));
  }
  if (aggregates.length === 0 && suggestion !== undefined && format !== 'table')
    io.stderr.write(`newswindow study aggregate: no aggregate for tag '${tag}'; did you mean '${suggestion}'?\n`);
  return 0;
};
