import type { NewsTaggedData } from '@newswindow/schemas';
import type { TaggedStory } from './types';

/** Tagger version stored with each `NewsTagged` event (bump when the rules or the reference data change meaning). */
export const TAGGER_VERSION = '@newswindow/tagger@0.5.0';

/** Options of {@link toNewsTagged}: what the tagger cannot know about a story on its own. */
export interface NewsTaggedOptions {
  /** The story's id in the store. Default: the tagged story's id. */
  readonly newsId?: string;
  /** Default {@link TAGGER_VERSION}. */
  readonly taggerVersion?: string;
  /** 0–100, from `noveltyScore` against the stories seen before it. Default 100 (nothing seen before). */
  readonly novelty?: number;
  /**
   * The key the story's event is filed under (the worker keys by the source's tickers first). Default: the story's
   * first similarity key, or `none:<newsId>` when it has none (no date, tag or subject issuer).
   */
  readonly similarityKey?: string;
  /** ISO-8601 instant with offset. */
  readonly taggedAt?: string;
}

/**
 * The `NewsTagged` payload of a `tagStory` result: every tag with its confidence and evidence (rule phrases with
 * field, offsets and rule name; then the model's strongest features as `{phrase: feature, rule: 'model:<contribution>'}`), the listings the story is about and those merely mentioned, each with its issuer's relevance (100 / 0 when
 * the tagger scored no relevance for the issuer), the novelty and the similarity key.
 */
export function toNewsTagged(story: TaggedStory, options: NewsTaggedOptions = {}): NewsTaggedData {
  const newsId = options.newsId ?? story.id;
  const relevanceOf = (issuerId: string, fallback: number): number =>
    story.relevance.find((r) => r.issuerId === issuerId)?.relevance ?? fallback;
  return {
    newsId,
    taggerVersion: options.taggerVersion ?? TAGGER_VERSION,
    tags: story.tags.map((tag) => ({
      type: tag.type,
      confidence: tag.confidence,
      evidence: [
        ...tag.evidence.map((e) => ({
          phrase: e.phrase,
          field: e.field,
          start: e.start,
          end: e.end,
          rule: e.rule,
        })),
        // The model's strongest features, without offsets (an n-gram may occur anywhere in the story).
        ...(tag.features ?? []).map((f) => ({ phrase: f.feature, rule: `model:${f.contribution}` })),
      ],
    })),
    about: story.about.map((l) => ({
      symbol: l.symbol,
      exchange: l.exchange,
      issuerId: l.issuerId,
      relevance: relevanceOf(l.issuerId, 100),
    })),
    mentioned: story.mentioned.map((l) => ({
      symbol: l.symbol,
      exchange: l.exchange,
      issuerId: l.issuerId,
      relevance: relevanceOf(l.issuerId, 0),
    })),
    novelty: options.novelty ?? 100,
    similarityKey: options.similarityKey ?? story.similarityKeys[0]?.key ?? `none:${newsId}`,
    ...(options.taggedAt === undefined ? {} : { taggedAt: options.taggedAt }),
  };
}
