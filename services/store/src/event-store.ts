import {
  CURRENT_SCHEMA_VERSION,
  formatIssues,
  validateEventData,
  type EventMetadata,
  type NewswindowEvent,
  type NewswindowEventType,
} from '@newswindow/schemas';
import type pg from 'pg';
import { classifyPgError, ConcurrencyError, DuplicateEventError, StoreError } from './errors';
import { withTransaction } from './transaction';

/** The version a writer expects the stream to be at: a number (1 = one event), `'no_stream'` (= 0) or `'any'`. */
export type ExpectedVersion = number | 'any' | 'no_stream';

/** An event to append with {@link EventStore.appendToStream}. */
export type NewEvent = NewswindowEvent & { readonly idempotencyKey?: string };

/** An event to append with {@link EventStore.appendIdempotent}: it names its stream and carries a required key. */
export type IdempotentEvent = NewswindowEvent & { readonly streamId: string; readonly idempotencyKey: string };

/** An event as stored, upcast to the current shape of its type; narrow it with `switch (e.type)`. */
export type RecordedEvent<E extends NewswindowEvent = NewswindowEvent> = E extends NewswindowEvent
  ? {
      readonly type: E['type'];
      readonly data: E['data'];
      readonly metadata: EventMetadata;
      /** Global position in the log (bigserial; safe as a number below 2^53). */
      readonly position: number;
      readonly streamId: string;
      /** 1-based version in its stream. */
      readonly version: number;
      readonly schemaVersion: number;
      readonly idempotencyKey: string | null;
      /** ISO-8601 UTC. */
      readonly recordedAt: string;
    }
  : never;

/** Result of {@link EventStore.appendToStream}. */
export interface AppendResult {
  /** The stream's version after the append (pass it as the next `expectedVersion`). */
  readonly nextExpectedVersion: number;
  readonly positions: readonly number[];
}

/** Kafka positions to record in the same transaction as the appended events (exactly-once ingest). */
export interface InboxRecord {
  readonly consumerGroup: string;
  /** The last offset processed per (topic, partition); the store keeps `offset + 1` as the next one to read. */
  readonly offsets: readonly { readonly topic: string; readonly partition: number; readonly offset: string | number }[];
}

/** Result of {@link EventStore.appendIdempotent}. */
export interface AppendIdempotentResult {
  readonly appended: number;
  /** Inputs skipped because their key was already stored (or repeated in the same call). */
  readonly duplicates: number;
  readonly duplicateKeys: readonly string[];
  /** Positions of the appended events, ascending. */
  readonly positions: readonly number[];
}

/** Options of {@link EventStore.appendIdempotent}. */
export interface AppendIdempotentOptions {
  readonly inbox?: InboxRecord;
  /** Split larger calls into statements of at most this many rows, in one transaction (default 100 000). */
  readonly maxRowsPerStatement?: number;
}

/** A consumer's next offset of one partition, as stored by an append with an {@link InboxRecord}. */
export interface InboxOffset {
  readonly topic: string;
  readonly partition: number;
  /** Next offset to consume (a decimal string, as kafkajs uses). */
  readonly nextOffset: string;
}

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Read events with a position greater than this (default 0: from the start). */
  readonly fromPosition?: number;
  /** At most this many events (default 1 000). */
  readonly limit?: number;
  readonly types?: readonly NewswindowEventType[];
}

/** The event store API. Create it with {@link createEventStore}. */
export interface EventStore {
  /**
   * Appends `events` to one stream if it is at `expectedVersion`.
   *
   * @throws {ConcurrencyError} when the stream is at another version (also when a concurrent writer won the race).
   * @throws {DuplicateEventError} when an event's idempotency key is already stored.
   */
  appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendResult>;
  /**
   * Appends many events to many streams in one transaction (one statement per `maxRowsPerStatement` rows), skipping
   * those whose idempotency key is already stored; versions are assigned per stream in input order.
   */
  appendIdempotent(
    events: readonly IdempotentEvent[],
    options?: AppendIdempotentOptions,
  ): Promise<AppendIdempotentResult>;
  /** The events of one stream in version order (from `fromVersion`, default 1). */
  readStream(streamId: string, options?: { readonly fromVersion?: number }): Promise<RecordedEvent[]>;
  /** The stream's current version, 0 when it has no events. */
  streamVersion(streamId: string): Promise<number>;
  /**
   * Events in global position order. Positions of concurrent transactions may commit out of order; projections use
   * their own transaction-safe read instead.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** The next offsets a consumer group stored with its appends (to seek to after a restart). */
  readInboxOffsets(consumerGroup: string, topic?: string): Promise<InboxOffset[]>;
}

/** Thrown when a stored event cannot be upcast to its current shape. */
export class CorruptEventError extends StoreError {
  constructor(
    readonly position: number,
    readonly eventType: string,
    message: string,
  ) {
    super(`event at position ${position} (${eventType}): ${message}`, false);
  }
}

/** Columns every event read selects, in the order {@link toRecordedEvent} expects. */
export const EVENT_COLUMNS =
  'position, stream_id, version, type, schema_version, data, metadata, idempotency_key, recorded_at' as const;

/** A raw `events` row as pg returns it. */
export interface EventRow {
  readonly position: string;
  readonly stream_id: string;
  readonly version: number;
  readonly type: string;
  readonly schema_version: number;
  readonly data: unknown;
  readonly metadata: EventMetadata | null;
  readonly idempotency_key: string | null;
  readonly recorded_at: Date;
}

/** Converts a stored row to a {@link RecordedEvent}, upcasting rows written with an older schema version. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  const position = Number(row.position);
  const type = row.type as NewswindowEventType;
  const current = CURRENT_SCHEMA_VERSION[type] as number | undefined;
  if (current === undefined) throw new CorruptEventError(position, row.type, 'unknown event type');
  let data = row.data;
  if (row.schema_version < current) {
    const upcast = validateEventData(type, row.data, row.schema_version);
    if (!upcast.ok) throw new CorruptEventError(position, row.type, formatIssues(upcast.errors));
    data = upcast.value;
  }
  return {
    type,
    data,
    metadata: row.metadata ?? {},
    position,
    streamId: row.stream_id,
    version: row.version,
    schemaVersion: current,
    idempotencyKey: row.idempotency_key,
    recordedAt: row.recorded_at.toISOString(),
  } as RecordedEvent;
}

const APPEND_TO_STREAM_SQL = `
WITH head AS (SELECT coalesce(max(version), 0) AS v FROM events WHERE stream_id = $1),
checked AS (SELECT v FROM head WHERE $2::integer IS NULL OR v = $2::integer)
INSERT INTO events (stream_id, version, type, schema_version, data, metadata, idempotency_key)
SELECT $1, checked.v + e.ord, e.r->>0, (e.r->>1)::smallint, e.r->2, e.r->3, e.r->>4
FROM checked, json_array_elements($3::json) WITH ORDINALITY AS e(r, ord)
ORDER BY e.ord
RETURNING position, version`;

// $1: json array of {s: streamIndex, t: type, v: schemaVersion, d: data, m: metadata, i: idempotencyKey, k}, grouped by stream in
// input order, where k is the row's 1-based rank in its stream; $2: the distinct stream ids (streamIndex is 1-based).
// Common case, no key of the batch stored yet: version = head + k, no sort. Otherwise the second branch drops the
// stored keys and renumbers each stream with a window, so streams stay contiguous. A concurrent writer can still win
// a version or a key between the check and the insert: the caller retries the statement on 23505.
const APPEND_IDEMPOTENT_SQL = `
WITH input AS MATERIALIZED (
  SELECT e.ord, e.s AS sidx, e.k, e.t AS type, e.v AS schema_version, e.d AS data, e.m AS metadata,
         e.i AS idempotency_key, EXISTS (SELECT 1 FROM events x WHERE x.idempotency_key = e.i) AS stored
  FROM ROWS FROM (json_to_recordset($1::json) AS (s integer, t text, v smallint, d json, m json, i text, k integer))
       WITH ORDINALITY AS e(s, t, v, d, m, i, k, ord)
),
streams AS MATERIALIZED (
  SELECT array_agg(s.stream_id ORDER BY s.ord) AS ids,
         array_agg(coalesce((SELECT max(x.version) FROM events x WHERE x.stream_id = s.stream_id), 0) ORDER BY s.ord) AS heads,
         (SELECT count(*) FROM input WHERE stored) AS n_stored
  FROM unnest($2::text[]) WITH ORDINALITY AS s(stream_id, ord)
)
INSERT INTO events (stream_id, version, type, schema_version, data, metadata, idempotency_key)
SELECT s.ids[f.sidx], s.heads[f.sidx] + f.k, f.type, f.schema_version, f.data, f.metadata, f.idempotency_key
FROM input f CROSS JOIN streams s WHERE s.n_stored = 0
UNION ALL
SELECT s.ids[f.sidx], s.heads[f.sidx] + row_number() OVER (PARTITION BY f.sidx ORDER BY f.ord),
       f.type, f.schema_version, f.data, f.metadata, f.idempotency_key
FROM input f CROSS JOIN streams s WHERE s.n_stored > 0 AND NOT f.stored
RETURNING position, idempotency_key`;

const UPSERT_INBOX_SQL = `
INSERT INTO inbox_offsets (consumer_group, topic, partition, next_offset)
SELECT $1, o.topic, o.partition, o.next_offset
FROM jsonb_to_recordset($2::jsonb) AS o(topic text, partition integer, next_offset bigint)
ON CONFLICT (consumer_group, topic, partition)
DO UPDATE SET next_offset = GREATEST(inbox_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`;

/** How often `appendIdempotent` retries a statement that lost a version race with a concurrent writer. */
const MAX_VERSION_RACE_RETRIES = 5;

const expectedAsNumber = (expected: ExpectedVersion): number | null =>
  expected === 'any' ? null : expected === 'no_stream' ? 0 : expected;

/** The events with their first key, and the keys repeated within the call. */
function dedupeByKey(events: readonly IdempotentEvent[]): { unique: IdempotentEvent[]; repeated: string[] } {
  const seen = new Set<string>();
  const repeated: string[] = [];
  const unique: IdempotentEvent[] = [];
  for (const e of events) {
    if (seen.has(e.idempotencyKey)) repeated.push(e.idempotencyKey);
    else {
      seen.add(e.idempotencyKey);
      unique.push(e);
    }
  }
  return { unique, repeated };
}

/** The parameters of {@link APPEND_IDEMPOTENT_SQL} for a chunk: its rows grouped by stream, and the stream ids. */
function chunkParams(chunk: readonly IdempotentEvent[]): [string, string[]] {
  const byStream = new Map<string, IdempotentEvent[]>();
  for (const e of chunk) {
    const list = byStream.get(e.streamId);
    if (list === undefined) byStream.set(e.streamId, [e]);
    else list.push(e);
  }
  const rows: unknown[] = [];
  let streamIndex = 0;
  for (const list of byStream.values()) {
    streamIndex += 1;
    list.forEach((e, k) =>
      rows.push({
        s: streamIndex,
        t: e.type,
        v: CURRENT_SCHEMA_VERSION[e.type],
        d: e.data,
        m: e.metadata ?? {},
        i: e.idempotencyKey,
        k: k + 1,
      }),
    );
  }
  return [JSON.stringify(rows), [...byStream.keys()]];
}

/** Appends one chunk under a savepoint, re-running it when a concurrent writer took a version or a key meanwhile. */
async function appendChunk(
  client: pg.PoolClient,
  params: [string, string[]],
): Promise<{ position: string; idempotency_key: string }[]> {
  for (let attempt = 0; ; attempt += 1) {
    await client.query('SAVEPOINT append_chunk');
    try {
      const { rows } = await client.query<{ position: string; idempotency_key: string }>(APPEND_IDEMPOTENT_SQL, params);
      await client.query('RELEASE SAVEPOINT append_chunk');
      return rows;
    } catch (err) {
      await client.query('ROLLBACK TO SAVEPOINT append_chunk');
      const classified = classifyPgError(err);
      // A concurrent writer took a version or a key between our check and insert; re-running the statement
      // recomputes both (safe: there is no expected version to honour).
      const lostRace = classified instanceof ConcurrencyError || classified instanceof DuplicateEventError;
      if (!lostRace || attempt >= MAX_VERSION_RACE_RETRIES) throw classified;
    }
  }
}

/** Records the consumer's next offsets in the caller's transaction (exactly-once ingest). */
async function upsertInbox(client: pg.PoolClient, inbox: InboxRecord): Promise<void> {
  if (inbox.offsets.length === 0) return;
  await client.query(UPSERT_INBOX_SQL, [
    inbox.consumerGroup,
    JSON.stringify(
      inbox.offsets.map((o) => ({
        topic: o.topic,
        partition: o.partition,
        next_offset: (BigInt(o.offset) + 1n).toString(),
      })),
    ),
  ]);
}

/** {@link EventStore.appendIdempotent} over `pool`: chunks of one statement each, all in one transaction. */
async function appendIdempotentTo(
  pool: pg.Pool,
  events: readonly IdempotentEvent[],
  options: AppendIdempotentOptions,
): Promise<AppendIdempotentResult> {
  const chunkSize = options.maxRowsPerStatement ?? 100_000;
  const { unique, repeated: duplicateKeys } = dedupeByKey(events);
  const positions: number[] = [];
  const appendedKeys = new Set<string>();
  if (unique.length === 0 && options.inbox === undefined)
    return { appended: 0, duplicates: duplicateKeys.length, duplicateKeys, positions };
  try {
    await withTransaction(pool, async (client) => {
      // Sorting a whole chunk in memory (its rows are presorted) is far cheaper than spilling to disk.
      await client.query("SET LOCAL work_mem = '256MB'");
      for (let start = 0; start < unique.length; start += chunkSize) {
        for (const r of await appendChunk(client, chunkParams(unique.slice(start, start + chunkSize)))) {
          positions.push(Number(r.position));
          appendedKeys.add(r.idempotency_key);
        }
      }
      if (options.inbox !== undefined) await upsertInbox(client, options.inbox);
    });
  } catch (err) {
    throw classifyPgError(err);
  }
  for (const e of unique) if (!appendedKeys.has(e.idempotencyKey)) duplicateKeys.push(e.idempotencyKey);
  positions.sort((a, b) => a - b);
  return { appended: positions.length, duplicates: duplicateKeys.length, duplicateKeys, positions };
}

/**
 * Creates the event store over an injected pool (the caller owns the pool). All writes go through it; Postgres
 * errors are classified by SQLSTATE into the store's error types.
 */
export function createEventStore(pool: pg.Pool): EventStore {
  const streamVersion = async (streamId: string): Promise<number> => {
    const { rows } = await pool.query<{ v: number }>(
      'SELECT coalesce(max(version), 0)::integer AS v FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]?.v ?? 0;
  };

  const appendToStream = async (
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendResult> => {
    const expected = expectedAsNumber(expectedVersion);
    if (events.length === 0) {
      const actual = await streamVersion(streamId);
      if (expected !== null && actual !== expected) throw new ConcurrencyError(streamId, expectedVersion, actual);
      return { nextExpectedVersion: actual, positions: [] };
    }
    const payload = JSON.stringify(
      events.map((e) => [e.type, CURRENT_SCHEMA_VERSION[e.type], e.data, e.metadata ?? {}, e.idempotencyKey ?? null]),
    );
    let rows: { position: string; version: number }[];
    try {
      ({ rows } = await pool.query<{ position: string; version: number }>(APPEND_TO_STREAM_SQL, [
        streamId,
        expected,
        payload,
      ]));
    } catch (err) {
      throw classifyPgError(err, { streamId, expected: expectedVersion });
    }
    if (rows.length === 0) throw new ConcurrencyError(streamId, expectedVersion, await streamVersion(streamId));
    return {
      nextExpectedVersion: Math.max(...rows.map((r) => r.version)),
      positions: rows.map((r) => Number(r.position)).sort((a, b) => a - b),
    };
  };

  const appendIdempotent = (
    events: readonly IdempotentEvent[],
    options: AppendIdempotentOptions = {},
  ): Promise<AppendIdempotentResult> => appendIdempotentTo(pool, events, options);

  const readStream = async (
    streamId: string,
    options: { readonly fromVersion?: number } = {},
  ): Promise<RecordedEvent[]> => {
    const { rows } = await pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version`,
      [streamId, options.fromVersion ?? 1],
    );
    return rows.map(toRecordedEvent);
  };

  const readAll = async (options: ReadAllOptions = {}): Promise<RecordedEvent[]> => {
    const { rows } = await pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE position > $1 AND ($3::text[] IS NULL OR type = ANY($3::text[]))
       ORDER BY position LIMIT $2`,
      [options.fromPosition ?? 0, options.limit ?? 1000, options.types ?? null],
    );
    return rows.map(toRecordedEvent);
  };

  const readInboxOffsets = async (consumerGroup: string, topic?: string): Promise<InboxOffset[]> => {
    const { rows } = await pool.query<{ topic: string; partition: number; next_offset: string }>(
      `SELECT topic, partition, next_offset FROM inbox_offsets
       WHERE consumer_group = $1 AND ($2::text IS NULL OR topic = $2) ORDER BY topic, partition`,
      [consumerGroup, topic ?? null],
    );
    return rows.map((r) => ({ topic: r.topic, partition: r.partition, nextOffset: r.next_offset }));
  };

  return { appendToStream, appendIdempotent, readStream, streamVersion, readAll, readInboxOffsets };
}
