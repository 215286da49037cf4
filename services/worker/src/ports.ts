import type { BackfillFilter } from '@newswindow/workflows';
import type {
  DailyClose,
  EventWindowAlertData,
  FactorDayValue,
  NewsTaggedData,
  StudyComputedData,
  StudyWindowClosedData,
  TagAggregateComputedData,
} from '@newswindow/schemas';
import type { SeenStory } from '@newswindow/tagger';
import type { AlertContext } from './alerts';

/** A stored news item, as the store's news projection gives it. */
export interface StoredNews {
  readonly id: string;
  readonly source?: string;
  readonly headline?: string;
  readonly body?: string;
  readonly summary?: string;
  /** ISO-8601 with offset, or `YYYY-MM-DD`. */
  readonly publishedAt: string;
  readonly tickers?: readonly string[];
  /** The projection's revision of the story (1 when first published, +1 per correction). */
  readonly revision?: number;
}

/** Reads stored news (the store's news projection). */
export interface NewsReader {
  getNews(ids: readonly string[]): Promise<StoredNews[]>;
  countNews(filter: BackfillFilter): Promise<number>;
  /** News ids after `cursor` (exclusive) in a stable order; `nextCursor` is the last id returned. */
  listNewsIds(
    filter: BackfillFilter,
    cursor: string | null,
    limit: number,
  ): Promise<{ newsIds: string[]; nextCursor: string | null }>;
}

/** Where a story's novelty priors can be: stories of its event family published between `from` and `to`. */
export interface PriorWindow {
  /** `nw1:<issuer>:<type>`. */
  readonly family: string;
  /** ISO instant, inclusive. */
  readonly from: string;
  /** ISO instant, inclusive. */
  readonly to: string;
}

/** Stores the tagger's output per story revision (`NewsTagged`) and reads the stories already tagged on an event. */
export interface NewsTagStore {
  /**
   * Stories tagged with a similarity key of a window's family and published in that window, each once whatever the
   * number of windows it falls in (one query for a whole backfill batch); retracted stories are left out.
   */
  taggedOnEvents(windows: readonly PriorWindow[]): Promise<SeenStory[]>;
  /** Appends the events in one transaction; an idempotency key already stored is skipped. */
  appendTagged(
    events: readonly { readonly data: NewsTaggedData; readonly idempotencyKey: string }[],
  ): Promise<{ appended: number; duplicates: number }>;
}

/** Reads stored daily bars (the store's `daily_bars` projection). */
export interface BarReader {
  /** All stored closes of each symbol, ascending by session. Symbols without bars map to an empty array. */
  loadCloses(symbols: readonly string[]): Promise<Map<string, DailyClose[]>>;
  /** The latest stored session of each symbol (absent when none). */
  latestSessions(symbols: readonly string[]): Promise<Map<string, string>>;
  /**
   * Sessions each symbol has only unadjusted although its studied series (`loadCloses`) is adjusted: closes a study
   * may not use (a series never mixes the kinds). Symbols without any are absent.
   */
  unadjustedOnlySessions(symbols: readonly string[]): Promise<Map<string, ReadonlySet<string>>>;
}

/** Writes studies as `StudyComputed` events (idempotent on the study id), projected into the study tables. */
export interface StudyWriter {
  /**
   * Appends the studies in one transaction. A study whose id is already stored is not written again unless
   * `recompute` is set (then a new version is appended).
   */
  appendStudies(
    studies: readonly StudyComputedData[],
    options: { recompute: boolean },
  ): Promise<{ written: number; existing: number }>;
  /**
   * Appends a `StudyWindowClosed` (idempotent on the study and the session) and, when given, the final study as its
   * `StudyComputed` (idempotent on the study id), in one transaction.
   */
  appendWindowClosed(
    event: StudyWindowClosedData,
    finalStudy?: StudyComputedData,
  ): Promise<{ written: number; existing: number }>;
}

/** Hot price series in Redis, read-through in front of {@link BarReader}. */
export interface PriceCache {
  get(symbol: string): Promise<DailyClose[] | undefined>;
  set(symbol: string, closes: readonly DailyClose[]): Promise<void>;
  /** Called when a new bar of the symbol is stored. */
  invalidate(symbol: string): Promise<void>;
}

/** Which workflows wait for the bar of which (symbol, session). */
export interface BarWaitRegistry {
  register(workflowId: string, symbols: readonly string[], sessionDate: string): Promise<void>;
  /** Workflows waiting for a bar of `symbol` on or before `sessionDate`, with the session each awaits; removes them. */
  takeWaiters(symbol: string, sessionDate: string): Promise<{ workflowId: string; sessionDate: string }[]>;
}

/** Publishes alerts to the deployment's alert topic, in one request. */
export interface AlertProducer {
  publish(alerts: readonly EventWindowAlertData[]): Promise<void>;
}

/** POSTs a signed alert document to the configured webhook (one attempt; Temporal owns the retries). */
export interface AlertWebhook {
  post(alert: EventWindowAlertData): Promise<void>;
}

/** The story and listing context of an alert (headline, source URL, novelty, relevance, issuer). */
export interface AlertContextReader {
  contextOf(newsIds: readonly string[], listing: { symbol: string; exchange: string }): Promise<AlertContext>;
}

/** The wall clock of activities (the workflows use the SDK's). */
export interface Clock {
  now(): Date;
}

/** A computed study of a tag, as the aggregate needs it (the `studies` projection). */
export interface TagStudy {
  readonly studyId: string;
  readonly eventKey: string;
  readonly listing: { readonly symbol: string; readonly exchange: string };
  readonly day0: string;
  readonly marketIndex: string | null;
  readonly computedAt: string;
}

/** Reads the studies behind the tag aggregates and writes the aggregates (`TagAggregateComputed`, idempotent). */
export interface TagStudyReader {
  /** Changes whenever a study row is added or replaced (a cheap check before looking for stale tags). */
  changeMarker(): Promise<string>;
  /** Tags whose aggregate under the design (study ids ending with `suffix`) misses or predates one of their studies. */
  staleTags(suffix: string): Promise<string[]>;
  studiesOfTag(tag: string, suffix: string): Promise<TagStudy[]>;
  /** Runs `work` unless another process is refreshing the aggregates; false when it was skipped. */
  exclusively(work: () => Promise<void>): Promise<boolean>;
  writeAggregates(aggregates: readonly TagAggregateComputedData[]): Promise<void>;
}

/** Reads the stored factor days from `from` through `to` (inclusive `YYYY-MM-DD`; the store's `factor_days`). */
export type FactorDayReader = (range: { from: string; to: string }) => Promise<readonly FactorDayValue[]>;
