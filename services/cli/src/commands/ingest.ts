import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Loaded, MessageKind } from '@newswindow/ingest';
import {
  barKind,
  ensureTopics,
  formatSummary,
  kafkaSettingsFromEnv,
  loadBarFile,
  loadNewsFile,
  loadTickFile,
  newsFormats,
  newsKind,
  ProgressReporter,
  publish,
  PublishError,
  retryWithBackoff,
  ReplayPacer,
  tickFormats,
  tickKind,
  withCorrectionReason,
} from '@newswindow/ingest';
import type { NewsFormat, NewsItem, PriceBar, TickFormat, TradeTick } from '@newswindow/ingest';
import { KAFKA_BROKERS_DEFAULT, producerMetadataIssues } from '@newswindow/schemas';
import type { CliCommand, CliIo } from './command';
import { parseCommandArgs, UsageError } from './command';

const usage = `Usage: newswindow ingest <news|bars|ticks> --file PATH [options]
       newswindow ingest factors --file F-F_Research_Data_Factors_daily.CSV [--file F-F_Momentum_Factor_daily.CSV …]

Loads a file, sends one message per valid row to Kafka (keyed by symbol for bars/ticks, by story id for news),
and prints a summary with every rejected row's line and reason.

factors: Kenneth French daily factor files exactly as published (percent, YYYYMMDD; repeatable) are stored in the
event store (FactorDayRecorded, one per dataset and date; re-running stores nothing new) and projected into
factor_days (Postgres: PGHOST, PGPORT, PGDATABASE, logged in as the worker's role NEWSWINDOW_WORKER_PGUSER, default
newswindow_worker), for the worker's factor-model studies.

Options:
  --file PATH          input file (CSV, JSONL, or a .txt article for news)
  --format F           news: ${newsFormats.join('|')} (default: detected from name and header)
                       ticks: ${tickFormats.join('|')} (default: from the extension); bars: csv
  --topic T            target topic (default news.raw / market.bars / market.ticks)
  --symbol S           bars: symbol of a file without a symbol/ticker column (default: from the file name); any
                       file name works with it
  --adjusted           bars: the file's prices are split/dividend-adjusted
  --unadjusted         bars: the file's prices are as traded (the default, except the known files of the shared
                       data); a listing is studied on one kind only (adjusted when it has any), see the worker README
  --correction-reason TEXT
                       bars: the file corrects bars already stored (a vendor revision): each bar with other values
                       than the stored one is stored as its next revision with this reason (metadata.correctionReason,
                       ≤ 256 characters, one line); without it such a bar goes to the DLQ and the stored one stays
  --published-at X     news article (.txt): publication date or ISO timestamp (default 2025-09-09)
  --replay             pace messages by their timestamps instead of sending as fast as possible
  --speed N            with --replay: N× real time (default 1)
  --batch-size N       messages per sendBatch (default 2000)
  --partitions N       partitions when the topic must be created (default 3)
  --dry-run            load and validate only; send nothing

Environment: KAFKA_BROKERS (default ${KAFKA_BROKERS_DEFAULT}).
`;

const kinds = ['news', 'bars', 'ticks'] as const;
type Kind = (typeof kinds)[number];

const positiveNumber = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--${name} must be a positive number, got '${raw}'`);
  return n;
};

interface Plan<T> {
  readonly items: (onBytesRead: (n: number) => void) => AsyncIterable<Loaded<T>>;
  readonly kind: MessageKind<T>;
}

async function runPlan<T>(
  plan: Plan<T>,
  kindName: Kind,
  file: string,
  values: Record<string, string | boolean | undefined>,
  io: CliIo,
): Promise<number> {
  const size = (await stat(file)).size;
  const progress = new ProgressReporter({ stream: io.stderr, label: `ingest ${kindName}`, totalBytes: size });
  let bytesRead = 0;
  let sent = 0;
  let rejected = 0;
  const onBytesRead = (n: number): void => {
    bytesRead += n;
  };
  const counted = async function* (): AsyncGenerator<Loaded<T>> {
    for await (const item of plan.items(onBytesRead)) {
      if (!item.ok) rejected += 1;
      yield item;
      progress.update({ sent, rejected, bytesRead });
    }
  };
  const topic = typeof values['topic'] === 'string' ? values['topic'] : plan.kind.defaultTopic;

  if (values['dry-run'] === true) {
    let valid = 0;
    const rejects: { line: number; reason: string }[] = [];
    for await (const item of plan.items(onBytesRead)) {
      if (item.ok) valid += 1;
      else rejects.push({ line: item.line, reason: item.reason });
    }
    io.stdout.write(
      formatSummary({
        topic: `${topic} (dry run: ${valid} valid, nothing sent)`,
        sent: 0,
        rejected: rejects,
        batches: 0,
        elapsedMs: 0,
      }),
    );
    return 0;
  }

  const settings = kafkaSettingsFromEnv(io.env, 'newswindow-ingest-cli');
  const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  // Idempotent producer: retries cannot duplicate or reorder within a partition (kafkajs requires one request in flight).
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  // A broker outage (restart, failover) is ridden out with a backoff for up to NEWSWINDOW_INGEST_MAX_OUTAGE_MS
  // (default 5 min); whatever happens, the run ends with its sent/rejected summary.
  const retry = {
    maxOutageMs: positiveNumber('max-outage-ms', io.env['NEWSWINDOW_INGEST_MAX_OUTAGE_MS'], 300_000),
    onRetry: (r: { attempt: number; delayMs: number; error: string }) =>
      io.stderr.write(`\nkafka unavailable (${r.error}); retry ${r.attempt} in ${r.delayMs} ms\n`),
  };
  try {
    await retryWithBackoff(async () => {
      await admin.connect();
      await ensureTopics(admin, [topic], {
        partitions: positiveNumber('partitions', values['partitions'] as string | undefined, 3),
      });
      await producer.connect();
    }, retry);
    const speed = positiveNumber('speed', values['speed'] as string | undefined, 1);
    const summary = await publish(producer, counted(), plan.kind, {
      retry,
      topic,
      batchSize: positiveNumber('batch-size', values['batch-size'] as string | undefined, 2000),
      ...(values['replay'] === true ? { pacer: new ReplayPacer(speed), batchSize: 1 } : {}),
      headers: { 'source-file': file.replace(/^.*\//, '') },
      onProgress: (c) => {
        sent = c.sent;
        progress.update({ sent, rejected, bytesRead });
      },
    });
    progress.finish({ sent: summary.sent, rejected: summary.rejected.length, bytesRead });
    io.stdout.write(formatSummary(summary));
    return 0;
  } catch (err) {
    if (!(err instanceof PublishError)) throw err;
    progress.finish({ sent: err.summary.sent, rejected: err.summary.rejected.length, bytesRead });
    io.stdout.write(formatSummary(err.summary));
    io.stderr.write(`ingest stopped before the end of the file: ${err.message}\n`);
    return 1;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

const ingestOptions = {
  file: { type: 'string' },
  format: { type: 'string' },
  topic: { type: 'string' },
  symbol: { type: 'string' },
  adjusted: { type: 'boolean' },
  unadjusted: { type: 'boolean' },
  'published-at': { type: 'string' },
  'correction-reason': { type: 'string' },
  replay: { type: 'boolean' },
  speed: { type: 'string' },
  'batch-size': { type: 'string' },
  partitions: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const;

type IngestValues = ReturnType<typeof parseCommandArgs<typeof ingestOptions>>['values'];

/** `ingest factors`: --file may be given several times, and parseArgs keeps the last, so the files come from argv. */
async function runFactors(argv: readonly string[], extra: readonly string[], io: CliIo): Promise<number> {
  if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(' ')}`);
  const files = argv.flatMap((a, i) =>
    a === '--file' && argv[i + 1] !== undefined ? [argv[i + 1]!] : a.startsWith('--file=') ? [a.slice(7)] : [],
  );
  const { runIngestFactors } = await import('./ingest-factors.js');
  return runIngestFactors(files, io);
}

/** The kind to load, after the checks every kind shares; the file is required. */
function checkedKind(kindName: string | undefined, extra: readonly string[], values: IngestValues): Kind {
  if (kindName === undefined || !(kinds as readonly string[]).includes(kindName))
    throw new UsageError(`expected one of ${kinds.join(', ')}, got '${kindName ?? ''}'`);
  if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(' ')}`);
  if (values.file === undefined) throw new UsageError('--file is required');
  if (values.speed !== undefined && values.replay !== true) throw new UsageError('--speed needs --replay');
  if (kindName !== 'bars' && values['correction-reason'] !== undefined)
    throw new UsageError('--correction-reason is for bars (a news correction is a NewsCorrected event)');
  if (kindName !== 'bars' && (values.adjusted === true || values.unadjusted === true))
    throw new UsageError('--adjusted and --unadjusted are for bars (ticks roll up into unadjusted bars)');
  return kindName as Kind;
}

function newsPlan(file: string, values: IngestValues): Plan<NewsItem> {
  const format = values.format;
  if (format !== undefined && !(newsFormats as readonly string[]).includes(format))
    throw new UsageError(`--format for news: ${newsFormats.join(', ')}`);
  const publishedAt = values['published-at'];
  return {
    kind: newsKind,
    items: (onBytesRead) =>
      loadNewsFile(file, format as NewsFormat | undefined, {
        onBytesRead,
        ...(publishedAt === undefined ? {} : { publishedAt }),
      }),
  };
}

function barsPlan(file: string, values: IngestValues): Plan<PriceBar> {
  if (values.format !== undefined && values.format !== 'csv') throw new UsageError('--format for bars: csv');
  const symbol = values.symbol;
  if (values.adjusted === true && values.unadjusted === true)
    throw new UsageError('--adjusted and --unadjusted exclude each other');
  const adjusted = values.adjusted === true ? true : values.unadjusted === true ? false : undefined;
  const reason = values['correction-reason'];
  if (reason !== undefined) {
    const bad = producerMetadataIssues({ correctionReason: reason });
    if (reason.trim() === '' || bad.length > 0)
      throw new UsageError(`--correction-reason: ${bad[0]?.message ?? 'must not be empty'}`);
  }
  return {
    kind: reason === undefined ? barKind : withCorrectionReason(barKind, reason),
    items: (onBytesRead) =>
      loadBarFile(file, {
        onBytesRead,
        ...(symbol === undefined ? {} : { symbol }),
        ...(adjusted === undefined ? {} : { adjusted }),
      }),
  };
}

function ticksPlan(file: string, values: IngestValues): Plan<TradeTick> {
  const format = values.format;
  if (format !== undefined && !(tickFormats as readonly string[]).includes(format))
    throw new UsageError(`--format for ticks: ${tickFormats.join(', ')}`);
  return {
    kind: tickKind,
    items: (onBytesRead) => loadTickFile(file, format as TickFormat | undefined, { onBytesRead }),
  };
}

export const ingestCommand: CliCommand = {
  name: 'ingest',
  summary: 'load news, bars or ticks from a file into Kafka (with --replay pacing)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, ingestOptions);
    const [kindName, ...extra] = positionals;
    if (kindName === 'factors') return runFactors(argv, extra, io);
    const kind = checkedKind(kindName, extra, values);
    const file = resolve(io.cwd, values.file!);
    switch (kind) {
      case 'news':
        return runPlan(newsPlan(file, values), kind, file, values, io);
      case 'bars':
        return runPlan(barsPlan(file, values), kind, file, values, io);
      case 'ticks':
        return runPlan(ticksPlan(file, values), kind, file, values, io);
      default: {
        const unknown: never = kind;
        throw new UsageError(`unknown kind ${String(unknown)}`);
      }
    }
  },
};
