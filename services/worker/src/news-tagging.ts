import type { SecurityMaster } from '@newswindow/reference';
import type { StudyPolicy, LinkingReference } from '@newswindow/tagger';
import { linkStory } from '@newswindow/tagger';
import { listingDirectory } from './master-listings';
import type { LinkedNews } from './tag-appends';
import { newsTaggedAppends, priorWindows } from './tag-appends';
import type { Clock, NewsReader, NewsTagStore, StoredNews } from './ports';

/** What tagging needs: the stored stories, where their tags go, the reference data to link them. */
export interface NewsTaggingDeps {
  readonly news: NewsReader;
  readonly newsTags: NewsTagStore;
  /** The linking data: the security master's names and listings of each publication day (or one undated set). */
  readonly reference: LinkingReference;
  /** Dated listings and benchmarks; without it, the tagger's undated reference data decides. */
  readonly master?: SecurityMaster;
  /** Which stories start studies (default: a tagged story, for each issuer it is about with relevance >= 50). */
  readonly studyPolicy?: StudyPolicy;
  readonly clock?: Clock;
}

/**
 * The one tagging path: `tagNewsEvent` (activity), `computeStudyBatch` (backfills) and the trigger subscription's hooks
 * (stories no workflow tags) all use it.
 */
export interface NewsTagging {
  /**
   * Links the stored stories and appends one `NewsTagged` per story revision (key
   * `news-tagged:<newsId>:<revision>:<sha256>`, so a repeat writes nothing), novelty scored against the stories
   * already tagged on the event in the 24 h before.
   */
  tagStored(stored: readonly StoredNews[], policy?: StudyPolicy): Promise<LinkedNews[]>;
  /** Tags the stories as the news read model has them now (caught up first); retracted or unknown ids are left out. */
  tagById(ids: readonly string[]): Promise<LinkedNews[]>;
}

/** Builds the tagging path over the news reader and the tag store. */
export function createNewsTagging(deps: NewsTaggingDeps): NewsTagging {
  const clock = deps.clock ?? { now: () => new Date() };
  const listings = listingDirectory(deps.master);

  const tagStored = async (
    stored: readonly StoredNews[],
    policy: StudyPolicy = deps.studyPolicy ?? {},
  ): Promise<LinkedNews[]> => {
    const items: LinkedNews[] = stored.map((item) => ({
      news: item,
      linked: linkStory(item, deps.reference, listings, policy),
    }));
    const windows = priorWindows(items);
    const priors = windows.length === 0 ? [] : await deps.newsTags.storiesUnderKeys(windows);
    await deps.newsTags.appendTagged(newsTaggedAppends(items, priors, clock.now().toISOString()));
    return items;
  };

  return {
    tagStored,
    tagById: async (ids) => tagStored(await deps.news.getNews(ids)),
  };
}
