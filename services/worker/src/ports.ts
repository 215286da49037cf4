import type { DailyClose, EventWindowAlertData } from '@newswindow/schemas';
import type { StaleStudy } from '@newswindow/store';
import type { AlertContext } from './alerts';

// The store's readers and writers are the activities' data ports (`@newswindow/store`, "Readers and writers").
export type {
  BarReader,
  FactorDayReader,
  NewsReader,
  NewsTagStore,
  StoredNews,
  StudyWriter,
  TagStudy,
  TagStudyReader,
} from '@newswindow/store';

/** The studies a bar correction made stale (`v_stale_studies`, read after the projections caught up). */
export interface StaleStudyReader {
  staleStudies(bar: { readonly symbol: string; readonly sessionDate: string }): Promise<StaleStudy[]>;
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
