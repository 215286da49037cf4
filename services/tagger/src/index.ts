export { EVENT_TYPES } from './types';
export type {
  EventType,
  Evidence,
  EvidenceField,
  FundingRole,
  Issuer,
  IssuerMention,
  IssuerRelevance,
  LinkedListing,
  Listing,
  ReferenceData,
  StoryEventKey,
  StoryInput,
  Tag,
  TaggedStory,
} from './types';
export { defaultReferenceData, loadReferenceData, mergeReferenceData, ReferenceDataError } from './reference-data';
export { findMentions, listingsOf, resolveIssuer } from './linking';
export { RULES, BOILERPLATE } from './rules';
export type { Rule } from './rules';
export { tagStory } from './tag-story';
export { TAGGER_VERSION, toNewsTagged } from './news-tagged';
export type { NewsTaggedOptions } from './news-tagged';
export type { TagOptions } from './tag-story';
export {
  similarityKey,
  eventDay,
  eventFamily,
  InvalidPublishedAtError,
  SIMILARITY_KEY_VERSION,
} from './similarity-key';
export type { SimilarityKeyInput } from './similarity-key';
export { noveltyScore, trackNovelty } from './novelty';
export type { NoveltyOptions, NoveltyResult, SeenStory } from './novelty';
export { splitSentences } from './text';
export type { Sentence } from './text';
