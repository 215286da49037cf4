/** The event types the tagger knows. A story with no tag is "other". */
export const EVENT_TYPES = [
  'earnings',
  'guidance',
  'ai_model_launch',
  'product_launch',
  'funding_round',
  'm_and_a',
  'regulatory',
  'legal',
  'analyst_rating',
  'capital_return',
  'management_change',
  'macro_market',
] as const;

/** One of {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * The role an issuer plays in a funding round. `raiser`: the company takes the money (a startup's Series B, or a listed
 * company's share or bond offering). `lead_investor` / `investor`: the company puts money into someone else's round.
 */
export type FundingRole = 'raiser' | 'lead_investor' | 'investor';

/** Which input field an evidence span points into. */
export type EvidenceField = 'headline' | 'text';

/** One auditable reason for a tag: the matched phrase and where it is. Offsets are UTF-16 code-unit indices, end exclusive. */
export interface Evidence {
  readonly field: EvidenceField;
  readonly start: number;
  readonly end: number;
  /** The matched phrase, exactly `input[field].slice(start, end)`. */
  readonly phrase: string;
  /** Name of the rule that matched (stable, for audits and tuning). */
  readonly rule: string;
  /** The rule's weight before context adjustments, 0–1. */
  readonly weight: number;
  /** Issuers named in the same sentence as the phrase. */
  readonly issuerIds: readonly string[];
  /** For `funding_round` only: the role of the company taking the action in that sentence. */
  readonly role?: FundingRole;
}

/** A model feature's share of a tag's score (`w:qwen`, `hb:price target`, `r:analyst-upgrade`…), for audits. */
export interface FeatureContribution {
  readonly feature: string;
  readonly contribution: number;
}

/**
 * One event-type tag with its confidence (0–1) and the evidence behind it: the rule phrases that matched (strongest
 * first) and the model features that weighed most for it.
 */
export interface Tag {
  readonly type: EventType;
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  /** The strongest positive model features behind the tag (absent when tagged by the rules alone). */
  readonly features?: readonly FeatureContribution[];
}

/** A tradable line of an issuer on one exchange. */
export interface Listing {
  /** Vendor-style symbol (`BABA`, `9988.HK`). */
  readonly symbol: string;
  /** ISO 10383 market identifier code of the exchange (`XNYS`, `XNAS`, `XHKG`, `ARCX`). */
  readonly exchange: string;
  /** ISO 4217 trading currency (`USD`, `HKD`). */
  readonly currency: string;
  /** Symbol of the benchmark index used for abnormal returns (`^GSPC`, `^HSI`). */
  readonly benchmark: string;
  /** IANA time zone of the exchange (`America/New_York`, `Asia/Hong_Kong`). */
  readonly timeZone: string;
  /** Whether the bare upper-case symbol (`AAPL`) counts as a mention; false for symbols that are also words (`T`, `CAT`). */
  readonly bareTicker: boolean;
  /** Extra ticker spellings that identify this listing in text (`9988`, `GOOGL`). */
  readonly aliases: readonly string[];
  /**
   * ISO dates (`YYYY-MM-DD`, from inclusive, to exclusive; absent or null = open) of the listing, from the security
   * master: a story dated outside them neither links by this symbol nor lists this listing (AA was Alcoa Inc.'s until
   * 2016-11-01, Alcoa Corp.'s since).
   */
  readonly validFrom?: string | null;
  readonly validTo?: string | null;
}

/** The dates a name identified an issuer (former names: "Alcoa Inc." until 2016-11-01). */
export interface AliasValidity {
  readonly name: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/** A company (or fund) with its names and listings. */
export interface Issuer {
  /** Stable kebab-case id (`alibaba`); used in similarity keys. */
  readonly id: string;
  /** Legal or display name. */
  readonly name: string;
  /** Case-sensitive names and aliases that identify the issuer in text (`Alibaba`, `Alibaba Cloud`). */
  readonly aliases: readonly string[];
  /** IANA time zone used to date the issuer's events (the calendar day in similarity keys). */
  readonly homeTimeZone: string;
  readonly listings: readonly Listing[];
  /**
   * Names made of ordinary words ("Target" of Target Corporation, "Li Auto" of Li Auto Inc): linked only as written and
   * standing alone (not inside a longer capitalised name), and in case-less text only when of several words (a slug's
   * "price target" is not Target).
   */
  readonly wordAliases?: readonly string[];
  /** Dated names (from the security master); a name not listed here identifies the issuer at any date. */
  readonly aliasValidity?: readonly AliasValidity[];
}

/** Validated reference data: issuers and their listings. Build it with `loadReferenceData`. */
export interface ReferenceData {
  readonly version: 1;
  readonly issuers: readonly Issuer[];
}

/** A listing as printed in `about` / `mentioned`, with its issuer. */
export interface StoryListing extends Omit<Listing, 'aliases' | 'bareTicker'> {
  readonly issuerId: string;
  readonly issuerName: string;
}

/** Where an issuer was found in the story. */
export interface IssuerMention {
  readonly issuerId: string;
  readonly field: EvidenceField;
  readonly start: number;
  readonly end: number;
  readonly phrase: string;
  readonly kind: 'name' | 'ticker';
}

/** Relevance of the story to one issuer, 0–100 (100 = the issuer is the subject, ≤ 20 = passing mention). */
export interface IssuerRelevance {
  readonly issuerId: string;
  readonly relevance: number;
  /** True when the issuer is a subject of the story (relevance ≥ 50). */
  readonly about: boolean;
  readonly mentions: number;
  /** Funding-round role of this issuer when the story has a `funding_round` tag and the role is known. */
  readonly fundingRole?: FundingRole;
}

/** A news item to tag. `publishedAt` is an ISO-8601 instant with offset (or a date); it is needed for similarity keys. */
export interface StoryInput {
  readonly id: string;
  readonly headline?: string;
  readonly text: string;
  readonly publishedAt?: string;
  /** Tickers the source attached; they are linked as (at least) mentions even when the text does not name them. */
  readonly tickers?: readonly string[];
}

/** The similarity key of one (issuer, event type) pair of a story. */
export interface StoryEventKey {
  readonly issuerId: string;
  readonly eventType: EventType;
  readonly key: string;
}

/** Everything the tagger says about one story. */
export interface TaggedStory {
  readonly id: string;
  readonly tags: readonly Tag[];
  /** Listings of the issuers the story is about. */
  readonly about: readonly StoryListing[];
  /** Listings of issuers merely mentioned. */
  readonly mentioned: readonly StoryListing[];
  /** Relevance per linked issuer, highest first. */
  readonly relevance: readonly IssuerRelevance[];
  /** True when the story looks like a market round-up (lists of movers, index moves) rather than company news. */
  readonly roundUp: boolean;
  /** One key per (about-issuer, tag) pair; empty when the story has no date, no tag or no subject issuer. */
  readonly similarityKeys: readonly StoryEventKey[];
  readonly mentions: readonly IssuerMention[];
}
