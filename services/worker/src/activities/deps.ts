import type { CalendarProvider, SecurityMaster } from '@newswindow/reference';
import type { AlertOutbox } from '@newswindow/store';
import type { StudyPolicy, LinkingReference } from '@newswindow/tagger';
import type { AlertPolicy } from '../alert-rules';
import type {
  AlertContextReader,
  AlertProducer,
  AlertWebhook,
  BarReader,
  BarWaitRegistry,
  Clock,
  FactorDayReader,
  NewsReader,
  NewsTagStore,
  PriceCache,
  StaleStudyReader,
  StudyWriter,
} from '../ports';
import type { StudySettings } from '@newswindow/engine';

/** The ports the activities run over (composition root: `main.ts`; tests pass fakes or real adapters). */
export interface ActivityDeps {
  readonly news: NewsReader;
  /** Where the tag-and-link step stores each story revision's tags (`NewsTagged`). */
  readonly newsTags: NewsTagStore;
  readonly bars: BarReader;
  readonly studies: StudyWriter;
  readonly priceCache: PriceCache;
  readonly waits: BarWaitRegistry;
  /** Every alert raised, and where its Kafka and webhook deliveries stand (the store's `alert_outbox`). */
  readonly outbox: AlertOutbox;
  readonly alertContext: AlertContextReader;
  readonly producer: AlertProducer;
  /** Absent when no webhook is configured. */
  readonly webhook?: AlertWebhook;
  readonly calendars: CalendarProvider;
  /** Linking data: the security master's names and listings of each publication day (or one undated set). */
  readonly reference: LinkingReference;
  /** The security master: dated listings and the benchmark of each listing and period. */
  readonly master?: SecurityMaster;
  /** Which stories start studies (`NEWSWINDOW_ALL_STORIES`, `NEWSWINDOW_STUDY_MIN_RELEVANCE`); a backfill may widen it. */
  readonly studyPolicy?: StudyPolicy;
  readonly settings: StudySettings;
  /** The ingested factor days, read by factor-model studies (absent: a factor-model study is skipped, reason named). */
  readonly factorDays?: FactorDayReader;
  /** The alert rules and the maximum age of live news. Default: the desk defaults. */
  readonly alertPolicy?: AlertPolicy;
  /** Base URL of the web app, for the study links of alerts. */
  readonly studyBaseUrl?: string | null;
  readonly clock?: Clock;
  /** The studies a bar correction made stale (absent: a correction recomputes nothing). */
  readonly staleStudies?: StaleStudyReader;
}
