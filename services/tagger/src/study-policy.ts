import type { IssuerRelevance, TaggedStory } from './types';

/** Which stories start event studies. Defaults: a subject issuer with relevance ≥ 50 and at least one event tag. */
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
 * either way; this only says what is worth an event study: a story about an issuer (relevance ≥ `minRelevance`) that
 * carries at least one event tag. Round-ups, ETF, options and screen pieces link their companies as mentions, so
 * they start nothing; neither does an untagged story (`other`), unless `allStories`.
 */
export function decideStudies(story: TaggedStory, policy: StudyPolicy = {}): StudyDecision {
  const minRelevance = policy.minRelevance ?? 50;
  if (policy.allStories === true) {
    const issuers = story.relevance.filter((r) => r.about);
    return issuers.length > 0 ? { start: true, issuers } : { start: false, reason: 'no-subject-issuer' };
  }
  if (story.tags.length === 0) return { start: false, reason: 'no-event-tag' };
  const issuers = story.relevance.filter((r) => r.about && r.relevance >= minRelevance);
  return issuers.length > 0 ? { start: true, issuers } : { start: false, reason: 'no-subject-issuer' };
}
