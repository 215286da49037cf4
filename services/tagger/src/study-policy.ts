import type { IssuerRelevance, TaggedStory } from './types';

/**
 * Which stories start event studies. Defaults: a story with at least one event tag, for each issuer it is about with
 * relevance ≥ 50, and for each issuer the source filed it under whose name the text never gives.
 */
export interface StudyPolicy {
  /** Minimum relevance (0–100) of an issuer for its story to start a study of it. Default 50 (the `about` cut). */
  readonly minRelevance?: number;
  /**
   * Study every story as before issue 10 (`--all-stories`): every `about` issuer, tagged or not (untagged stories are
   * studied under `other`). Default false.
   */
  readonly allStories?: boolean;
}

/** The decision for one story: the issuers to study (relevance order) and, when none, why. */
export type StudyDecision =
  | { readonly start: true; readonly issuers: readonly IssuerRelevance[] }
  | { readonly start: false; readonly reason: 'no-event-tag' | 'no-subject-issuer' };

/**
 * Decides whether a tagged story starts studies, and of which issuers (pure). Everything is still stored and tagged
 * either way; this only says what is worth an event study: a story that carries at least one event tag, for each issuer
 * it is about (relevance ≥ `minRelevance`). A source's own filing counts too: an issuer only in the story's `tickers`
 * (the text never names it: "December-quarter results beat estimates" filed under BABA) is studied, unless the story
 * is a round-up. Round-ups, ETF, options and screen pieces link their companies as mentions (named in the text, low
 * relevance), so they start nothing; neither does an untagged story (`other`), unless `allStories`.
 */
export function decideStudies(story: TaggedStory, policy: StudyPolicy = {}): StudyDecision {
  const minRelevance = policy.minRelevance ?? 50;
  if (policy.allStories === true) {
    const issuers = story.relevance.filter((r) => r.about);
    return issuers.length > 0 ? { start: true, issuers } : { start: false, reason: 'no-subject-issuer' };
  }
  if (story.tags.length === 0) return { start: false, reason: 'no-event-tag' };
  const issuers = story.relevance.filter(
    (r) => (r.about && r.relevance >= minRelevance) || (r.mentions === 0 && !story.roundUp),
  );
  return issuers.length > 0 ? { start: true, issuers } : { start: false, reason: 'no-subject-issuer' };
}
