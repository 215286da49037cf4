import { Kafka, logLevel } from 'kafkajs';
import { dlqTopicFor, logLine, Topics } from '@newswindow/schemas';
import { loadSecurityMaster } from '@newswindow/reference';
import { assertSchemaReadable, componentPgConfigFromEnv, createEventStore, createPool } from '@newswindow/store';
import type { IngestTopics } from '@newswindow/ingest';
import { createIngestConsumer, ensureTopics, kafkaSettingsFromEnv, loadSessionCalendars } from '@newswindow/ingest';
import type { CliCommand } from './command';
import { deploymentFromEnv, UsageError, parseCommandArgs } from './command';

const usage = `Usage: newswindow consume [--topics news,bars,ticks] [--group ID] [--news-topic T] [--bars-topic T] [--ticks-topic T]
                          [--rolled-bars-topic T] [--idle-ms N]

Runs the ingest consumers until SIGTERM/SIGINT: validates each message, dead-letters invalid ones to <topic>.dlq,
appends valid ones to the event store idempotently, rolls ticks up into daily bars, and logs one line per batch.

Options:
  --topics LIST        kinds to consume (default news,bars,ticks)
  --group ID           consumer group (default newswindow-ingest, or <NEWSWINDOW_DEPLOYMENT>.ingest)
  --news-topic T       (default ${Topics.newsRaw});  --bars-topic T (default ${Topics.marketBars});  --ticks-topic T (default ${Topics.marketTicks})
  --rolled-bars-topic T  also publish bars rolled up from ticks to this topic
  --idle-ms N          close a tick session this long after its close time without ticks (default 60000)

Ticks are placed in their session by the exchange calendars of @newswindow/reference (newswindow calendar
exchanges lists them); a tick on a closed day, outside the session or beyond the calendar's horizon goes to the DLQ.
A bar goes to the DLQ when its session is not one of its exchange's calendar (a Saturday, a holiday, past the
horizon, not opened yet), when the security master lists its symbol on another market that day, or when it changes
the values of a bar already stored for that listing and session (a stored price is never replaced by a re-send).

The database must be migrated (\`newswindow db migrate\`, as the owner): the consumer logs in as its own role,
NEWSWINDOW_INGEST_PGUSER (default newswindow_ingest, created by the migrations; NEWSWINDOW_INGEST_PGPASSWORD), which
may read and append events and record its offsets, nothing else. PGUSER/PGPASSWORD are not used.

Environment: KAFKA_BROKERS, PGHOST, PGPORT, PGDATABASE, NEWSWINDOW_INGEST_PGUSER, NEWSWINDOW_INGEST_PGPASSWORD,
NEWSWINDOW_SECURITY_MASTER_FILE (your issuers and listings merged over the bundled security master, as for the worker).
`;

const kinds = ['news', 'bars', 'ticks'] as const;

export const consumeCommand: CliCommand = {
  name: 'consume',
  summary: 'run the ingest consumers (Kafka → validate/DLQ → event store) until SIGTERM',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs(
      argv,
      {
        topics: { type: 'string' },
        group: { type: 'string' },
        'news-topic': { type: 'string' },
        'bars-topic': { type: 'string' },
        'ticks-topic': { type: 'string' },
        'rolled-bars-topic': { type: 'string' },
        'idle-ms': { type: 'string' },
        'sessions-csv': { type: 'string' },
      },
      { positionals: false },
    );
    const wanted = (values.topics ?? kinds.join(',')).split(',').map((k) => k.trim());
    const unknown = wanted.filter((k) => !(kinds as readonly string[]).includes(k));
    if (unknown.length > 0 || wanted.length === 0)
      throw new UsageError(`--topics takes ${kinds.join(',')}, got '${values.topics ?? ''}'`);
    const idleMs = values['idle-ms'] === undefined ? 60_000 : Number(values['idle-ms']);
    if (!Number.isFinite(idleMs) || idleMs <= 0) throw new UsageError('--idle-ms must be a positive number');
    const topics: IngestTopics = {
      ...(wanted.includes('news') ? { news: values['news-topic'] ?? Topics.newsRaw } : {}),
      ...(wanted.includes('bars') ? { bars: values['bars-topic'] ?? Topics.marketBars } : {}),
      ...(wanted.includes('ticks') ? { ticks: values['ticks-topic'] ?? Topics.marketTicks } : {}),
    };
    const groupId = values.group ?? deploymentFromEnv(io.env).ingestGroup;
    if (values['sessions-csv'] !== undefined || io.env['NEWSWINDOW_SESSIONS_CSV'] !== undefined)
      throw new UsageError(
        '--sessions-csv / NEWSWINDOW_SESSIONS_CSV are no longer read: the exchange calendars come from @newswindow/reference (npm run refdata:calendars)',
      );
    // The calendars are read before connecting to anything, so broken data fails fast.
    const calendars = topics.ticks === undefined && topics.bars === undefined ? undefined : loadSessionCalendars();
    const masterFile = io.env['NEWSWINDOW_SECURITY_MASTER_FILE'];
    const master =
      topics.bars === undefined
        ? undefined
        : loadSecurityMaster(masterFile === undefined || masterFile === '' ? {} : { userFile: masterFile });

    const settings = kafkaSettingsFromEnv(io.env, 'newswindow-consume');
    // Its own role (migration 023: read and append events, record offsets), never the owner's PGUSER.
    const pool = createPool(componentPgConfigFromEnv(io.env, 'ingest'));
    const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.ERROR });
    const log = (line: string): void => {
      io.stderr.write(`${new Date().toISOString()} ${logLine(line)}\n`);
    };
    try {
      await assertSchemaReadable(pool);
      const admin = kafka.admin();
      await admin.connect();
      const names = Object.values(topics).filter((t): t is string => t !== undefined);
      await ensureTopics(admin, [...names, ...names.map(dlqTopicFor)]).finally(() => admin.disconnect());
      const consumer = createIngestConsumer({
        kafka,
        groupId,
        topics,
        store: createEventStore(pool),
        log,
        sessionIdleMs: idleMs,
        ...(calendars === undefined ? {} : { calendars }),
        ...(master === undefined ? {} : { master }),
        ...(values['rolled-bars-topic'] === undefined ? {} : { rolledUpBarsTopic: values['rolled-bars-topic'] }),
      });
      const stop = (signal: string): void => {
        log(`${signal}: stopping`);
        void consumer.stop();
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
      await consumer.start();
      log(`consuming ${names.join(', ')} as group ${groupId}`);
      const ticker = setInterval(() => {
        const s = consumer.stats;
        log(
          `totals: ${s.received} received, ${s.appended} appended, ${s.duplicates} duplicates, ${s.deadLettered} to DLQ, ${s.barsRolledUp} bars rolled up`,
        );
      }, 30_000);
      try {
        await consumer.done;
      } finally {
        clearInterval(ticker);
      }
      return 0;
    } finally {
      await pool.end();
    }
  },
};
