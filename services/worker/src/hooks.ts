import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { SecurityMaster } from '@newswindow/reference';
import type { StudyPolicy, LinkingReference } from '@newswindow/tagger';
import type { StudyNewsEventOptions } from '@newswindow/workflows';
import type { BarCorrection } from '@newswindow/workflows';
import {
  barClosedSignal,
  correctionRecomputeWorkflowId,
  newsJoinedSignal,
  recomputeCorrectedStudies,
  studyNewsEvent,
  studyWorkflowId,
} from '@newswindow/workflows';
import { linkStory } from '@newswindow/tagger';
import { listingDirectory } from './master-listings';
import type { NewsTagging } from './news-tagging';
import type { BarWaitRegistry, PriceCache, StoredNews } from './ports';

/** What the hooks need. */
export interface EventWindowHookDeps {
  readonly client: Client;
  readonly taskQueue: string;
  /** The same linking data, master and study policy as the activities: the hooks start what the activities study. */
  readonly reference: LinkingReference;
  readonly master?: SecurityMaster;
  readonly studyPolicy?: StudyPolicy;
  readonly waits: BarWaitRegistry;
  readonly priceCache: PriceCache;
  /** Tags the stories no workflow tags (no linked listing, or every event already studied). */
  readonly tagging: Pick<NewsTagging, 'tagById'>;
  readonly studyOptions?: StudyNewsEventOptions;
  readonly log?: (line: string) => void;
  /** Prefix of workflow ids (isolates demo runs and tests that share one Temporal namespace). */
  readonly workflowIdPrefix?: string;
}

/**
 * What the trigger subscription calls for each stored fact, in log order: a news item (start or join its event) and a
 * bar (wake waiters). Each call is idempotent: a batch whose hooks failed is delivered again.
 */
export interface EventWindowHooks {
  /**
   * Signal-with-start of the `studyNewsEvent` of each event of the story (one per subject issuer); returns their
   * workflow ids, none for news without a linked listing. A story no workflow will tag (no linked listing, or a late
   * story on events whose studies have completed) is tagged here, on the activity's tagging path.
   */
  onNewsAppended(news: StoredNews): Promise<string[]>;
  /**
   * The events (workflows) a story may start or join: stories sharing one are handed to Temporal one after another in
   * log order; stories without a shared event may go side by side. Without it every story waits for the one before.
   */
  eventKeysOf?(news: StoredNews): readonly string[];
  /** Invalidates the symbol's cached prices and signals every workflow waiting for this session or an earlier one. */
  onBarAppended(bar: { symbol: string; sessionDate: string }): Promise<number>;
  /**
   * Starts the recompute of the studies a `PriceBarCorrected` made stale (`recomputeCorrectedStudies`, one workflow per
   * correction: a correction delivered again starts nothing); returns its workflow id. Called after the bar's wake-up
   * (which dropped the symbol's cached closes).
   */
  onBarCorrected?(correction: BarCorrection): Promise<string>;
}

/** Bar signals sent at once by one wake-up. */
const SIGNALS_IN_FLIGHT = 32;

/** Builds the hooks over a Temporal client, the reference data and the Redis registries. */
export function createEventWindowHooks(deps: EventWindowHookDeps): EventWindowHooks {
  const log = deps.log ?? (() => undefined);
  const listings = listingDirectory(deps.master);
  // The story is stored (the subscription only sees durable events): tag it as the news read model has it now.
  const tagDirectly = async (newsId: string, why: string): Promise<void> => {
    const tagged = await deps.tagging.tagById([newsId]);
    log(
      tagged.length === 0
        ? `news ${newsId}: ${why}; not tagged: retracted since, or not in the news read model (newswindow db projections failures)`
        : `news ${newsId}: ${why}; tagged directly`,
    );
  };
  return {
    eventKeysOf: (news) => linkStory(news, deps.reference).events.map((e) => e.eventKey),
    async onNewsAppended(news) {
      const linked = linkStory(news, deps.reference, listings, deps.studyPolicy);
      if (linked.events.length === 0) {
        const why =
          linked.noStudy === 'no-event-tag' ? 'no event tag' : 'not about an issuer with a listing (study policy)';
        await tagDirectly(news.id, `no study (${why})`);
        return [];
      }
      const ref = {
        newsId: news.id,
        publishedAt: news.publishedAt,
        ...(news.headline === undefined ? {} : { headline: news.headline }),
      };
      const ids: string[] = [];
      let joinedARunningStudy = false;
      for (const { eventKey } of linked.events) {
        const workflowId = `${deps.workflowIdPrefix ?? ''}${studyWorkflowId(eventKey)}`;
        try {
          await deps.client.workflow.signalWithStart(studyNewsEvent, {
            taskQueue: deps.taskQueue,
            workflowId,
            // A later story on a finished event must not compute it again; a failed one may be retried.
            workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
            args: [{ eventKey, news: ref, ...(deps.studyOptions === undefined ? {} : { options: deps.studyOptions }) }],
            signal: newsJoinedSignal,
            signalArgs: [ref],
          });
          joinedARunningStudy = true;
        } catch (err) {
          // The event's study already completed: a late story on it does not change the study.
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          log(`news ${news.id}: event ${eventKey} already studied`);
        }
        ids.push(workflowId);
      }
      // No running study took the story (each of its events was studied already): nothing else will tag it.
      if (!joinedARunningStudy) await tagDirectly(news.id, 'late story');
      return ids;
    },
    async onBarAppended(bar) {
      await deps.priceCache.invalidate(bar.symbol);
      const waiters = await deps.waits.takeWaiters(bar.symbol, bar.sessionDate);
      const signal = async (workflowId: string): Promise<number> => {
        try {
          await deps.client.workflow
            .getHandle(workflowId)
            .signal(barClosedSignal, { symbol: bar.symbol, sessionDate: bar.sessionDate });
          return 1;
        } catch (err) {
          // The workflow finished (timer fallback) or was terminated: nothing waits any more.
          log(
            `bar ${bar.symbol}@${bar.sessionDate}: could not signal ${workflowId}: ${err instanceof Error ? err.message : String(err)}`,
          );
          return 0;
        }
      };
      // A benchmark's bar wakes every study measured against it (80 at one market close in bench:pipeline): one signal
      // after another, the last study heard of its close 12 s after it was stored. A bounded number at a time instead.
      let signalled = 0;
      for (let i = 0; i < waiters.length; i += SIGNALS_IN_FLIGHT) {
        const sent = await Promise.all(waiters.slice(i, i + SIGNALS_IN_FLIGHT).map((x) => signal(x.workflowId)));
        signalled += sent.reduce((a, b) => a + b, 0);
      }
      return signalled;
    },
    async onBarCorrected(correction) {
      const workflowId = `${deps.workflowIdPrefix ?? ''}${correctionRecomputeWorkflowId(correction)}`;
      try {
        await deps.client.workflow.start(recomputeCorrectedStudies, {
          taskQueue: deps.taskQueue,
          workflowId,
          workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          args: [correction],
        });
        log(
          `bar ${correction.symbol}@${correction.sessionDate} corrected (revision ${correction.revision}): ${workflowId}`,
        );
      } catch (err) {
        // The correction was delivered before (a batch replayed): its recompute runs or ran.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      return workflowId;
    },
  };
}
