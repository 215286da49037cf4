import type { SecurityMaster } from '@newswindow/reference';
import type { ReferenceData } from '@newswindow/tagger';
import { NewsNotYetStoredError } from './errors';
import { linkStory } from './event-linking';
import type { LinkedNews } from './news-tagged';
import { contentHash, newsTaggedAppends, priorWindows } from './news-tagged';
import type { Clock, NewsReader, NewsTagStore, StoredNews } from './ports';

/** What tagging needs: the stored stories, where their tags go, the reference data to link them. */
export interface NewsTaggingDeps {
  readonly news: NewsReader;
  readonly newsTags: NewsTagStore;
  readonly reference: ReferenceData;
  /** Dated listings and benchmarks; without it, the tagger's undated reference data decides. */
  readonly master?: SecurityMaster;
  readonly clock?: Clock;
}

/** Options of {@link NewsTagging.tagWhenStored}. */
export interface TagWhenStoredOptions {
  /** Give up (throw `NewsNotYetStoredError`) when the story is not stored after this long. Default 30 s. */
  readonly timeoutMs?: number;
  /** When the stored story's content differs from the message's, wait this long for the revision to land. Default 2 s. */
  readonly revisionGraceMs?: number;
  /** First poll interval (doubles up to 1 s). Default 50 ms. */
  readonly intervalMs?: number;
}

/**
 * The one tagging path: `tagNewsEvent` (activity), `computeStudyBatch` (backfills) and the trigger consumer (stories no
 * workflow tags) all use it.
 */
export interface NewsTagging {
  /**
   * Links the stored stories and appends one `NewsTagged` per story revision (key
   * `news-tagged:<newsId>:<revision>:<sha256>`, so a repeat writes nothing), novelty scored against the stories
   * already tagged on the event in the 24 h before.
   */
  tagStored(stored: readonly StoredNews[]): Promise<LinkedNews[]>;
  /**
   * Tags a story as the store has it, once the ingest consumer has stored it: waits (bounded) for the story, and a
   * little longer when the stored content is not the message's yet (a correction still on its way).
   */
  tagWhenStored(news: StoredNews, options?: TagWhenStoredOptions): Promise<LinkedNews[]>;
}

const pause = (ms: number): Promise<void> => new Promise((ok) => setTimeout(ok, ms));

/** Builds the tagging path over the news reader and the tag store. */
export function createNewsTagging(deps: NewsTaggingDeps): NewsTagging {
  const clock = deps.clock ?? { now: () => new Date() };

  const tagStored = async (stored: readonly StoredNews[]): Promise<LinkedNews[]> => {
    const items: LinkedNews[] = stored.map((item) => ({
      news: item,
      linked: linkStory(item, deps.reference, deps.master),
    }));
    const windows = priorWindows(items);
    const priors = windows.length === 0 ? [] : await deps.newsTags.taggedOnEvents(windows);
    await deps.newsTags.appendTagged(newsTaggedAppends(items, priors, clock.now().toISOString()));
    return items;
  };

  return {
    tagStored,
    async tagWhenStored(news, options = {}) {
      const timeoutMs = options.timeoutMs ?? 30_000;
      const graceMs = options.revisionGraceMs ?? 2_000;
      const want = contentHash(news);
      const started = Date.now();
      let interval = options.intervalMs ?? 50;
      let firstSeenAt: number | undefined;
      for (;;) {
        const [stored] = await deps.news.getNews([news.id]);
        const waited = Date.now() - started;
        if (stored !== undefined) {
          firstSeenAt ??= Date.now();
          if (contentHash(stored) === want || Date.now() - firstSeenAt >= graceMs) return tagStored([stored]);
        } else if (waited >= timeoutMs) {
          throw new NewsNotYetStoredError(news.id, waited);
        }
        await pause(interval);
        interval = Math.min(interval * 2, 1_000);
      }
    },
  };
}
