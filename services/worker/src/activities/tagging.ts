import { ApplicationFailure } from '@temporalio/common';
import type { LinkedListing } from '@newswindow/schemas';
import type { StudyActivities } from '@newswindow/workflows';
import type { NewsTagging } from '../news-tagging';

/** The tag-and-link step of `studyNewsEvent`. */
export function createTaggingActivities(tagging: NewsTagging): Pick<StudyActivities, 'tagNewsEvent'> {
  return {
    async tagNewsEvent({ eventKey, news }) {
      // The workflow was started from the stored story, and the read caught the news projection up first.
      const items = await tagging.tagById(news.map((n) => n.newsId));
      if (items.length === 0) {
        throw ApplicationFailure.nonRetryable(
          `news ${news.map((n) => n.newsId).join(', ')} of ${eventKey} is not readable: retracted, or its projection failed (newswindow db projections failures)`,
          'NewsNotReadableError',
        );
      }
      const tags: string[] = [];
      const listings = new Map<string, LinkedListing>();
      const all = new Map<string, LinkedListing>();
      for (const { linked } of items) {
        for (const t of linked.tags) if (!tags.includes(t)) tags.push(t);
        // A story about two issuers is two events: this workflow studies only its own issuer's listings.
        const own = linked.events.find((e) => e.eventKey === eventKey)?.listings ?? [];
        for (const l of own) if (!listings.has(l.symbol)) listings.set(l.symbol, l);
        for (const l of linked.listings) if (!all.has(l.symbol)) all.set(l.symbol, l);
      }
      // A key no story yields any more (linking changed since the workflow started): study what the stories link to.
      return { tags, listings: [...(listings.size > 0 ? listings : all).values()] };
    },
  };
}
