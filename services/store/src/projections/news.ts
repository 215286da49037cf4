import { isDateOnly, type NewsContent, type NewsEvent } from '@newswindow/schemas';
import type { RecordedEvent } from '../event-store';
import type { Projection } from './projection';
import { lastByKey, writeRows } from './sql-rows';

/** One row of the `news` table (the latest version of a story). */
export interface NewsRow {
  readonly news_id: string;
  readonly source: string;
  readonly url: string | null;
  readonly headline: string | null;
  readonly body: string | null;
  readonly summary: string | null;
  readonly published_at_raw: string;
  readonly published_at: string;
  readonly published_date: string;
  readonly date_only: boolean;
  readonly language: string;
  readonly source_tickers: readonly string[];
  readonly status: 'published' | 'corrected' | 'retracted';
  readonly revision: number;
  readonly corrected_at: string | null;
  readonly correction_reason: string | null;
  readonly retracted_at: string | null;
  readonly retraction_reason: string | null;
  readonly tagger_version: string | null;
  readonly novelty: number | null;
  readonly similarity_key: string | null;
  readonly first_position: number;
  readonly last_position: number;
}

/** One row of `news_revisions`. */
export interface NewsRevisionRow {
  readonly news_id: string;
  readonly revision: number;
  readonly event_type: string;
  readonly headline: string | null;
  readonly body: string | null;
  readonly summary: string | null;
  readonly published_at_raw: string | null;
  readonly reason: string | null;
  readonly position: number;
  readonly recorded_at: string;
}

const NEWS_COLUMNS: readonly (keyof NewsRow)[] = [
  'news_id',
  'source',
  'url',
  'headline',
  'body',
  'summary',
  'published_at_raw',
  'published_at',
  'published_date',
  'date_only',
  'language',
  'source_tickers',
  'status',
  'revision',
  'corrected_at',
  'correction_reason',
  'retracted_at',
  'retraction_reason',
  'tagger_version',
  'novelty',
  'similarity_key',
  'first_position',
  'last_position',
];

const NEWS_SELECT = NEWS_COLUMNS.map((c) =>
  c === 'first_position' || c === 'last_position'
    ? `${c}::float8 AS ${c}`
    : c === 'published_date'
      ? `to_char(published_date, 'YYYY-MM-DD') AS published_date`
      : c,
).join(', ');

const REVISION_COLUMNS: readonly (keyof NewsRevisionRow)[] = [
  'news_id',
  'revision',
  'event_type',
  'headline',
  'body',
  'summary',
  'published_at_raw',
  'reason',
  'position',
  'recorded_at',
];

/** The instant of a `publishedAt` (midnight UTC for a date-only value), ISO UTC. */
export const publishedInstant = (publishedAt: string): string =>
  isDateOnly(publishedAt) ? `${publishedAt}T00:00:00.000Z` : new Date(publishedAt).toISOString();

const contentColumns = (c: NewsContent) => ({
  source: c.source,
  url: c.url ?? null,
  headline: c.headline ?? null,
  body: c.body ?? null,
  summary: c.summary ?? null,
  published_at_raw: c.publishedAt,
  published_at: publishedInstant(c.publishedAt),
  published_date: c.publishedAt.slice(0, 10),
  date_only: isDateOnly(c.publishedAt),
  language: c.language,
  source_tickers: c.tickers ?? [],
});

/** Result of {@link evolveNews}: the new row (if any) and the revision it adds (if any). */
export interface NewsEvolution {
  readonly row: NewsRow | undefined;
  readonly revision?: NewsRevisionRow;
}

type RecordedNewsEvent = Extract<RecordedEvent, { type: NewsEvent['type'] }>;

/**
 * Pure: the `news` row after `event`. A second `NewsPublished` with the same id counts as a correction (never a
 * silent overwrite); a retraction keeps the last content and marks the story retracted; a tagging updates novelty and
 * the similarity key only. Events for an unknown story that carry no content leave it unknown.
 */
export function evolveNews(state: NewsRow | undefined, event: RecordedNewsEvent): NewsEvolution {
  const revisionRow = (row: NewsRow, reason: string | null): NewsRevisionRow => ({
    news_id: row.news_id,
    revision: row.revision,
    event_type: event.type,
    headline: row.headline,
    body: row.body,
    summary: row.summary,
    published_at_raw: row.published_at_raw,
    reason,
    position: event.position,
    recorded_at: event.recordedAt,
  });
  switch (event.type) {
    case 'NewsPublished':
    case 'NewsCorrected': {
      const d = event.data;
      const isCorrection = state !== undefined || event.type === 'NewsCorrected';
      const correctedAt =
        event.type === 'NewsCorrected' ? (event.data.correctedAt ?? event.recordedAt) : event.recordedAt;
      const reason = event.type === 'NewsCorrected' ? (event.data.reason ?? null) : null;
      const row: NewsRow = {
        news_id: d.id,
        ...contentColumns(d),
        status: isCorrection ? 'corrected' : 'published',
        revision: (state?.revision ?? 0) + 1,
        corrected_at: isCorrection ? new Date(correctedAt).toISOString() : null,
        correction_reason: isCorrection ? reason : null,
        retracted_at: state?.retracted_at ?? null,
        retraction_reason: state?.retraction_reason ?? null,
        tagger_version: state?.tagger_version ?? null,
        novelty: state?.novelty ?? null,
        similarity_key: state?.similarity_key ?? null,
        first_position: state?.first_position ?? event.position,
        last_position: event.position,
      };
      return { row, revision: revisionRow(row, reason) };
    }
    case 'NewsRetracted': {
      if (state === undefined) return { row: undefined };
      const row: NewsRow = {
        ...state,
        status: 'retracted',
        revision: state.revision + 1,
        retracted_at: new Date(event.data.retractedAt ?? event.recordedAt).toISOString(),
        retraction_reason: event.data.reason ?? null,
        last_position: event.position,
      };
      return { row, revision: revisionRow(row, event.data.reason ?? null) };
    }
    case 'NewsTagged': {
      if (state === undefined) return { row: undefined };
      return {
        row: {
          ...state,
          tagger_version: event.data.taggerVersion,
          novelty: event.data.novelty,
          similarity_key: event.data.similarityKey,
          last_position: event.position,
        },
      };
    }
    default: {
      const _exhaustive: never = event;
      throw new Error(`unhandled news event ${JSON.stringify(_exhaustive)}`);
    }
  }
}

const newsIdOf = (e: RecordedNewsEvent): string => (e.type === 'NewsTagged' ? e.data.newsId : e.data.id);

/** `news`, `news_revisions`, `news_tags`, `news_listings`: stories with corrections, retractions and tags. */
export const newsProjection: Projection = {
  name: 'news',
  eventTypes: ['NewsPublished', 'NewsCorrected', 'NewsRetracted', 'NewsTagged'],
  tables: ['news', 'news_revisions', 'news_tags', 'news_listings'],
  async apply(client, events) {
    const newsEvents = events.filter(
      (e): e is RecordedNewsEvent =>
        e.type === 'NewsPublished' ||
        e.type === 'NewsCorrected' ||
        e.type === 'NewsRetracted' ||
        e.type === 'NewsTagged',
    );
    if (newsEvents.length === 0) return;
    const ids = [...new Set(newsEvents.map(newsIdOf))];
    const { rows: current } = await client.query<NewsRow>(
      `SELECT ${NEWS_SELECT} FROM news WHERE news_id = ANY($1::text[])`,
      [ids],
    );
    const state = new Map<string, NewsRow>(
      current.map((r) => [
        r.news_id,
        {
          ...r,
          published_at: new Date(r.published_at).toISOString(),
          corrected_at: r.corrected_at === null ? null : new Date(r.corrected_at).toISOString(),
          retracted_at: r.retracted_at === null ? null : new Date(r.retracted_at).toISOString(),
        },
      ]),
    );
    const changed = new Set<string>();
    const revisions: NewsRevisionRow[] = [];
    const tags: Record<string, unknown>[] = [];
    const links: Record<string, unknown>[] = [];
    const tagged = new Map<string, RecordedNewsEvent & { type: 'NewsTagged' }>();
    for (const e of newsEvents) {
      const id = newsIdOf(e);
      const { row, revision } = evolveNews(state.get(id), e);
      if (row !== undefined) {
        state.set(id, row);
        changed.add(id);
      }
      if (revision !== undefined) revisions.push(revision);
      if (e.type === 'NewsTagged') tagged.set(id, e);
    }
    for (const [id, e] of tagged) {
      for (const t of lastByKey(e.data.tags, (t) => t.type))
        tags.push({
          news_id: id,
          tag: t.type,
          confidence: t.confidence,
          evidence: t.evidence,
          tagger_version: e.data.taggerVersion,
        });
      const roles = [
        ['about', e.data.about],
        ['mentioned', e.data.mentioned],
      ] as const;
      for (const [role, list] of roles)
        for (const l of lastByKey(list, (l) => `${l.exchange}\u0000${l.symbol}`))
          links.push({
            news_id: id,
            role,
            symbol: l.symbol,
            exchange: l.exchange,
            issuer_id: l.issuerId ?? null,
            relevance: l.relevance,
          });
    }
    const rows = [...changed].map((id) => state.get(id)!);
    await writeRows(client, 'news', NEWS_COLUMNS, rows, ['news_id']);
    await writeRows(client, 'news_revisions', REVISION_COLUMNS, revisions, ['news_id', 'revision']);
    if (tagged.size > 0) {
      const taggedIds = [...tagged.keys()];
      await client.query('DELETE FROM news_tags WHERE news_id = ANY($1::text[])', [taggedIds]);
      await client.query('DELETE FROM news_listings WHERE news_id = ANY($1::text[])', [taggedIds]);
      await writeRows(client, 'news_tags', ['news_id', 'tag', 'confidence', 'evidence', 'tagger_version'], tags);
      await writeRows(
        client,
        'news_listings',
        ['news_id', 'role', 'symbol', 'exchange', 'issuer_id', 'relevance'],
        links,
      );
    }
  },
};
