export { EVENT_TYPES } from './types';
export type {
  EventType,
  Evidence,
  FeatureContribution,
  EvidenceField,
  FundingRole,
  Issuer,
  IssuerMention,
  IssuerRelevance,
  StoryListing,
  Listing,
  ReferenceData,
  StoryEventKey,
  StoryInput,
  Tag,
  TaggedStory,
} from './types';
export { defaultReferenceData, loadReferenceData, mergeReferenceData, ReferenceDataError } from './reference-data';
export { findMentions, listingsOf, resolveIssuer, isGuardedName, isSafeBareTicker } from './linking';
export { referenceDataFromMaster } from './master-reference';
export type { MasterIssuerInput } from './master-reference';
export { RULES, BOILERPLATE } from './rules';
export type { Rule } from './rules';
export {
  tagStory,
  storyModelFeatures,
  storySalienceFeatures,
  defaultTagModel,
  defaultSalienceModel,
} from './tag-story';
export { loadSalienceModel, salienceFeatures, salienceProbability, SalienceModelError } from './model/salience';
export type { SalienceModel, SalienceInput, SalienceCandidate } from './model/salience';
export {
  loadTagModel,
  probabilitiesOfEvidence,
  scoreTypes,
  topContributions,
  typeEvidence,
  typeProbabilities,
  TagModelError,
} from './model/tag-model';
export type { TagModel, TypeScore } from './model/tag-model';
export { storyFeatures, storyFeatureVector, tokens, FEATURE_BITS } from './model/features';
export type { Feature, FeatureVector, RuleSignals } from './model/features';
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
export { decideStudies } from './study-policy';
export type { StudyDecision, StudyPolicy } from './study-policy';
export { linkStory, publicationDay, UNKNOWN_EXCHANGE } from './event-linking';
export type { LinkedStory, LinkedStoryEvent, LinkingReference, ListingDirectory, StoryToLink } from './event-linking';
