import {
  confirmInitialisms,
  confirmLowerTickers,
  findMentions,
  issuerById,
  listingsOf,
  resolveIssuer,
} from './linking';
import defaultModelJson from '../data/tag-model.json';
import defaultSalienceJson from '../data/salience-model.json';
import { loadSalienceModel, salienceFeaturesOf, salienceProbability } from './model/salience';
import type { SalienceInput, SalienceModel } from './model/salience';
import { namedFeatures, storyFeatureVector } from './model/features';
import type { Feature, FeatureVector, RuleSignals } from './model/features';
import { loadTagModel, probabilitiesOfEvidence, topContributions, typeEvidence } from './model/tag-model';
import type { TagModel } from './model/tag-model';
import { BOILERPLATE, CONTEXT_RULES, RULE_KEYWORDS, RULES } from './rules';
import { similarityKey } from './similarity-key';
import { splitSentences } from './text';
import type { Sentence } from './text';
import type {
  EventType,
  Evidence,
  EvidenceField,
  FundingRole,
  IssuerMention,
  IssuerRelevance,
  StoryListing,
  ReferenceData,
  StoryEventKey,
  StoryInput,
  Tag,
  TaggedStory,
} from './types';
import { EVENT_TYPES } from './types';

/** The bundled model (`data/tag-model.json`), trained by `training/train_model.py` on the dev set. */
export const defaultTagModel: TagModel = loadTagModel(defaultModelJson);

/** The bundled salience model (`data/salience-model.json`), trained by `training/train_salience.py`. */
export const defaultSalienceModel: SalienceModel = loadSalienceModel(defaultSalienceJson);

/** Tuning knobs of {@link tagStory}; the defaults are what the dev-set figures in the README were measured with. */
export interface TagOptions {
  /**
   * Minimum confidence for a tag to be emitted. Default: the model's per-type thresholds (0.5 on calibrated
   * probabilities unless the model says otherwise); 0.5 with `rulesOnly`.
   */
  readonly threshold?: number;
  /** Minimum relevance for an issuer to count as a subject (`about`). Default 50. */
  readonly aboutThreshold?: number;
  /** The event-type model. Default {@link defaultTagModel}. */
  readonly model?: TagModel;
  /** Tag with the weighted rules alone (the pre-model tagger), for comparisons. Default false. */
  readonly rulesOnly?: boolean;
  /**
   * The salience model that may veto a subject of the rules; `null` scores relevance by the rules alone. Default
   * {@link defaultSalienceModel}.
   */
  readonly salienceModel?: SalienceModel | null;
}

const INVESTOR_CUE =
  /\b(?:led|co-led|leads|leading|lead investors?|participat(?:ed|es|ing)|joined|backed|backing|invest(?:ed|s|ing)? in|among (?:the )?investors|investors? (?:includ(?:e|ed|ing)|such as))\b/i;
const LEAD_CUE = /\b(?:led|co-led|leads|leading|lead investors?)\b/i;
const ROUNDUP_HEAD =
  /\b(?:most active|movers|stocks? to watch|market (?:update|wrap|news)|closing bell|opening bell|sector update|top (?:gainers|losers)|stocks? (?:making|moving|on the move)|stock market news|ETF (?:movers|outflows|inflows))\b/i;
/**
 * Leads of pieces where every company named is incidental (issue 10: round-ups, ETF, options-activity and stock-screen
 * pieces link their companies as mentions, even a company named in the headline).
 */
const LIST_HEAD =
  /\b(?:options?\b|put and call|etfs?\b|most active|movers|stocks? to (?:buy|sell|watch|hold|own|consider)|(?:top|best) (?:ranked )?(?:\w+ ){0,3}stocks|\d+ (?:\w+ ){0,3}(?:stocks|stock (?:trades|picks)|trades|picks)\b|strong (?:buy|sell) stocks|stocks (?:with|showing|set to|poised|crowded)|stock (?:with|showing)|earnings (?:trends|scorecard)|weekly preview|bull and bear|(?:zacks[\w. ]*|featured) highlights|highlights(?::| include)|sector (?:update|leaders|laggards)|analyst blog|vital data|investment ideas|(?:top|etf|portfolio|largest|fund|their|its) holdings|holdings of|inflows?|outflows?|unusual volume|market (?:update|wrap|news)|stock market (?:news|today)|after hours earnings|earnings report for|(?:stocks|shares) on the move|and other (?:\w+ ){0,3}(?:items|stories|news)\b)|^\W*(?:us stocks|wall st(?:reet)?\b)/i;
/** Indices other than the US ones, as a market lead names them ("Alibaba lifts Hang Seng", "FTSE 100 slips"). */
const WORLD_INDEX =
  /hang seng(?: index| tech)?|hsi|ftse(?: 100| 250)?|dax|cac 40|nikkei(?: 225)?|topix|(?:euro )?stoxx(?: 50| 600)?|csi 300|shanghai composite|shenzhen component|russell 2000|tsx|asx(?: 200)?|kospi|sensex|nifty(?: 50)?/
    .source;
/**
 * Leads of market stories: a wire's market slug ("close update …", "daily markets …", Reuters' "METALS-" and
 * "GLOBAL MARKETS-") or an index, the stock market or futures as the subject or object of a market move ("weak intel
 * forecast drags sp 500", "nasdaq futures climb on upbeat meta and amazon results", "wall street limps to close"). The
 * companies such a lead names are the market's examples (annotation guide), so they are mentions.
 */
const MARKET_LEAD = new RegExp(
  [
    /^\W*(?:(?:close|midday|morning|market|closing|opening) update|daily markets?|metals|precious|global markets|emerging markets|(?:us|u\.s\.|european?|asian?|hong kong|hk|china|chinese|japan(?:ese)?|uk|british|canada|canadian|global|world) (?:stocks|shares|markets))\b/
      .source,
    // A wrap opening on the market as a whole, after a dateline ("HELSINKI Thomson Financial - Shares closed little
    // changed, with Cargotec and Huhtamaki dropping sharply").
    /(?:^|\s[-–]\s)\W*(?:shares|stocks|equities) (?:closed|ended|opened|finished|traded|were (?:higher|lower|mixed|flat|little changed))\b/
      .source,
    `\\b(?:drags?|dragged|lifts?|lifted|pushes|pushed|sends?|sent|weighs? on|weighed on|pulls?|pulled|hits?) (?:the )?(?:s&?p(?: 500)?|sp 500|nasdaq|dow|wall st(?:reet)?|stocks|markets?|futures|${WORLD_INDEX})\\b`,
    `\\b(?:s&?p 500|sp 500|nasdaq(?: 100| composite)?|dow(?: jones)?|wall st(?:reet)?|stocks|${WORLD_INDEX}|(?:stock |index |equity |nasdaq |dow |s&?p )?futures)(?: futures)? (?:climb|rise|rises|rally|rallies|gain|gains|fall|falls|slip|slips|drop|drops|close|closes|closed|end|ends|ended|open|opens|limps?|trade (?:higher|lower)|tumble|tumbles|surge|surges|edge|edges|jump|jumps|sink|sinks|dip|dips|extend|extends|rebound|rebounds)\\b`,
  ].join('|'),
  'i',
);
/**
 * Leads of list pieces that are also written about one company ("earnings preview: alcoa aa q4 earnings expected to
 * decline", "alcoa reaches analyst target price"): incidental only when the lead names no company or several.
 */
const LIST_HEAD_UNLESS_ONE =
  /\b(?:earnings preview|upside|target price|wall st(?:reet)?\b|ex[- ]dividend reminder|13f)/i;
/** Before a company in its sentence: it is an investor in someone else's round ("a round led by Nvidia"). */
const INVESTOR_BEFORE =
  /\b(?:(?:co-)?led by|backed by|participation (?:from|of|by)|alongside|investors? (?:includ\w*|such as|like)|from investors)\b[^.;]*$/i;
/** After a company in its sentence: it is an investor ("Nvidia and AMD as strategic investors", "are among investors"). */
const INVESTOR_AFTER =
  /^[^.;]{0,80}?\b(?:as (?:\w+ )?investors?|(?:also )?participated|joined the round|(?:are|were|is|was) (?:also )?(?:among (?:the |its |their )?)?(?:\w+ )?(?:investors|backers)|also invested)\b/i;

/**
 * Other side roles that are not the subject: a lender or bookrunner ("a loan granted by Standard Chartered",
 * "JPMorgan as joint bookrunners"), a yardstick ("could soundhound ai become the next alphabet"), the company whose
 * rival acts ("Geberit's Finnish rival Uponor cut its forecast"), a company named as another's modifier ("Apple
 * supplier Foxconn", "Tesla rival BYD"), a founder's former employer ("founded by former Google DeepMind
 * researchers") and a rival named for context ("to rival OpenAI and Alibaba", "loses ground to Apple").
 */
const SIDE_BEFORE = new RegExp(
  [
    /\b(?:(?:granted|provided|arranged|extended|underwritten) by|(?:become|be|is|as) the next|(?:former|ex-)\s*(?:[\w&.-]+\s+(?:and\s+|or\s+)?){0,3})\s*$/
      .source,
    // A rival named for context, alone or in a short list ("to rival OpenAI and Alibaba", "loses ground to Apple").
    /\b(?:to rival|rivals? (?:such as|like|including)|compet(?:e|es|ing) (?:with|against)|(?:loses?|losing|lost) (?:ground|share|market share) to|to take on|tak(?:es|ing) on|outdo(?:es|ing)?|outpac(?:e|es|ing)|catch(?:es|ing)? up (?:with|to))\s+(?:[\w&.-]+,?\s+(?:and\s+|or\s+)?){0,4}$/
      .source,
    // Examples of a wider group ("warnings from companies such as Caterpillar and Apple"), a founder of something else
    // ("The Climate Pledge co-founded by Amazon").
    /\b(?:companies|firms|groups|names|stocks|peers|businesses|brands) (?:such as|like)\s+(?:[\w&.'’-]+,?\s+(?:and\s+|or\s+)?){0,4}$/
      .source,
    /\bco-?founded by\s*$/.source,
    // Warren Buffett's holding company as the owner of the portfolio a piece is about ("warren buffetts berkshire
    // hathaway portfolio is invested in this").
    /\bbuffett(?:['’]?s)?(?:\s+led)?\s+$/.source,
  ].join('|'),
  'i',
);
/**
 * The same side roles read after the name: the owner of a portfolio a piece is about ("half of warren buffetts
 * berkshire hathaway portfolio is invested in this"), the host of a conference ("will present at the Deutsche Bank
 * Global Materials Conference"), the company whose rival or supplier is named ("Apple supplier Foxconn"), bookrunners.
 */
const SIDE_AFTER =
  /^(?:['’]?s?\s+(?:\$[\d.,]+\s*(?:billion|trillion|bn)\s+)?(?:stock\s+)?portfolio\b|\s+(?:\d+\w*\s+)?(?:annual\s+)?(?:global\s+)?(?:[A-Z&][\w&-]*\s+){0,5}(?:conference|summit|symposium)\b|\s*'\s*s\s+(?:\w+\s+)?(?:rival|peer|competitor)s?\b|\s+(?:key |main |major )?(?:supplier|rival|competitor|peer|backer|vendor|contractor)s?\b|[^.;]{0,40}?\bas (?:joint |global |lead )*(?:bookrunners?|lead managers?|arrangers?|underwriters?)\b)/i;

/**
 * A surname after a title and a given name ("Telstra chief executive Vicki Brady", "chairman Tony Hayward") is a
 * person, not the company of that name (Brady Corporation, Hayward Holdings). Case-sensitive: the given name is
 * capitalised.
 */
const PERSON_BEFORE =
  /\b(?:[Cc]hief [Ee]xecutive(?: [Oo]fficer)?|CEO|CFO|COO|[Cc]hair(?:man|woman|person)?|[Pp]resident|[Ff]ounder|[Dd]irector|[Aa]nalyst|[Mm]inister|[Ss]ecretary|[Gg]overnor)\s+(?:[A-Z][a-z]+\s+){1,2}$/;

/** Syndication footers that name companies as recommendations ("Alcoa Corporation AA presently sports a Zacks Rank #1"). */
const FOOTER =
  /Free Stock Analysis Report|Click to get this free report|(?:currently|presently) (?:has|carries|sports) (?:a |an )?(?:Zacks Rank|Earnings ESP)|Zacks Rank #\d/i;

/**
 * A list lead that names its picks ("3 stocks to watch on monday: alcoa, apple and walmart", "western digital and alcoa
 * highlighted as zacks bull and bear of the day"): the annotation guide makes the named companies co-subjects, unlike
 * unnamed lists ("3 industrial stocks to watch in july").
 */
const NAMED_PICKS = /\bstocks? to watch on (?:mon|tues|wednes|thurs|fri)day\b|\bbull and bear of the day\b/i;
/** A head-to-head lead ("better buy: apple vs. costco"): both companies are its subjects, whatever the format. */
const VERSUS = /\b(?:vs\.?|versus)(?=\s)/i;
const PAREN_TICKER = /\(\s*(?:[A-Z]+\s*:\s*)?[A-Z][A-Z.-]{0,5}\s*\)/g;
/** A rating action right after a name: the named company is the broker ("Morgan Stanley reiterates Alcoa …"). */
const RATING_ACTION_AFTER =
  /^(?:['’]s?)?\s*(?:analysts?\s+(?:[A-Z][\w.'’-]*\s+){0,3})?(?:upgrades?|downgrades?|upgraded|downgraded|reiterat(?:es?|ed)|initiat(?:es?|ed)|maintain(?:s|ed)?|reaffirm(?:s|ed)?|resum(?:es?|ed)|assign(?:s|ed)?|starts? coverage|lift(?:s|ed)?|hik(?:es|ed)|affirm(?:s|ed)?|plac(?:es|ed)|puts?|eyes|raises?|raised|cuts?|lowers?|lowered|boosts?|boosted|trims?|trimmed|keeps?|kept|sees|says)\b/i;
/** Analyst vocabulary in the lead that makes a rating action of its first-named company a broker's call. */
const RATING_LEAD =
  /\b(?:rating|target|coverage|analysts?|overweight|underweight|outperform|underperform|equal[- ]weight|market perform|sector perform|recommendation|buy|sell|hold|neutral|upgrades?|upgraded|downgrades?|downgraded|PT|bullish|bearish|top pick)\b/i;
/**
 * A credit-rating grade or band in the lead ("Moody's lowers Centrica to Baa2", "S&P cuts Ford to junk"): a rating
 * agency's action, read like a broker's. Case-sensitive, and bare "AA"/"A" are left out: they are tickers and words.
 */
const CREDIT_GRADE =
  /(?<![\w-])(?:Aaa|Aa[1-3]|Baa[1-3]|Ba[1-3]|Caa[1-3]|AAA|AA[+-]|BBB[+-]?|BB[+-]?|CCC[+-]?)(?![\w+-])|\b(?:junk|investment[- ]grade)\b/;
/** A rating agency's full name after its short one ("Moody's Investors Service placed …", "S&P Global Ratings cut …"). */
const RATING_AGENCY_AFTER = /^(?:['’]s)?\s+(?:Global\s+)?(?:Investors\s+Service|Ratings)\b/;
/** A rating verb in the passive ("Alibaba upgraded to buy at Goldman", "Apple cut to neutral"): the company is rated. */
const RATING_PASSIVE_AFTER = /^(?:['’]s?)?\s*\w+\s+(?:to|at|by|from)\b/i;
/** The broker named after the rated company ("… at Goldman Sachs", "… raised by Wells Fargo", "…, says Morgan Stanley"). */
const BROKER_BEFORE = /(?:\b(?:at|by|says|said|according to)|\banalysts? (?:at|from))\s+$/i;

interface Hit {
  readonly type: EventType;
  readonly evidence: Evidence;
  /** Sentence-context factor on the rule's weight (1 = none; see CONTEXT_RULES). */
  readonly factor: number;
  readonly companyEvent: boolean;
  readonly sentence: Sentence;
}

const overlaps = (a: Evidence, b: Evidence): boolean => a.field === b.field && a.start < b.end && b.start < a.end;

function fundingRole(sentence: string): FundingRole {
  if (!INVESTOR_CUE.test(sentence)) return 'raiser';
  return LEAD_CUE.test(sentence) ? 'lead_investor' : 'investor';
}

const YEAR =
  /\b(?:in|on|since|during|from) (?:(?:early|late|mid)[- ])?(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:\d{1,2},?\s+)?)?((?:19|20)\d\d)\b/gi;

/** Context factor of one rule type in one sentence: the product of the matching CONTEXT_RULES factors. */
function contextFactor(type: EventType, text: string, publishedYear: number | undefined): number {
  let factor = 1;
  for (const c of CONTEXT_RULES) {
    if (!c.types.includes(type) || !c.re.test(text)) continue;
    if (c.unless?.test(text) === true) continue;
    factor *= c.factor;
  }
  // A sentence dated only in years before the story's year is background for deals, launches and appointments.
  if (
    publishedYear !== undefined &&
    (type === 'm_and_a' || type === 'product_launch' || type === 'management_change')
  ) {
    const years = [...text.matchAll(YEAR)].map((m) => Number(m[1]));
    if (years.length > 0 && years.every((y) => y < publishedYear - 1) && factor === 1) factor = 0.45;
  }
  return factor;
}

/** BOILERPLATE as one pattern: one scan per sentence instead of one per pattern. */
const BOILERPLATE_ANY = new RegExp(BOILERPLATE.map((re) => `(?:${re.source})`).join('|'), 'i');

/**
 * Every distinct keyword of RULE_KEYWORDS, in a table indexed by the low 7 bits of its first two UTF-16 code units
 * (all keywords have ≥ 2): an array lookup per character. Characters outside ASCII share slots with ASCII ones; the
 * `startsWith` check tells them apart.
 */
const KEYWORDS = [...new Set([...RULE_KEYWORDS.values()].flat())];
const slotOf = (c0: number, c1: number): number => ((c0 & 0x7f) << 7) | (c1 & 0x7f);
const KEYWORD_SLOTS: ((readonly [string, number])[] | undefined)[] = new Array<undefined>(1 << 14).fill(undefined);
KEYWORDS.forEach((k, id) => {
  const slot = slotOf(k.charCodeAt(0), k.charCodeAt(1));
  (KEYWORD_SLOTS[slot] ??= []).push([k, id]);
});

/** The rules with a private copy of each pattern (its `lastIndex` is ours) and their keyword ids, if any. */
const COMPILED_RULES = RULES.map((rule) => ({
  rule,
  re: new RegExp(rule.re.source, rule.re.flags.includes('g') ? rule.re.flags : `${rule.re.flags}g`),
}));

/** Keyword id → the indices (into COMPILED_RULES) of the rules it unlocks. */
const RULES_OF_KEYWORD: readonly (readonly number[])[] = KEYWORDS.map((k) =>
  RULES.flatMap((r, i) => (RULE_KEYWORDS.get(r.name)?.includes(k) === true ? [i] : [])),
);
/** Rules without keywords: always run. */
const ALWAYS_RUN = RULES.flatMap((r, i) => (RULE_KEYWORDS.has(r.name) ? [] : [i]));

/**
 * Which rules may match a lower-cased sentence: those with a keyword in it (one pass over the sentence, keywords indexed
 * by their first two characters) plus those without keywords. Returns a per-rule flag.
 */
function rulesToRun(lower: string, run: Uint8Array): Uint8Array {
  run.fill(0);
  for (const i of ALWAYS_RUN) run[i] = 1;
  for (let p = 0; p + 1 < lower.length; p++) {
    const list = KEYWORD_SLOTS[slotOf(lower.charCodeAt(p), lower.charCodeAt(p + 1))];
    if (list === undefined) continue;
    for (const [k, id] of list) if (lower.startsWith(k, p)) for (const i of RULES_OF_KEYWORD[id]!) run[i] = 1;
  }
  return run;
}

function findHits(
  sentences: readonly Sentence[],
  issuersIn: (s: Sentence) => string[],
  publishedYear: number | undefined,
): Hit[] {
  const hits: Hit[] = [];
  const run = new Uint8Array(COMPILED_RULES.length);
  for (const s of sentences) {
    if (BOILERPLATE_ANY.test(s.text)) continue;
    const issuerIds = issuersIn(s);
    const zacks = /Zacks Rank/i.test(s.text);
    const factors = new Map<EventType, number>();
    const factorOf = (t: EventType): number => {
      let f = factors.get(t);
      if (f === undefined) {
        f = contextFactor(t, s.text, publishedYear);
        factors.set(t, f);
      }
      return f;
    };
    rulesToRun(s.text.toLowerCase(), run);
    for (let ri = 0; ri < COMPILED_RULES.length; ri++) {
      if (run[ri] === 0) continue;
      const { rule, re } = COMPILED_RULES[ri]!;
      if (zacks && rule.type === 'analyst_rating') continue;
      // The same matches as `s.text.matchAll(rule.re)`, without cloning the pattern per sentence.
      re.lastIndex = 0;
      for (let m = re.exec(s.text); m !== null; m = re.exec(s.text)) {
        if (m[0] === '') re.lastIndex++;
        if (m[0].trim() === '') continue;
        const start = s.start + m.index;
        const evidence: Evidence = {
          field: s.field,
          start,
          end: start + m[0].length,
          phrase: m[0],
          rule: rule.name,
          weight: rule.weight,
          issuerIds,
          ...(rule.type === 'funding_round' ? { role: fundingRole(s.text) } : {}),
        };
        hits.push({
          type: rule.type,
          evidence,
          factor: factorOf(rule.type),
          companyEvent: rule.companyEvent,
          sentence: s,
        });
      }
    }
  }
  // An AI model launch is not also a generic product launch: drop product hits in a sentence with an AI-model launch.
  const aiSentences = new Set(
    hits.filter((h) => h.type === 'ai_model_launch' && h.evidence.weight * h.factor >= 0.8).map((h) => h.sentence),
  );
  return hits.filter((h) => {
    if (h.type === 'product_launch' && aiSentences.has(h.sentence)) return false;
    // A generic launch verb inside an AI-model phrase is the same evidence.
    if (
      h.type === 'product_launch' &&
      hits.some((o) => o.type === 'ai_model_launch' && overlaps(o.evidence, h.evidence))
    )
      return false;
    return true;
  });
}

function isRoundUp(
  input: StoryInput,
  sentences: readonly Sentence[],
  mentions: readonly IssuerMention[],
  hits: readonly Hit[],
): boolean {
  const lead = input.headline ?? sentences[0]?.text ?? '';
  if (ROUNDUP_HEAD.test(lead)) return true;
  const parenTickers = new Set([...input.text.matchAll(PAREN_TICKER)].map((m) => m[0].replace(/\s+/g, '')));
  if (parenTickers.size >= 3) return true;
  const issuers = new Set(mentions.map((m) => m.issuerId));
  const macro = hits.filter((h) => h.type === 'macro_market').length;
  return issuers.size >= 4 && macro >= 2;
}

/**
 * Issuers acting as the broker in the lead, which has analyst vocabulary or a credit grade: named right before a rating
 * action ("Morgan Stanley reiterates Alcoa AA underweight", "Jefferies cuts Apple price target") with another issuer
 * named before or after them (no other needed beside a credit grade), or after the rated company ("… at Goldman
 * Sachs"). They are mentioned, not the subject. The lead is the headline, or the first sentence of the text.
 */
function brokersInLead(field: 'headline' | 'text', lead: string, mentions: readonly IssuerMention[]): Set<string> {
  const out = new Set<string>();
  // A credit grade makes the rating call plain even when the rated company is not in the reference data ("Moody's
  // downgraded China Evergrande to Ca").
  const grade = CREDIT_GRADE.test(lead);
  if (!grade && !RATING_LEAD.test(lead)) return out;
  const inLead = mentions.filter((m) => m.field === field && m.end <= lead.length);
  for (const m of inLead) {
    const after = lead.slice(m.end, m.end + 40);
    const other = (before: boolean): boolean =>
      inLead.some((o) => (before ? o.end < m.start : o.start > m.end) && o.issuerId !== m.issuerId);
    // "Alibaba upgraded to buy at Goldman Sachs": the rated company in the passive, Goldman the broker.
    // The rated company before the broker counts too ("Tesla rises as Goldman Sachs resumes coverage at Buy").
    if (RATING_ACTION_AFTER.test(after) && !RATING_PASSIVE_AFTER.test(after) && (other(false) || other(true) || grade))
      out.add(m.issuerId);
    else if (grade && RATING_AGENCY_AFTER.test(after)) out.add(m.issuerId);
    else if (BROKER_BEFORE.test(lead.slice(0, m.start)) && other(true)) out.add(m.issuerId);
  }
  return out;
}

/**
 * A fund or investor trading a stake, as the lead's frame ("elliott management sells alcoa exits logmein", "billionaire
 * investor buys more apple"): the annotation guide makes the company whose shares change hands a subject only when it
 * is the headline's subject, and here the fund is.
 */
/** Words that name a fund or an investor trading a stake. */
const STAKE_TRADER_WORDS =
  /management|capital|partners|advisors|investments|billionaires?|gurus?|buffett|icahn|ackman|soros|dalio|burry/.source;
const STAKE_TRADE_BEFORE = new RegExp(
  `\\b(?:${STAKE_TRADER_WORDS})\\b(?:\\s+[\\w&.'’-]+){0,2}?\\s+(?:sells|sold|buys|bought|exits|exited|trims|trimmed|adds(?: to)?|added(?: to)?|boosts|boosted|dumps|dumped|slashes|slashed|reduces|reduced|loads up on|(?:takes|took|builds|built|ups|cuts|raises) (?:a |its |his |her |their )?(?:stake|position|holding)s? in)\\s+(?:(?:more|its|his|her|their|shares of|stake in)\\s+)?(?:[\\w&.-]+,?\\s+(?:and\\s+)?){0,3}$`,
  'i',
);

const STAKE_TRADER = new RegExp(STAKE_TRADER_WORDS, 'i');

function stakeTradesInLead(field: 'headline' | 'text', lead: string, mentions: readonly IssuerMention[]): Set<string> {
  if (!STAKE_TRADER.test(lead)) return new Set();
  return new Set(
    mentions
      .filter(
        (m) =>
          m.field === field &&
          m.end <= lead.length &&
          STAKE_TRADE_BEFORE.test(lead.slice(Math.max(0, m.start - 120), m.start)),
      )
      .map((m) => m.issuerId),
  );
}

/** Words that sit between a company's name and its legal form in its own full name ("Alibaba Group Holding Ltd"). */
const OWN_NAME_WORD =
  /^(?:Group|Holdings?|Co|Company|Corporation|Corp|Inc|International|Industries|Limited|The|&|and|of|Class|[A-Z])$/;
/** Capitalised words, then a legal form, right after a match ("Safran Software Solutions AS", "SNA Holding AS"). */
const LEGAL_FORM_AFTER =
  /^((?:\s+[A-Z][\w&'-]*){1,4}?)\s+(?:Inc|Corp|Corporation|AS|ASA|Oy|Oyj|AB|Abp|LLC|Ltd|Limited|plc|PLC|SA|AG|GmbH|SE|NV|LP|REIT)\b/;

/**
 * A name or symbol that starts a longer company name ("Safran Software Solutions AS" is not Safran, "Nokia Siemens
 * Networks Oy" not Nokia, "SNA Holding AS" not Snap-on's SNA): two or more words before the legal form belong neither
 * to the issuer's names nor to the usual words of a full name. Written capitals only, so slugs and all-caps headlines
 * are unaffected.
 */
function startsOtherCompanysName(m: IssuerMention, field: string, ref: ReferenceData): boolean {
  const x = LEGAL_FORM_AFTER.exec(field.slice(m.end, m.end + 80));
  if (x === null) return false;
  if (m.kind === 'ticker') return true;
  const issuer = resolveIssuer(ref, m.issuerId);
  const own = new Set([issuer?.name ?? '', ...(issuer?.aliases ?? [])].flatMap((n) => n.split(/[\s,.]+/)));
  // Two such words at least: one is often the issuer's own descriptor or former name ("Nordea Bank AB", "Tesla Motors Inc").
  return (
    x[1]!
      .trim()
      .split(/\s+/)
      .filter((w) => !OWN_NAME_WORD.test(w) && !own.has(w)).length >= 2
  );
}

function relevanceOf(
  issuerId: string,
  mentions: readonly IssuerMention[],
  sentences: readonly Sentence[],
  hasHeadline: boolean,
  roundUp: boolean,
  eventSentences: ReadonlySet<Sentence>,
  listStory: boolean,
): number {
  const own = mentions.filter((m) => m.issuerId === issuerId);
  if (own.length === 0) return 5;
  const sentenceOf = (m: IssuerMention): Sentence | undefined =>
    sentences.find((s) => s.field === m.field && s.start <= m.start && m.start < s.end);
  const textSentences = sentences.filter((s) => s.field === 'text');
  // Without a headline the first sentence is the headline and the second the lead.
  const headSentence = hasHeadline ? undefined : textSentences[0];
  const leadSentence = hasHeadline ? textSentences[0] : textSentences[1];
  const inHeadline = own.some(
    (m) => m.field === 'headline' || (headSentence !== undefined && sentenceOf(m) === headSentence),
  );
  const inLead = own.some((m) => {
    const s = sentenceOf(m);
    return s !== undefined && s === leadSentence;
  });
  const distinct = new Set(mentions.map((m) => m.issuerId)).size;
  const share = own.length / mentions.length;
  let score = 0;
  if (inHeadline) score += 55;
  if (inLead) score += 25;
  score += Math.min(20, 5 * (own.length - 1));
  score += Math.round(20 * share);
  if (
    own.some((m) => {
      const s = sentenceOf(m);
      return s !== undefined && eventSentences.has(s);
    })
  )
    score += 10;
  if (distinct >= 5) score -= 10;
  // A company the headline (or, without one, the first sentence) does not name is never the subject: the exemption this
  // replaces (≥ 3 mentions, half of them, headline naming no issuer) gave 4 subjects on the dev set's tune half, all
  // wrong (a transcript's example bank, a column's producer, a screen's member), and no right one on either half.
  if (!inHeadline) score = Math.min(score, 45);
  if ((roundUp && !inHeadline) || listStory) score = Math.min(score, own.every((m) => m.kind === 'ticker') ? 15 : 25);
  return Math.max(0, Math.min(100, score));
}

const combine = (weights: readonly number[]): number => {
  const top = [...weights].sort((a, b) => b - a).slice(0, 3);
  return 1 - top.reduce((acc, w) => acc * (1 - w), 1);
};

/**
 * Investors in someone else's round are mentioned (issue 10 guide: "Amazon in Anthropic's round"): the issuers every
 * mention of which sits in investor position in its sentence, or in another side role (lender, bookrunner, yardstick,
 * the company whose rival acts, a syndication footer's recommendation, a person's surname, a parent qualifying its
 * named unit).
 */
function sideRoleIssuers(
  mentions: readonly IssuerMention[],
  sentences: readonly Sentence[],
  fieldText: (m: IssuerMention) => string,
): Set<string> {
  return new Set(
    [...new Set(mentions.map((m) => m.issuerId))].filter((id) =>
      mentions
        .filter((m) => m.issuerId === id)
        .every((m) => {
          const s = sentences.find((x) => x.field === m.field && x.start <= m.start && m.start < x.end);
          if (s === undefined) return false;
          const text = fieldText(m);
          const before = text.slice(s.start, m.start);
          const after = text.slice(m.end, s.end);
          // A parent named as the possessive of another linked company ("HSBC's Hang Seng Bank") only qualifies it.
          const unitAfter = mentions.some(
            (o) =>
              o.field === m.field &&
              o.issuerId !== id &&
              o.start > m.end &&
              /^['’]s\s+$/.test(text.slice(m.end, o.start)),
          );
          return (
            unitAfter ||
            PERSON_BEFORE.test(before) ||
            INVESTOR_BEFORE.test(before) ||
            INVESTOR_AFTER.test(after) ||
            SIDE_BEFORE.test(before.slice(-80)) ||
            SIDE_AFTER.test(after) ||
            FOOTER.test(text.slice(s.start, s.end))
          );
        }),
    ),
  );
}

/**
 * Tags one story: event types with confidence and evidence, the listings it is about and those merely mentioned,
 * relevance per issuer and one similarity key per (subject issuer, event type).
 *
 * Pure and deterministic: no clock, no I/O; the reference data comes in as an argument (see `defaultReferenceData`).
 * Funding rounds are tagged `funding_round` whichever side the company is on; the side is in each evidence's `role`
 * (`raiser`, `lead_investor`, `investor`) and in the subject's `fundingRole`.
 * @throws InvalidPublishedAtError when `publishedAt` is present but unreadable.
 */
export function tagStory(input: StoryInput, ref: ReferenceData, options: TagOptions = {}): TaggedStory {
  const salience = options.salienceModel === undefined ? defaultSalienceModel : (options.salienceModel ?? undefined);
  const a = analyse(input, ref, options.aboutThreshold ?? 50, salience);
  const tags: Tag[] = [];
  if (options.rulesOnly === true) {
    const threshold = options.threshold ?? 0.5;
    for (const [type, { confidence, evidence }] of a.ruleTags) {
      if (confidence >= threshold) tags.push({ type, confidence, evidence });
    }
  } else {
    const model = options.model ?? defaultTagModel;
    const net = typeEvidence(model, a.features);
    const p = probabilitiesOfEvidence(model, net);
    model.types.forEach((type, ti) => {
      if (p[ti]! < (options.threshold ?? model.thresholds[ti]!)) return;
      // A tag needs the story's own features to speak for it: with a threshold below an empty story's probability
      // (macro_market's prior is ~0.5), a near-empty story would otherwise be tagged by the prior alone.
      if (net[ti]! <= 0) return;
      tags.push({
        type,
        confidence: Math.round(p[ti]! * 1000) / 1000,
        evidence: a.ruleTags.get(type)?.evidence ?? [],
        // Only emitted tags pay for their evidence features.
        features: topContributions(model, a.features, ti),
      });
    });
  }
  tags.sort((x, y) => y.confidence - x.confidence || EVENT_TYPES.indexOf(x.type) - EVENT_TYPES.indexOf(y.type));
  return assemble(input, ref, a, tags);
}

/**
 * The model features of a story exactly as {@link tagStory} computes them (for the training script's dump).
 * @throws InvalidPublishedAtError when `publishedAt` is present but unreadable.
 */
export function storyModelFeatures(input: StoryInput, ref: ReferenceData): Feature[] {
  return namedFeatures(analyse(input, ref, 50, undefined).features);
}

/**
 * The salience features of each issuer the rules scored from its mentions (for the training script's dump), with the
 * rules' relevance and verdict.
 * @throws InvalidPublishedAtError when `publishedAt` is present but unreadable.
 */
export function storySalienceFeatures(
  input: StoryInput,
  ref: ReferenceData,
): { issuerId: string; relevance: number; about: boolean; features: Map<string, number> }[] {
  const { salienceInput } = analyse(input, ref, 50, undefined);
  const featuresOf = salienceFeaturesOf(salienceInput);
  return salienceInput.candidates
    .filter((c) => salienceInput.mentions.some((m) => m.issuerId === c.issuerId))
    .map((c) => ({ ...c, features: featuresOf(c.issuerId) }));
}

/**
 * The relevance of each issuer named in the story becomes the lower of the rules' and the salience model's (its
 * probability × 100): the model can only veto a subject. An issuer known only from the source's tickers keeps the
 * rules' score.
 */
function vetoBySalience<T extends { issuerId: string; relevance: number; mentions: number }>(
  model: SalienceModel,
  input: SalienceInput,
  scored: readonly T[],
): T[] {
  const featuresOf = salienceFeaturesOf(input);
  return scored
    .map((s) =>
      s.mentions === 0
        ? s
        : {
            ...s,
            relevance: Math.min(s.relevance, Math.round(100 * salienceProbability(model, featuresOf(s.issuerId)))),
          },
    )
    .sort((a, b) => b.relevance - a.relevance || a.issuerId.localeCompare(b.issuerId));
}

interface Analysis {
  readonly mentions: readonly IssuerMention[];
  readonly scored: readonly { issuerId: string; relevance: number; mentions: number }[];
  readonly subjects: ReadonlySet<string>;
  readonly roundUp: boolean;
  /** Rule confidence (unthresholded) and evidence per event type. */
  readonly ruleTags: ReadonlyMap<EventType, { confidence: number; evidence: Evidence[] }>;
  readonly features: FeatureVector;
  /** The rules' candidates and the lead, as the salience features read them. */
  readonly salienceInput: SalienceInput;
}

/** The calendar date a story is dated by for linking: the date as written in `publishedAt` (its local date). */
const storyDate = (publishedAt: string | undefined): string | undefined =>
  publishedAt !== undefined && /^\d{4}-\d{2}-\d{2}/.test(publishedAt) ? publishedAt.slice(0, 10) : undefined;

/**
 * Context-adjusted rule weights: each type's rule confidence and evidence, and the rule signals the model reads.
 * `leadSentence` is the text's first sentence when there is no headline: it plays the headline's part.
 */
function weighRuleHits(
  hits: readonly Hit[],
  leadSentence: Sentence | undefined,
  roundUp: boolean,
  subjects: ReadonlySet<string>,
): { ruleTags: Map<EventType, { confidence: number; evidence: Evidence[] }>; signals: RuleSignals } {
  const inLead = (sentence: Sentence): boolean => sentence.field === 'headline' || sentence === leadSentence;
  const byType = new Map<EventType, { weights: number[]; evidence: Evidence[] }>();
  const ruleWeights = new Map<string, number>();
  const leadTypes = new Set<EventType>();
  for (const h of hits) {
    let w = h.evidence.weight * h.factor;
    // A first sentence standing in for the headline gets the headline's bonus unless its context discounts the match
    // ("launched in 1985"): background in a lead is still background.
    if (h.evidence.field === 'headline' || (inLead(h.sentence) && h.factor >= 1)) {
      w = Math.min(0.95, w + 0.1);
      leadTypes.add(h.type);
    }
    // Index or macro colour in a story about a company is context, not a market story.
    if (!roundUp && !h.companyEvent && subjects.size > 0) w *= 0.45;
    if (
      roundUp &&
      h.companyEvent &&
      h.evidence.field !== 'headline' &&
      !h.evidence.issuerIds.some((id) => subjects.has(id))
    )
      w *= 0.6;
    const entry = byType.get(h.type) ?? { weights: [], evidence: [] };
    if (!entry.evidence.some((e) => e.phrase.toLowerCase() === h.evidence.phrase.toLowerCase())) entry.weights.push(w);
    entry.evidence.push(h.evidence);
    byType.set(h.type, entry);
    ruleWeights.set(h.evidence.rule, Math.max(ruleWeights.get(h.evidence.rule) ?? 0, w));
  }
  const ruleTags = new Map<EventType, { confidence: number; evidence: Evidence[] }>();
  for (const type of EVENT_TYPES) {
    const entry = byType.get(type);
    if (entry === undefined) continue;
    const confidence = Math.round(combine(entry.weights) * 1000) / 1000;
    const evidence = [...entry.evidence].sort((x, y) => y.weight - x.weight || x.start - y.start);
    ruleTags.set(type, { confidence, evidence });
  }
  const signals: RuleSignals = {
    rules: ruleWeights,
    confidence: new Map([...ruleTags].map(([t, v]) => [t, v.confidence])),
    inLead: leadTypes,
    roundUp,
  };
  return { ruleTags, signals };
}

function analyse(
  input: StoryInput,
  ref: ReferenceData,
  aboutThreshold: number,
  salience: SalienceModel | undefined,
): Analysis {
  const headline = input.headline ?? '';
  const fieldText = (m: IssuerMention): string => (m.field === 'headline' ? headline : input.text);
  const asOf = storyDate(input.publishedAt);
  const headSentences = headline === '' ? [] : splitSentences(headline, 'headline');
  const sentences = [...headSentences, ...splitSentences(input.text, 'text', headSentences.length)];
  const headMentions = headline === '' ? [] : findMentions(headline, 'headline', ref, asOf);
  const textMentions = findMentions(input.text, 'text', ref, asOf);
  // A slug's lower-case ticker ("aa crosses above…") counts when the story names that issuer elsewhere.
  const named = new Set([...headMentions, ...textMentions].map((m) => m.issuerId));
  // So does an initialism of an issuer the story names in full ("P&G tops estimates. Procter & Gamble's…").
  const confirmed = (value: string, field: EvidenceField, found: readonly IssuerMention[]): IssuerMention[] =>
    confirmInitialisms(value, field, ref, named, confirmLowerTickers(value, field, ref, named, found));
  const mentions = [
    ...(headline === '' ? [] : confirmed(headline, 'headline', headMentions)),
    ...confirmed(input.text, 'text', textMentions),
  ].filter((m) => !startsOtherCompanysName(m, fieldText(m), ref));
  const issuersIn = (s: Sentence): string[] => [
    ...new Set(
      mentions.filter((m) => m.field === s.field && m.start >= s.start && m.end <= s.end).map((m) => m.issuerId),
    ),
  ];
  const yearMatch = input.publishedAt === undefined ? null : /^(\d{4})-/.exec(input.publishedAt);
  const hits = findHits(sentences, issuersIn, yearMatch === null ? undefined : Number(yearMatch[1]));
  const roundUp = isRoundUp(input, sentences, mentions, hits);
  const leadText = headline !== '' ? headline : (sentences[0]?.text ?? '');
  const leadField = headline !== '' ? 'headline' : 'text';
  const leadIssuers = new Set(
    mentions.filter((m) => m.field === leadField && m.end <= leadText.length).map((m) => m.issuerId),
  );
  // A list lead names several companies even when the reference data knows one of them ("ex dividend reminder:
  // carlyle group navios maritime partners and alcoa").
  const unlessOne = LIST_HEAD_UNLESS_ONE.exec(leadText);
  // The guide allows at most three co-subjects: a lead naming four or more companies lists them.
  const listStory =
    leadIssuers.size >= 4 ||
    LIST_HEAD.test(leadText) ||
    MARKET_LEAD.test(leadText) ||
    (unlessOne !== null && (leadIssuers.size !== 1 || /\sand\s/i.test(leadText.slice(unlessOne.index))));
  // Head-to-head pieces: the two companies the lead compares are subjects even in a "stock to buy" format.
  const compared =
    (VERSUS.test(leadText) && leadIssuers.size === 2) || (NAMED_PICKS.test(leadText) && leadIssuers.size <= 3)
      ? leadIssuers
      : new Set<string>();
  const brokers = brokersInLead(leadField, leadText, mentions);
  for (const id of stakeTradesInLead(leadField, leadText, mentions)) brokers.add(id);

  const eventSentences = new Set(hits.filter((h) => h.companyEvent).map((h) => h.sentence));
  const issuerIds = new Set(mentions.map((m) => m.issuerId));
  for (const t of input.tickers ?? []) {
    const issuer = resolveIssuer(ref, t, asOf);
    if (issuer !== undefined) issuerIds.add(issuer.id);
  }
  const investorOnly = sideRoleIssuers(mentions, sentences, fieldText);
  const scored = [...issuerIds].map((id) => {
    const r = relevanceOf(
      id,
      mentions,
      sentences,
      headline !== '',
      roundUp && !compared.has(id),
      eventSentences,
      listStory && !compared.has(id),
    );
    return {
      issuerId: id,
      relevance: brokers.has(id) || investorOnly.has(id) ? Math.min(25, r) : r,
      mentions: mentions.filter((m) => m.issuerId === id).length,
    };
  });
  scored.sort((a, b) => b.relevance - a.relevance || a.issuerId.localeCompare(b.issuerId));
  // The event-type features read the rules' subjects: the tag model was trained on them, whatever the salience says.
  const ruleSubjects = new Set(scored.filter((s) => s.relevance >= aboutThreshold).map((s) => s.issuerId));
  const salienceInput: SalienceInput = {
    lead: leadText,
    leadField,
    mentions,
    candidates: scored.map((s) => ({ ...s, about: ruleSubjects.has(s.issuerId) })),
    roundUp,
  };
  const final = salience === undefined ? scored : vetoBySalience(salience, salienceInput, scored);
  const subjects = new Set(final.filter((s) => s.relevance >= aboutThreshold).map((s) => s.issuerId));

  const { ruleTags, signals } = weighRuleHits(hits, headline === '' ? sentences[0] : undefined, roundUp, ruleSubjects);
  const lead = headline !== '' ? headline : (sentences[0]?.text ?? '');
  const rest = headline !== '' ? input.text : input.text.slice(sentences[0]?.end ?? 0);
  const features = storyFeatureVector(lead, rest, signals);
  return { mentions, scored: final, subjects, roundUp, ruleTags, features, salienceInput };
}

function assemble(input: StoryInput, ref: ReferenceData, a: Analysis, tags: readonly Tag[]): TaggedStory {
  const { mentions, scored, subjects, roundUp } = a;
  const funding = tags.find((t) => t.type === 'funding_round');
  const relevance: IssuerRelevance[] = scored.map((s) => {
    let fundingRole: FundingRole | undefined;
    if (funding !== undefined && subjects.has(s.issuerId)) {
      const own = funding.evidence.find((e) => e.role !== undefined && e.issuerIds.includes(s.issuerId));
      fundingRole = (own ?? funding.evidence.find((e) => e.role !== undefined && e.issuerIds.length === 0))?.role;
    }
    return { ...s, about: subjects.has(s.issuerId), ...(fundingRole === undefined ? {} : { fundingRole }) };
  });

  const about: StoryListing[] = [];
  const mentioned: StoryListing[] = [];
  const similarityKeys: StoryEventKey[] = [];
  for (const s of relevance) {
    const issuer = issuerById(ref, s.issuerId);
    if (issuer === undefined) continue;
    (s.about ? about : mentioned).push(...listingsOf(issuer, storyDate(input.publishedAt)));
    if (!s.about || input.publishedAt === undefined) continue;
    for (const t of tags) {
      const key = similarityKey({
        issuerId: issuer.id,
        eventType: t.type,
        publishedAt: input.publishedAt,
        timeZone: issuer.homeTimeZone,
      });
      similarityKeys.push({ issuerId: issuer.id, eventType: t.type, key });
    }
  }
  return { id: input.id, tags, about, mentioned, relevance, roundUp, similarityKeys, mentions };
}
