import type { EventType } from './types';

/** One pattern of the rule set: a named regular expression with a weight (0–1) for an event type. */
export interface Rule {
  readonly name: string;
  readonly type: EventType;
  readonly weight: number;
  readonly re: RegExp;
  /** Company-specific events lose weight in market round-ups unless the sentence names a subject issuer. */
  readonly companyEvent: boolean;
}

const LAUNCH =
  '(?:launch(?:es|ed|ing)?|unveil(?:s|ed|ing)?|introduc(?:es|ed|ing|e)|releas(?:es|ed|ing|e)|debut(?:s|ed)?|roll(?:s|ed)? out|rolling out|unveiling|rollout|open-sourc(?:es|ed|ing|e)|show(?:s|ed)? off|announc(?:es|ed|e) (?:the |its |a )?new|(?:goes|went) on sale|start(?:s|ed)? selling|begins? selling|premier(?:es|ed|e)|showcas(?:es|ed|e)|(?:goes|go|went|going) live with)';
const AI_MODEL =
  '(?:(?:AI|A\\.I\\.|artificial[- ]intelligence|language|reasoning|foundation|generative|frontier|multimodal|open[- ]source|open[- ]weight|video[- ]generation|image[- ]generation)[\\w\\s-]{0,20}? models?|LLMs?|large language models?|foundation models?|(?:AI |generative[- ]AI )?chatbots?|AI assistants?|(?:Qwen|GPT-?\\d|ChatGPT|Gemini|Llama|Claude|Ernie|DeepSeek|Grok|Mistral|Gemma|Phi-\\d|Sora|Wan\\d|Bard|Copilot)[\\w-]*(?:\\.\\d[\\w-]*)*)';
const PRODUCT =
  '(?:products?|devices?|iPhones?|iPads?|Mac(?:Book)?s?|Vision Pro|headsets?|smartphones?|phones?|laptops?|PCs?|tablets?|consoles?|TVs?|cameras?|earbuds?|accelerators?|SUVs?|sedans?|hatchbacks?|memberships?|credit cards?|watch(?:es)?|wearables?|vehicles?|cars?|trucks?|EVs?|models? [A-Z0-9]|chips?|processors?|GPUs?|servers?|apps?|services?|platforms?|features?|software|tools?|subscriptions?|stores?|drugs?|vaccines?|therap(?:y|ies)|beverages?|drinks?|flavou?rs?|brands?|line-?up|lines?|collections?|editions?|versions?|generation|games?|consoles?|streaming)';

const rx = (source: string): RegExp => new RegExp(source, 'gi');

/**
 * The hand-written rule set. Patterns are case-insensitive and matched sentence by sentence; the phrase each one
 * matches is the evidence. Weights were set on the tuning half of the dev set (see scripts/evaluate.ts).
 */
export const RULES: readonly Rule[] = [
  // earnings
  ...[
    [
      'results-period',
      0.8,
      "\\b(?:(?:first|second|third|fourth|1st|2nd|3rd|4th|Q[1-4]|june|march|september|december|full|fiscal|half)[- ](?:quarter|year|half)(?:ly)?|quarterly|annual|interim|half-year(?:ly)?)\\b[\\w\\s',-]{0,30}?\\b(?:results?|reports?|earnings|revenues?|sales|profits?|loss(?:es)?|EPS)\\b",
    ],
    [
      'reports-financials',
      0.75,
      '\\b(?:report(?:s|ed|ing)?|post(?:s|ed|ing)?|deliver(?:s|ed)?|announc(?:es|ed))\\b[\\w\\s,$.%-]{0,30}?\\b(?:earnings|revenues?|net (?:income|loss|profit|sales)|profits?|loss(?:es)?|EPS|results)\\b',
    ],
    ['earnings-word', 0.55, '\\bearnings\\b(?! (?:forecast|estimates?|revisions?|growth rate|yield))'],
    [
      'financial-move',
      0.7,
      '\\b(?:net (?:sales|income|profit|loss|revenue)|operating (?:profit|income|loss|result|margin)|pre-?tax (?:profit|loss)|(?:gross|EBITDA|EBIT) (?:margin|profit)|revenues?|sales|turnover|EPS|earnings per share|profit(?: before tax)?)\\b[\\w\\s,-]{0,25}?\\b(?:rose|fell|grew|increased|decreased|declined|dropped|jumped|surged|climbed|slumped|improved|totall?ed|amounted|was|were|came in|doubled|tripled|halved|up|down)\\b',
    ],
    [
      'beat-miss',
      0.7,
      '\\b(?:beat|beats|missed|misses|top(?:s|ped)?|exceed(?:s|ed)?)\\b[\\w\\s,-]{0,25}?\\b(?:estimates|expectations|consensus|forecasts?)\\b',
    ],
    ['eps-figure', 0.6, '\\b(?:EPS|earnings per share|per-share (?:earnings|profit))\\b'],
    [
      'earnings-call',
      0.7,
      '\\b(?:earnings (?:call|report|release|season|preview|date|beat|miss)|conference call to discuss (?:its )?(?:results|earnings))\\b',
    ],
    [
      'to-report',
      0.7,
      '\\bto (?:report|post|announce) (?:Q[1-4] |(?:first|second|third|fourth)[- ]quarter |quarterly |fiscal )?(?:earnings|results)\\b',
    ],
    ['triple-digit-growth', 0.4, '\\b(?:double|triple)[- ]digit (?:growth|increase)\\b'],
  ].map(([name, weight, re]) => ({
    name: `earnings/${name as string}`,
    type: 'earnings' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // guidance
  ...[
    ['guidance-word', 0.5, '\\bguidance\\b'],
    // A bare "outlook" is as often an industry, stock or rating-agency outlook as a company's: weak on its own.
    ['outlook-word', 0.35, '\\boutlook\\b'],
    [
      'company-outlook',
      0.75,
      "\\b(?:its|their|the company's|full[- ]year|annual|fiscal|FY|earnings|revenue|sales|profit|20\\d\\d) (?:outlook|guidance|forecast|profit view|view)\\b",
    ],
    [
      'company-expects',
      0.7,
      '\\b(?:expects?|anticipates?|forecasts?|projects?|estimates?|sees)\\b[\\w\\s,-]{0,40}?\\b(?:net sales|revenues?|sales|operating (?:profit|income|result)|profits?|earnings|EBITDA|margins?|turnover|result|shipments|production|output|volumes?|capex|capital expenditure|spending)\\b[\\w\\s,-]{0,40}?\\b(?:to|will|in|for) \\b(?:be|increase|grow|rise|decline|decrease|remain|improve|fall|reach|exceed|range|total|stay|2\\d\\d\\d|the)\\b',
    ],
    [
      'raise-cut-forecast',
      0.8,
      '\\b(?:raise[sd]?|rais(?:es|ing)|lift(?:s|ed|ing)?|boost(?:s|ed)?|cuts|cut its|cutting|lowers|lowered|lowering|reduc(?:es|ed)|trim(?:s|med)?|reaffirm(?:s|ed)?|maintain(?:s|ed)?|reiterat(?:es|ed)|withdr(?:aws|ew)|narrow(?:s|ed)?|updat(?:es|ed)|keeps|kept|keeping|defer(?:s|red)?|suspend(?:s|ed)?|issu(?:es|ed)|initiat(?:es|ed)|gives|gave|provid(?:es|ed))\\b[\\w\\s,-]{0,20}?\\b(?:full[- ]year |annual |fiscal |FY\\d* |\\d{4} )?(?:profit |sales |revenue |earnings )?(?:forecast|outlook|guidance|view|targets?)s?\\b',
    ],
    [
      'forecast-for-year',
      0.6,
      '\\b(?:forecasts?|projects?)\\b[\\w\\s,$.-]{0,30}?\\b(?:for (?:the )?(?:full[- ]year|fiscal|the year|20\\d\\d|next year|the (?:current|next|coming) quarter))',
    ],
    // "X sees Q1 sales ...", "forecast fiscal second-quarter profit above estimates": a forward-looking verb with a period and a metric.
    [
      'sees-period-metric',
      0.7,
      '\\b(?:sees|saw|expects?|forecast(?:s|ed)?|predict(?:s|ed)?|project(?:s|ed)?|guides?|guided)\\b[\\w\\s%$.,-]{0,30}?\\b(?:Q[1-4]|first[- ]quarter|second[- ]quarter|third[- ]quarter|fourth[- ]quarter|current[- ]quarter|next[- ]quarter|quarterly|full[- ]year|fiscal|annual|20\\d\\d|this year|next year)\\b[\\w\\s-]{0,25}?\\b(?:sales|revenues?|profits?|earnings|results?|EPS|margins?|investment|capex|capital expenditure|spending)\\b',
    ],
    // Pre-announcements and warnings.
    [
      'profit-warning',
      0.8,
      "\\b(?:profit|earnings|sales|revenue) warnings?\\b|\\bwarns? (?:on|of|about) (?:\\w+ )?(?:profits?|earnings|sales|revenues?|results)\\b|\\b(?:will|would|won't|may|might) not (?:meet|reach|achieve) (?:its |the )?[\\w\\s-]{0,20}?targets?\\b",
    ],
    [
      'result-will-be',
      0.7,
      '\\bsaid (?:that )?its [\\w\\s-]{0,30}?(?:results?|profits?|sales|revenues?|earnings) (?:would|will) (?:fall|rise|increase|decrease|decline|improve|be|exceed|remain|drop|grow)\\b',
    ],
    // A forecast characterised as news ("a bleak forecast", "Intel forecast weighs on chip stocks").
    [
      'forecast-news',
      0.65,
      '\\b(?:dour|bleak|weak|upbeat|strong|disappointing|rosy|gloomy|cautious|soft|tepid|downbeat|lacklustre|lackluster|grim)\\b[\\w\\s-]{0,15}?\\b(?:forecast|outlook|guidance)s?\\b|\\bforecasts? (?:weighs?|drags?|hits|lifts|boosts|sinks?|sends?)\\b',
    ],
    ['spending-plan', 0.45, '\\b(?:plans? to (?:spend|invest)|spending (?:plan|target)|capex (?:plan|budget))\\b'],
    [
      'warn-target',
      0.6,
      "\\bwarn(?:s|ed|ing)? (?:of|that|about) [\\w\\s,'’-]{0,40}?(?:loss(?:es)?|profits?|earnings|revenue|sales|margins?|demand)\\b|\\btarget(?:s|ing)? (?:an? )?(?:operating |net |annual |full-year )?(?:profits?|revenue|sales|margins?|earnings) of\\b|\\bon track (?:for|to (?:hit|reach|deliver|meet))\\b|\\b(?:full-year|full year|annual|fiscal-year) (?:profits?|revenue|sales|earnings|results?) (?:should|will|would) (?:be|match|rise|fall|grow|exceed|come in)\\b",
    ],
    [
      'range-flag-aim',
      0.6,
      '\\b(?:nudg(?:es|ed) up|raises?|raised|lifts?|lifted|narrows?|narrowed|cuts|lowers?|lowered|trims?|trimmed)\\b (?:its |the )?(?:[\\w-]+ ){0,3}?(?:EPS|earnings|profit|revenue|sales|guidance|forecast|outlook|target|margin) range\\b|\\bflag(?:s|ged)? (?:a |an )?(?:[\\w-]+ ){0,3}?(?:loss|losses|profit|decline|drop|fall)\\b|\\btarget(?:s|ing)? (?:[\\w-]+ ){1,3}?(?:profits?|revenue|sales|margins?|earnings|EBITDA|EPS) of\\b|\\baims? (?:for|to reach|to hit) [^.;]{0,40}?\\bby (?:20\\d\\d|fiscal|the end)\\b',
    ],
  ].map(([name, weight, re]) => ({
    name: `guidance/${name as string}`,
    type: 'guidance' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // AI model launches, checked before product launches (see tagStory: an AI-model match suppresses a product match in the same span)
  ...[
    ['launch-model', 0.85, `\\b${LAUNCH}\\b[\\w\\s,'’-]{0,50}?\\b${AI_MODEL}`],
    [
      'model-launch',
      0.8,
      `\\b${AI_MODEL}\\b[\\w\\s,'’-]{0,30}?\\b(?:launch|release|debut|unveiling|rollout)(?:ed|s)?\\b`,
    ],
    [
      'model-name-version',
      0.6,
      '\\b(?:Qwen|GPT|Gemini|Llama|Claude|Ernie|DeepSeek|Grok)[- ]?\\d[\\w-]*(?:\\.\\d[\\w-]*)*(?:-(?:Max|Preview|Pro|Turbo|Ultra|Coder|VL|Omni)\\w*)*',
    ],
    [
      'new-ai',
      0.6,
      '\\bnew (?:AI |generative[- ]AI )?(?:chatbots?|AI models?|language models?|LLMs?|AI assistants?)\\b',
    ],
    [
      'parameters',
      0.5,
      '\\b(?:trillion|billion)[- ]parameters?\\b|\\bwith (?:more than |over )?[\\d.]+ (?:trillion|billion) parameters\\b',
    ],
    [
      'model-release',
      0.6,
      '\\bopen[- ]weights?\\b|\\b(?:put out|puts out|ships?|shipped|drops?|dropped|rolls? out|rolled out|releas(?:es|ed)|unveil(?:s|ed)) [\\w.,\\s-]{0,40}?\\b(?:AI|language|reasoning|foundation|open|open-source|mixture-of-experts|frontier|multimodal|generative(?:-AI)?) models?\\b',
    ],
  ].map(([name, weight, re]) => ({
    name: `ai_model_launch/${name as string}`,
    type: 'ai_model_launch' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // other product launches
  ...[
    ['launch-product', 0.75, `\\b${LAUNCH}\\b[\\w\\s,'’&-]{0,40}?\\b${PRODUCT}\\b`],
    [
      'product-launch',
      0.75,
      `\\b${PRODUCT}\\b[\\w\\s,'’-]{0,15}?\\b(?:launch(?:es|ed)?|debut|release|rollout|unveiling)\\b`,
    ],
    [
      'new-product',
      0.45,
      '\\bnew (?:products?|devices?|iPhones?|models? of|line of|range of|generation of|version of|flagship)\\b',
    ],
    [
      'launch-passive',
      0.6,
      '\\b(?:will|to|would) be (?:launched|introduced|released|unveiled|rolled out)\\b|\\b(?:plans?|planning|set|sets|prepar(?:es|ing)) (?:to )?(?:launch|introduce|release|unveil|roll out)\\b',
    ],
    [
      'launch-bare',
      0.45,
      '\\b(?:launch(?:es|ed)?|unveil(?:s|ed)?|rolls? out|debut(?:s|ed)?|introduc(?:es|ed)|premier(?:es|ed)|(?:goes|went|will go) live|shows? off|showed off|begins? (?:its |the )?roll-?out|began (?:its |the )?roll-?out)\\b',
    ],
    [
      'pre-orders',
      0.6,
      '\\b(?:pre-?orders?|go(?:es)? on sale|went on sale|hit(?:s)? (?:stores|shelves)|available (?:in|at) (?:stores|retail)|available (?:for (?:purchase|pre-?order|order)|to (?:buy|order|customers))|(?:be |become |becomes |is |are )available in the (?:U\\.?S\\.?|UK|US|EU|U\\.K\\.))',
    ],
    [
      'availability',
      0.6,
      '\\b(?:will be|is now|are now|becomes?|became|goes|went) (?:available|on sale) (?:from|on|in|to|at|across)\\b|\\b(?:start(?:s|ed)?|begin(?:s|ning)?|began) (?:deliver(?:ing|ies)|shipping|selling|sales of|taking (?:pre-?)?orders)\\b|\\b(?:first|initial) deliveries\\b|\\bdeliveries (?:will |are due to |to )?(?:start|begin)\\b|\\bhand(?:s|ed)? over the first\\b|\\bsets? (?![\\w\\s-]{0,25}?(?:earnings|results))[\\w\\s-]{0,25}?release (?:date )?(?:for|of|on)\\b|\\b(?:reached|arriv(?:es|ed)|hits?|landed) (?:in |at )?(?:US |U\\.S\\. |UK )?(?:pharmacies|stores|shelves|showrooms|dealerships)\\b|\\bopen(?:s|ed)? (?:its |the )?[\\w\\s-]{0,30}?to (?:UK |US |U\\.S\\. |European )?(?:consumers|customers|the public)\\b',
    ],
  ].map(([name, weight, re]) => ({
    name: `product_launch/${name as string}`,
    type: 'product_launch' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // funding rounds (role decided by the caller from the sentence)
  ...[
    [
      'funding-round',
      0.85,
      '\\b(?:funding|financing|investment|venture|seed|series [A-H]|pre-IPO|angel|equity) rounds?\\b|\\bround of (?:funding|financing)\\b|\\bseries [A-H] (?:funding|financing|investment)\\b',
    ],
    [
      'raised-money',
      0.75,
      '\\brais(?:es|ed|ing|e)\\b[\\w\\s,-]{0,20}?(?:\\$|€|£|¥|HK\\$|US\\$|USD|EUR|RMB)\\s?[\\d.,]+\\s?(?:million|billion|mn|bn|m|b)?\\b',
    ],
    [
      'led-round',
      0.85,
      '\\b(?:led|co-led|leads|leading|participated in|joined|backed)\\b[\\w\\s$.,-]{0,40}?\\b(?:round|financing|funding)\\b',
    ],
    ['lead-investor', 0.75, '\\blead investors?\\b'],
    [
      'valuation',
      0.5,
      '\\bat a (?:post-money |pre-money )?valuation of\\b|\\bvalued at\\b[\\w\\s$.,]{0,20}?\\bin (?:the|its|a) (?:latest |new )?(?:round|funding)\\b',
    ],
    [
      'offering',
      0.6,
      '\\b(?:(?:public|secondary|share|stock|equity|rights|convertible|notes?|bond|debt) (?:offering|issue|placement|sale)s?|private placement|(?:prices?|priced|pricing) (?:of )?(?:its |an? )?(?:\\$[\\d.]+ (?:million|billion) )?(?:offering|notes|senior notes|bonds))\\b',
    ],
    [
      'ipo',
      0.55,
      '\\b(?:IPO|initial public offering|go(?:es|ing)? public(?! as (?:a|an) (?:separate|independent|standalone|stand-alone))|listing debut)\\b',
    ],
    [
      'debt-issue',
      0.65,
      '\\b(?:bonds?|notes|debentures)\\b[\\w\\s,.%€$£-]{0,40}?\\bmaturity\\b|\\b(?:bond|notes|debt) (?:program(?:me)?|issuance)\\b|\\bissu(?:e|es|ed|ing|ance) of (?:[\\w-]+ ){0,2}(?:notes|bonds|debentures|shares)\\b|\\b(?:joint )?bookrunners?\\b|\\bnew shares (?:to be |will be )?(?:offered|issued to (?:the )?(?:public|investors))\\b|\\bshares to be offered\\b',
    ],
    // A named series round ("closed a $6 billion Series C"), money put into a company, loans and bond issues that
    // finance something (the guide counts debt financing as raising money).
    ['series-letter', 0.7, '\\bseries [A-H]\\b'],
    [
      'invested-amount',
      0.75,
      '\\b(?:invest(?:s|ed|ing)?|put(?:s|ting)?|pour(?:s|ed|ing)?|inject(?:s|ed|ing)?)\\b[\\w\\s,-]{0,15}?(?:\\$|€|£|¥|US\\$|HK\\$|EUR|USD|RMB)\\s?[\\d.,]+\\s?(?:million|billion|mln|bln|mn|bn|m|b)?\\b[\\w\\s,-]{0,25}?\\b(?:in|into)\\b',
    ],
    [
      'loan-financing',
      0.6,
      '\\b(?:loans?|credit (?:facility|line)|(?:revolving|term|bridge|syndicated) (?:credit )?(?:facility|loan))\\b[\\w\\s,-]{0,30}?\\b(?:granted|signed|secured|obtained|arranged|provided by|agreement)\\b|\\bfinanc(?:e|es|ed|ing) (?:the |its )?[\\w-]+ (?:through|with) (?:a |an )?(?:[\\w.$€£-]+ ){0,5}?(?:loan|bonds?|notes|credit)\\b|\\bsecur(?:e|es|ed|ing) (?:the )?(?:[\\w-]+ ){0,2}financing\\b',
    ],
    ['issue-bond', 0.65, '\\bissu(?:e|es|ed|ing) (?:a |an )?(?:[\\w.$€£-]+ ){0,6}?(?:bonds?|notes|debentures)\\b'],
    [
      'facility-loan',
      0.6,
      '\\b(?:project|term|bridge|syndicated|revolving|acquisition) (?:finance |financing |credit |loan )?(?:facility|loan)\\b|\\b(?:agree(?:s|d|ing)?|sign(?:s|ed|ing)?|secur(?:es|ed|ing)|gets?|got|obtain(?:s|ed)|receiv(?:es|ed)) (?:a |an )?[\\w$€£.,\\s%-]{0,40}?\\bloan\\b|\\bconvertible (?:senior )?(?:notes?|bonds?|debt|offering)\\b|\\b(?:prices?|priced|pricing|launch(?:es|ed)?|sells?|sold|issues?|issued|rais(?:es|ed|ing)) (?:a |an |its )?[\\w$€£.,\\s-]{0,25}?\\bconvertibles?\\b|\\bzero-coupon (?:notes|bonds)\\b',
    ],
  ].map(([name, weight, re]) => ({
    name: `funding_round/${name as string}`,
    type: 'funding_round' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // mergers and acquisitions
  ...[
    [
      'acquire',
      0.8,
      '\\b(?:acquir(?:es|ed|ing|e)(?! (?:its )?own shares)|acquisitions?(?! of (?:its )?own shares)|takeover|take over(?! as)|buyout|buy-out|merg(?:es|ed|ing|e|er|ers)|tie-up|combination with)\\b',
    ],
    [
      'to-buy',
      0.7,
      '\\b(?:agree(?:s|d)? to (?:buy|purchase|sell)|deal to (?:buy|purchase|sell)|(?:to|will) (?:buy|purchase) (?:a |the )?(?:\\d+(?:\\.\\d+)? ?%|majority|minority|controlling|remaining|rival|startup|company|firm|stake|business|unit|division|assets?))\\b',
    ],
    [
      'divest',
      0.75,
      '\\b(?:divest(?:s|ed|ing|iture|ment)?|dispos(?:es|ed|al) of|(?:sell(?:s|ing)?|offload(?:s|ed|ing)?) (?:its|the|a|their) [\\w\\s%-]{0,40}?(?:stake|business|unit|division|operations|assets|subsidiary|plant|mill|smelter|refinery|holding|interest)|sold (?:its|the|a|their) [\\w\\s%-]{0,20}?(?:stake|business|unit|division|operations|assets|subsidiary|plant|mill|smelter|refinery|holding))\\b',
    ],
    [
      'sell-part',
      0.7,
      '\\b(?:sell(?:s|ing)?|sold|offload(?:s|ed)?)\\b[\\w\\s%,.-]{0,30}?\\bof (?:its|the|their) [\\w\\s-]{0,20}?(?:stake|business|unit|division|operations|assets|subsidiary|shares in)\\b|\\b(?:will|to) be (?:sold|transferred) to\\b|\\basset sales?\\b',
    ],
    [
      'spin-off',
      0.7,
      '\\b(?:spin-?offs?|spin(?:s|ning)? off|spun off|split (?:itself )?into two|separation into two|(?:planned )?separation of (?:its|the)|demerger)\\b',
    ],
    [
      'stake',
      0.55,
      '\\b(?:bought|buys|buy|acquired|takes?|took|raises?|increas(?:es|ed)) (?:a |its |an? additional )?[\\d.]*\\s?%?\\s?(?:stake|holding|interest) in\\b',
    ],
    [
      'stake-deal',
      0.7,
      '\\b(?:bought|buys?|acquired|sold|sells?|option to buy|offer(?:s|ing|ed)? to buy)\\b[\\w\\s.%,-]{0,30}?\\bstake\\b|\\b\\d+(?:\\.\\d+)? ?(?:%|percent|pct) stake\\b',
    ],
    [
      'deal-terms',
      0.6,
      '\\b(?:purchase price|offer price|acquisition (?:price|sum)|the sale will be|(?:deal|transaction|acquisition|merger) is subject to|offer(?:s|ing|ed)? (?:\\$|€|£|EUR|USD) ?[\\d.,]+ ?(?:billion|million|bn|mn) for)\\b',
    ],
    [
      'completed-deal',
      0.8,
      '\\b(?:complet(?:es|ed|ing|e)|clos(?:es|ed|ing|e)|finali[sz](?:es|ed|ing|e))\\b (?:the |its )?(?:sale|divestiture|acquisition|purchase|merger|takeover|disposal) of\\b',
    ],
    [
      'bid',
      0.75,
      "\\b(?:tender offer|takeover (?:bid|offer|approach)|(?:buyout|merger|acquisition|cash|all-cash|cash-and-(?:stock|share)) (?:bid|offer|proposal)|(?:per|a)-share (?:bid|offer)|bid for (?!a |an |the (?:contract|tender|olympics))|(?:rebuff(?:s|ed)?|reject(?:s|ed)?|spurn(?:s|ed)?|turn(?:s|ed)? down) [\\w\\s$£€.,'’-]{0,40}?(?:bid|offer|approach))\\b",
    ],
    [
      'buy-for-amount',
      0.6,
      '\\b(?:(?:to|will|agree(?:s|d)? to|plans? to|offer(?:s|ed)? to) (?:buy|acquire|purchase)|buys|bought)\\b(?! (?:\\d|up to|more|new|additional|back|shares|stock|bonds|notes|debt|treasur))[^;]{1,60}?\\b(?:for|in)\\b[^;]{0,12}?(?:\\$|€|£|¥|HK\\$|US\\$|EUR|USD|GBP|CHF)\\s?[\\d.,]+\\s?(?:billion|million|bn|mn|bln|mln|trillion)\\b',
    ],
    [
      'sell-to-for',
      0.6,
      '\\b(?:sell(?:s|ing)?|sold)\\b(?! (?:shares|stock|notes|bonds|debt|its shares))[^;]{1,80}?\\bto\\b[^;]{1,40}?\\bfor\\b[^;]{0,12}?(?:\\$|€|£|¥|HK\\$|US\\$|EUR|USD|GBP|CHF)\\s?[\\d.,]+\\s?(?:billion|million|bn|mn|bln|mln)\\b',
    ],
    ['joint-venture', 0.4, '\\bjoint venture\\b'],
    // A percentage of a company changing hands ("sells 2.75% of Bharti Airtel", "to offload up to 4.99% of …").
    [
      'percent-of',
      0.6,
      '\\b(?:sell(?:s|ing)?|sold|offload(?:s|ed|ing)?|buy(?:s|ing)?|bought|acquir(?:e|es|ed|ing)|purchas(?:e|es|ed|ing))\\s+(?:(?:up to|about|roughly|around|another|an additional|a further|nearly|almost|some|a)\\s+)*[\\d.]+\\s?(?:%|percent|per cent|pct)\\s+(?:of|in)\\b',
    ],
    // Control changing hands, and deals in talks or planned ("taking full control of", "in talks to buy", "its planned
    // purchase of", "interested in buying").
    [
      'control-talks',
      0.6,
      '\\b(?:tak(?:e|es|ing)|took|gain(?:s|ed|ing)?|seiz(?:e|es|ed|ing)) (?:full |majority |outright |sole )?control of\\b|\\b(?:in (?:advanced |early |exclusive |preliminary )?(?:talks|discussions|negotiations)|looking|interested|exploring|considering|weighing|mulling|eyeing)\\b[^;.]{0,40}?\\b(?:(?:to|in|about) (?:buy(?:ing)?|acquir(?:e|ing)|sell(?:ing)?|merg(?:e|ing)|purchas(?:e|ing)|tak(?:e|ing) over)|(?:about|over|on) (?:an? |the )?(?:possible |potential )?(?:merger|combination|takeover|sale|tie-up))\\b|\\b(?:planned|proposed|pending|agreed|announced) (?:purchase|sale|takeover|buyout) of\\b',
    ],
  ].map(([name, weight, re]) => ({
    name: `m_and_a/${name as string}`,
    type: 'm_and_a' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // regulatory
  ...[
    [
      'regulator',
      0.7,
      '\\b(?:regulat(?:or|ors|ory|ion|ions|ed)|antitrust|anti-monopoly|competition (?:authority|commission|watchdog)|watchdog)\\b',
    ],
    [
      'agency',
      0.65,
      '\\b(?:SEC|FTC|FDA|FCC|EPA|CFTC|FAA|DOJ|ITC|CMA|Department of Justice|Justice Department|European Commission|EU Commission|Commerce Department|Department of Commerce|SAMR|CAC|CSRC|Federal Trade Commission|Securities and Exchange Commission|Food and Drug Administration|International Trade Commission|trade tribunals?|(?:U\\.?S\\.? )?Customs|Competition and Markets Authority|competition authorit(?:y|ies)|Digital Markets Act|DMA|Digital Services Act|GDPR)\\b',
    ],
    // Approval by a regulator is regulatory; approval by a board or a general meeting is not.
    [
      'approval',
      0.7,
      '\\b(?:regulatory|government|FDA|EU|antitrust|competition|merger|SEC|FCC|FTC|federal|state) (?:approvals?|clearances?|authori[sz]ations?|nods?|go-ahead)\\b|\\b(?:approv(?:al|ed)|clear(?:ance|ed)|authori[sz](?:ation|ed)|nod|go-ahead) (?:from|by) (?:the )?(?:[\\w-]+ ){0,3}(?:regulators?|authorit(?:y|ies)|commission|FDA|government|ministry|agency|watchdog|administration)\\b',
    ],
    ['approval-bare', 0.35, '\\b(?:approval|clearance|authori[sz]ation)s?\\b'],
    [
      'ban',
      0.7,
      '\\b(?:import|export|sales?|trade) bans?\\b|\\bbann(?:ed|ing) (?:from|the sale|imports?|exports?)\\b|\\bban on\\b',
    ],
    [
      'law',
      0.65,
      '\\b(?:EU|European|federal|state|new|antitrust|privacy|competition|consumer protection|climate disclosure) (?:laws?|rules|regulations?|legislation)\\b|\\b(?:to comply|complying|compliance) with (?:the )?(?:[\\w-]+ ){0,3}(?:law|rules|regulations?|act|DMA)\\b',
    ],
    [
      'sanction',
      0.7,
      '\\b(?:sanctions?|export (?:controls?|curbs?|restrictions?|bans?|licen[cs]es?)|tariffs?|trade (?:restrictions?|war|curbs?)|entity list|blacklist(?:ed)?)\\b',
    ],
    [
      'probe',
      0.6,
      '\\b(?:probe|investigation|inquiry|crackdown|scrutiny|fined?|penalt(?:y|ies)|subpoena|consent decree)\\b',
    ],
    [
      'government-control',
      0.55,
      "\\b(?:Beijing|Washington|Brussels|government|govt|authorities|lawmakers|Congress|ministry|administration|EU|EU's)\\b[\\w\\s'’,-]{0,30}?\\b(?:control|curbs?|rules?|restrictions?|ban(?:s|ned)?|bill|legislation|order(?:ed|s)?|requir(?:es|ed|ements?)|demand(?:s|ed)?|allow(?:s|ed)|action|fines?|probe)\\b",
    ],
    [
      'fine-approval',
      0.65,
      '\\bfin(?:es|ed|ing)\\b[^.;]{1,60}?(?:€|\\$|£|¥|EUR|USD|GBP|CHF)\\s?[\\d.,]+|(?:€|\\$|£|EUR|USD|GBP)\\s?[\\d.,]+\\s?(?:billion|million|bn|mn|m)?\\s+fine\\b|\\b(?:positive opinion|marketing authori[sz]ation|stress tests?|(?:cleared|clears) (?:the |its )?(?:deal|merger|takeover|acquisition)|licen[cs]es? (?:approved|granted|revoked|suspended))\\b',
    ],
    // A payment that ends an investigation ("agrees to pay $700 million to end a 42-state probe"), and an authority
    // signing off on a deal or project ("after the Department of Telecommunications signed off").
    [
      'settle-probe',
      0.6,
      '\\b(?:pay(?:s|ing)?|paid)\\b[^;.]{0,40}?\\bto (?:settle|end|resolve)\\b[^;.]{0,40}?\\b(?:probe|investigation|inquiry|charges)\\b|\\b(?:regulators?|department|ministry|commission|authorit(?:y|ies)|government|watchdog|agency)\\b[^;.]{0,40}?\\b(?:signs?|signed) off\\b',
    ],
  ].map(([name, weight, re]) => ({
    name: `regulatory/${name as string}`,
    type: 'regulatory' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // legal
  ...[
    [
      'lawsuit',
      0.8,
      '\\b(?:lawsuits?|law suits?|sued|sues|suing|class[- ]action|litigation|plaintiffs?|defendants?|jury|(?<!(?:Fed|policy|rate|market|investors?|Powell)\\W{1,3})verdict|indict(?:ed|ment)|antitrust (?:suit|case|trial)|legal (?:action|battle|dispute|challenge|proceedings?))\\b',
    ],
    ['court', 0.65, '\\b(?:court|judge|ruling|ruled|appeal(?:s|ed)?|tribunal|arbitration)\\b'],
    [
      'patent',
      0.6,
      '\\bpatent (?:infringement|dispute|case|suit|lawsuit|fight|battle|war)s?\\b|\\binfring(?:es|ed|ing|ement)\\b',
    ],
    [
      'settlement',
      0.55,
      '\\bsettle(?:s|d)? (?:a |the )?(?:lawsuit|case|claims?|charges|dispute)\\b|\\blegal settlement\\b|\\bsettlement (?:with|of|to resolve)\\b',
    ],
  ].map(([name, weight, re]) => ({
    name: `legal/${name as string}`,
    type: 'legal' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // analyst ratings
  ...[
    ['up-downgrade', 0.85, '\\b(?:upgrad(?:es|ed|e|ing)|downgrad(?:es|ed|e|ing))\\b'],
    ['price-target', 0.8, '\\b(?:price target|target price|price objective|PT)s?\\b'],
    ['coverage', 0.8, '\\b(?:initiat(?:es|ed|ing)|resum(?:es|ed)|start(?:s|ed)|assum(?:es|ed)) coverage\\b'],
    [
      'rating',
      0.75,
      '\\b(?:outperform|underperform|overweight|underweight|equal[- ]weight|market perform|sector perform|strong buy)\\b|\\b(?:buy|sell|hold|neutral) rating\\b|\\brat(?:es|ed|ing) (?:it |the stock |shares )?(?:a )?(?:buy|sell|hold|neutral)\\b',
    ],
    [
      'analyst-raises',
      0.6,
      '\\banalysts?\\b[\\w\\s,-]{0,40}?\\b(?:rais(?:es|ed)|cut|lower(?:s|ed)|boost(?:s|ed)|reiterat(?:es|ed)|maintain(?:s|ed))\\b',
    ],
    ['zacks-rank', 0.25, '\\bZacks Rank\\b'],
    [
      'rating-move',
      0.7,
      '\\b(?:to|from) (?:strong )?(?:buy|sell|hold|neutral|overweight|underweight|outperform|underperform|equal[- ]weight|market perform|accumulate|reduce)\\b[\\w\\s,-]{0,10}?\\b(?:from|to) (?:strong )?(?:buy|sell|hold|neutral|overweight|underweight|outperform|underperform|equal[- ]weight|market perform|accumulate|reduce)\\b|\\b(?:lifts?|raises?|cuts?|lowers?|trims?|boosts?|hikes?) (?:its |the )?target (?:price )?(?:to|on)\\b',
    ],
  ].map(([name, weight, re]) => ({
    name: `analyst_rating/${name as string}`,
    type: 'analyst_rating' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // capital return
  ...[
    [
      'dividend-action',
      0.85,
      '\\b(?:declar(?:es|ed|e)|rais(?:es|ed|e)|increas(?:es|ed|e)|hik(?:es|ed|e)|boost(?:s|ed)?|cut(?:s)?|suspend(?:s|ed)?|reinstat(?:es|ed|e)|initiat(?:es|ed|e)|pay(?:s)?|paid|approv(?:es|ed)|propos(?:es|ed))\\b[\\w\\s,$.-]{0,30}?\\bdividends?\\b',
    ],
    [
      'dividend-of',
      0.75,
      '\\b(?:(?:quarterly|annual|special|interim|final|cash) dividends?|dividends? of|dividend (?:payment|increase|hike|cut|per share))\\b',
    ],
    [
      'buyback',
      0.85,
      '\\b(?:buybacks?|buy-backs?|(?:share|stock) repurchases?|repurchas(?:es|ed|e|ing) (?:of )?(?:its |own )?(?:shares|stock)|return (?:capital|cash) to shareholders|capital return)\\b',
    ],
    [
      'dividend-word',
      0.4,
      '\\bdividends?\\b(?! (?:yield|stocks?|ETFs?|aristocrats?|growth stocks?|investors?|payers?|funds?))',
    ],
    [
      'dividend-dates',
      0.7,
      '\\b(?:ex-dividend|record date for (?:the )?dividend|dividend (?:is|will be) payable|payable on|shareholders of record)\\b',
    ],
    [
      'own-shares',
      0.7,
      '\\b(?:acquir(?:e|ing|ed)|acquisition of|repurchas(?:e|ing|ed)|buy(?:ing)? back) (?:its )?own shares\\b',
    ],
  ].map(([name, weight, re]) => ({
    name: `capital_return/${name as string}`,
    type: 'capital_return' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // management change
  ...[
    [
      'appointed',
      0.85,
      "\\b(?:(?<!(?:newly|recently|previously) )appoint(?:s|ed|ing)?\\b[\\w\\s,.-]{0,50}?\\b(?:CEO|CFO|COO|CTO|chief|president|chair(?:man|woman|person)?|head|director|executive|officer|manager|vice president|VP|board|partner|treasurer|secretary)|(?:has|have|was|were|is|been) appointed|(?<!(?:newly|recently|previously) )nam(?:es|ed) (?:as |its |a |new )?(?:new )?(?:CEO|CFO|COO|CTO|chief|president|chair(?:man|woman)?|head|director|executive)|(?<!(?:newly|recently|previously) )nam(?:es|ed)(?: [\\w.’'-]+){1,4},? (?:as )?(?:its |the |a )?(?:new |interim |acting )?(?:senior |executive )?(?:vice president|VP|CEO|CFO|COO|CTO|chief|president|chair(?:man|woman)?|head|director|managing director|manager)|hires|hired|promot(?:es|ed)|elected (?:as )?(?:CEO|chair|director|member)|take(?:s)? over as|took over as)\\b",
    ],
    ['appointment', 0.55, '\\b(?<!(?:newly|recently) )appointment\\b'],
    [
      'departure',
      0.8,
      '\\b(?:resign(?:s|ed|ation)?|step(?:s|ped)? down|stepping down|retire(?:s|d|ment)|depart(?:s|ed|ure)|ousted|fired|succeed(?:s|ed)?\\b(?! (?:in|well|with|at|on|by|to)\\b)|successor|succession)\\b',
    ],
    [
      'new-exec',
      0.7,
      '\\b(?:new|incoming|interim|acting|outgoing) (?:CEO|CFO|COO|CTO|chief executive|chief financial officer|president|chairman|chair)\\b',
    ],
    ['exec-title', 0.3, '\\b(?:CEO|chief executive officer|CFO|chief financial officer|board of directors)\\b'],
    [
      'hand-over',
      0.6,
      "\\b(?:to retire|steps? aside|stepping aside|takes? over (?:as|from)|will take over|adds? [\\w.'’\\s-]{2,40}? to (?:its|the) board|join(?:s|ed)? (?:the|its) board|puts? [\\w.'’\\s-]{2,30}? in charge of)\\b",
    ],
  ].map(([name, weight, re]) => ({
    name: `management_change/${name as string}`,
    type: 'management_change' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: true,
  })),

  // macro and broad market
  ...[
    [
      'index',
      0.5,
      '\\b(?:Dow Jones|the Dow|DJIA|S&P ?500|S&P/TSX|Nasdaq Composite|Nasdaq-100|Nasdaq 100|Russell 2000|Hang Seng|Nikkei|FTSE|Stoxx|DAX|CSI 300|Shanghai Composite|(?:the )?Nasdaq (?:rose|fell|gained|lost|added|slipped|climbed|closed|ended|jumped|dropped))\\b',
    ],
    [
      'macro',
      0.7,
      "\\b(?:Federal Reserve|the Fed|Fed(?:'s)? (?:rate|meeting|decision|chair)|central bank|interest rates?|rate (?:hike|cut)s?|inflation|CPI|GDP|recession|jobless claims|jobs report|nonfarm payrolls|unemployment rate|Treasury yields?|bond yields?|(?:10|2)-year (?:Treasury|yield)|PMI|consumer confidence|economic (?:data|growth|slowdown))\\b",
    ],
    [
      'market-wide',
      0.35,
      '\\b(?:stock market|the market(?:s)?|broader market|Wall Street|equities|global markets|stock futures|futures|investors? (?:sentiment|fear)|sell-off|selloff|rally|bull market|bear market|market (?:update|wrap|movers|close|open|rally|sell-off))\\b',
    ],
    [
      'most-active',
      0.85,
      '\\b(?:most active|notable (?:movers|stocks)|stocks? (?:to watch|movers|moving)|top (?:gainers|losers)|midday movers|biggest movers|sector (?:update|performance|ETFs?)|ETF (?:flows|outflows|inflows))\\b',
    ],
    [
      'commodity',
      0.35,
      '\\b(?:oil prices?|crude|gold prices?|commodity prices?|commodities|dollar index|currency|the dollar|yuan|the euro)\\b',
    ],
  ].map(([name, weight, re]) => ({
    name: `macro_market/${name as string}`,
    type: 'macro_market' as const,
    weight: weight as number,
    re: rx(re as string),
    companyEvent: false,
  })),
];

/** Boilerplate sentences of syndicated templates that look like events but are not (Nasdaq "most active" lines, Zacks footers). */
export const BOILERPLATE: readonly RegExp[] = [
  /current last sale is [\d.]+% of the target price/i,
  /(?:up|down) revisions? for the earnings forecast/i,
  /Free Stock Analysis Report/i,
  /Click to get this free report/i,
  /To read this article on Zacks\.com/i,
  /The views and opinions expressed herein/i,
  /Want the latest recommendations from Zacks/i,
  /See the \d+ stocks/i,
  /^Story continues/i,
  /Stock Market News, Stock Advice & Trading Tips/i,
];

/**
 * Context that weakens a rule family inside one sentence (the factor multiplies the rule's weight). Each entry is a
 * general frame, not a phrase of a particular story.
 */
export interface ContextRule {
  readonly name: string;
  readonly types: readonly string[];
  readonly factor: number;
  readonly re: RegExp;
  /** When this also matches, the context does not apply (the sentence reports the event itself). */
  readonly unless?: RegExp;
}

/** Forward-looking words whose subject is an analyst, the consensus or the market, not the company. */
const ANALYST_SUBJECT =
  /\b(?:analysts?|Wall Street|the Street|consensus|Zacks|brokers?|brokerage|economists?|FactSet|LSEG|Refinitiv|strategists?|investors)\b[\w\s,'’-]{0,25}?\b(?:expect|estimate|forecast|project|predict|see|call|anticipat|look)|\b(?:Zacks|consensus|analysts?'?|Street|FactSet) (?:Consensus )?(?:estimates?|forecasts?|expectations?|projections?)\b|\b(?:estimate|earnings forecast) revisions?\b|\b(?:industry|sector|stock|share|demand|market|economic|macro|long-term|stable|negative|positive) outlook\b/i;

/** Background: a deal, a launch or a split that happened long before the story. */
const BACKGROUND =
  /\b(?:years? ago|decades? ago|previously|formerly|former(?:ly)? known|once (?:part|owned)|was (?:spun off|acquired|formed|founded|created|launched|introduced)|were (?:spun off|acquired)|(?:acquisitions?|deals?|mergers?) (?:made|realized|completed|closed) (?:in|during)|due to (?:the )?(?:business )?acquisitions|following the (?:takeover|acquisition|merger|spin-?off)|since (?:the|its) (?:\w+ ){0,2}(?:launch|spin-?off|split|merger|acquisition|IPO)|since going public|history|(?:launched|debuted|introduced|spun off|split) (?:on|in) (?:\d{1,2}\/\d{1,2}\/)?(?:19|20)\d\d)\b/i;

/** Present or future deal language: a background marker does not demote a sentence that also reports a live event. */
const LIVE_EVENT =
  /\b(?:agree(?:s|d)? to|will (?:buy|acquire|sell|merge|launch|release)|plans? to|to (?:buy|acquire|sell|merge with)|in talks|offer(?:s|ed)? to|bid for|announc(?:es|ed) (?:a |an |the |its )?(?:deal|plan|agreement|acquisition|sale|merger|launch)|is subject to)\b/i;

export const CONTEXT_RULES: readonly ContextRule[] = [
  {
    name: 'analyst-not-company',
    types: ['guidance'],
    factor: 0.5,
    re: ANALYST_SUBJECT,
    unless:
      /\b(?:the company|management|its own|it)\b[\w\s,'’-]{0,20}?\b(?:expects|sees|forecasts|raised|lowered|cut|guided)\b/i,
  },
  {
    name: 'background',
    types: ['m_and_a', 'product_launch', 'management_change'],
    factor: 0.45,
    re: BACKGROUND,
    unless: LIVE_EVENT,
  },
  {
    name: 'routine-filing',
    types: ['regulatory'],
    factor: 0.4,
    re: /\b(?:fil(?:es|ed|ing)|submit(?:s|ted)?|register(?:s|ed)?)\b[\w\s,.()"“”-]{0,60}?\bwith (?:the )?(?:U\.S\. )?(?:SEC|Securities and Exchange Commission)\b|\bForm (?:10|8-K|10-K|10-Q|S-1|20-F)\b/i,
  },
  {
    name: 'job-scope',
    types: ['m_and_a'],
    factor: 0.4,
    re: /\b(?:responsib\w+|area|head|director|department|advis\w+|team) [\w\s,]{0,40}?mergers and acquisitions\b/i,
  },
];

const LAUNCH_KEYWORDS = [
  'launch',
  'premier',
  'showcas',
  ' live with',
  'unveil',
  'introduc',
  'releas',
  'debut',
  'roll',
  'open-sourc',
  'show',
  'announc',
  'on sale',
  'selling',
];
const AI_MODEL_KEYWORDS = [
  'model',
  'llm',
  'chatbot',
  'assistant',
  'qwen',
  'gpt',
  'gemini',
  'llama',
  'claude',
  'ernie',
  'deepseek',
  'grok',
  'mistral',
  'gemma',
  'phi-',
  'sora',
  'wan',
  'bard',
  'copilot',
];

/**
 * A cheap pre-check per rule: lower-case substrings of which every match of the rule's pattern contains at least one
 * (derived by hand from each pattern; the patterns are case-insensitive without the `u` flag, so only ASCII case
 * variants match and `toLowerCase` of the sentence keeps every such substring). A sentence containing none of them
 * cannot match, so the pattern is not run. A rule without an entry is always run. Keep in sync with {@link RULES}.
 */
export const RULE_KEYWORDS: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['earnings/results-period', ['quarter', 'year', 'half', 'annual', 'interim']],
  ['earnings/reports-financials', ['report', 'post', 'deliver', 'announc']],
  ['earnings/earnings-word', ['earnings']],
  [
    'earnings/financial-move',
    ['sales', 'income', 'profit', 'loss', 'revenue', 'operating', 'tax', 'margin', 'turnover', 'eps', 'per share'],
  ],
  ['earnings/beat-miss', ['estimates', 'expectations', 'consensus', 'forecast']],
  ['earnings/eps-figure', ['eps', 'earnings per share', 'per-share']],
  ['earnings/earnings-call', ['earnings', 'conference call']],
  ['earnings/to-report', ['to report', 'to post', 'to announce']],
  ['earnings/triple-digit-growth', ['digit']],
  ['guidance/guidance-word', ['guidance']],
  ['guidance/outlook-word', ['outlook']],
  ['guidance/company-outlook', ['outlook', 'guidance', 'forecast', 'view']],
  ['guidance/company-expects', ['expect', 'anticipate', 'forecast', 'project', 'estimate', 'sees']],
  ['guidance/raise-cut-forecast', ['forecast', 'outlook', 'guidance', 'view', 'target']],
  ['guidance/forecast-for-year', ['forecast', 'project']],
  ['guidance/sees-period-metric', ['sees', 'saw', 'expect', 'forecast', 'predict', 'project', 'guide']],
  ['guidance/profit-warning', ['warn', ' not']],
  ['guidance/result-will-be', ['said']],
  ['guidance/forecast-news', ['forecast', 'outlook', 'guidance']],
  ['guidance/spending-plan', ['plan', 'spending', 'capex']],
  ['guidance/warn-target', ['warn', 'target', 'on track', 'full-year', 'full year', 'annual', 'fiscal-year']],
  ['guidance/range-flag-aim', ['range', 'flag', 'target', 'aim']],
  ['ai_model_launch/launch-model', AI_MODEL_KEYWORDS],
  ['ai_model_launch/model-launch', AI_MODEL_KEYWORDS],
  ['ai_model_launch/model-name-version', ['qwen', 'gpt', 'gemini', 'llama', 'claude', 'ernie', 'deepseek', 'grok']],
  ['ai_model_launch/new-ai', ['chatbot', 'model', 'llm', 'assistant']],
  ['ai_model_launch/parameters', ['parameter']],
  ['ai_model_launch/model-release', ['weight', 'model']],
  ['product_launch/launch-product', LAUNCH_KEYWORDS],
  ['product_launch/product-launch', ['launch', 'debut', 'release', 'rollout', 'unveiling']],
  ['product_launch/new-product', ['new ']],
  ['product_launch/launch-passive', ['launch', 'introduc', 'releas', 'unveil', 'roll']],
  ['product_launch/launch-bare', ['launch', 'unveil', 'roll', 'debut', 'introduc', 'premier', 'live', 'show']],
  ['product_launch/pre-orders', ['order', 'on sale', 'stores', 'shelves', 'available']],
  [
    'product_launch/availability',
    [
      'available',
      'on sale',
      'deliver',
      'shipping',
      'selling',
      'sales of',
      'orders',
      'release',
      'hand',
      'pharmacies',
      'stores',
      'shelves',
      'showrooms',
      'dealerships',
      'consumers',
      'customers',
      'the public',
    ],
  ],
  ['funding_round/funding-round', ['round', 'series']],
  ['funding_round/raised-money', ['rais']],
  ['funding_round/led-round', ['round', 'financing', 'funding']],
  ['funding_round/lead-investor', ['lead investor']],
  ['funding_round/valuation', ['valuation', 'valued at']],
  ['funding_round/offering', ['offering', 'issue', 'placement', 'sale', 'pric']],
  ['funding_round/ipo', ['ipo', 'public', 'listing debut']],
  ['funding_round/series-letter', ['series']],
  ['funding_round/invested-amount', ['invest', 'put', 'pour', 'inject']],
  ['funding_round/loan-financing', ['loan', 'credit', 'financ']],
  ['funding_round/issue-bond', ['issu']],
  ['funding_round/debt-issue', ['maturity', 'program', 'issu', 'bookrunner', 'new shares', 'shares to be offered']],
  ['funding_round/facility-loan', ['facility', 'loan', 'convertible', 'zero-coupon']],
  [
    'm_and_a/acquire',
    ['acquir', 'acquisition', 'takeover', 'take over', 'buyout', 'buy-out', 'merg', 'tie-up', 'combination with'],
  ],
  ['m_and_a/to-buy', ['agree', 'deal to', 'buy', 'purchase']],
  ['m_and_a/divest', ['divest', 'dispos', 'sell', 'sold', 'offload']],
  ['m_and_a/sell-part', ['sell', 'sold', 'offload', 'transferred', 'asset sale']],
  ['m_and_a/spin-off', ['spin', 'spun', 'split', 'separation', 'demerger']],
  ['m_and_a/stake', ['stake', 'holding', 'interest']],
  ['m_and_a/stake-deal', ['stake']],
  ['m_and_a/deal-terms', ['purchase price', 'offer', 'acquisition', 'the sale will be', 'subject to']],
  ['m_and_a/completed-deal', ['sale', 'divestiture', 'acquisition', 'purchase', 'merger', 'takeover', 'disposal']],
  ['m_and_a/joint-venture', ['joint venture']],
  ['m_and_a/percent-of', ['sell', 'sold', 'offload', 'buy', 'bought', 'acquir', 'purchas']],
  [
    'm_and_a/control-talks',
    [
      'control of',
      'buy',
      'acquir',
      'sell',
      'merg',
      'purchas',
      'take over',
      'taking over',
      'combination',
      'takeover',
      'sale',
      'tie-up',
    ],
  ],
  ['m_and_a/bid', ['offer', 'bid', 'approach', 'proposal']],
  ['m_and_a/buy-for-amount', ['buy', 'bought', 'acquire', 'purchase']],
  ['m_and_a/sell-to-for', ['sell', 'sold']],
  ['regulatory/fine-approval', ['fin', 'opinion', 'authori', 'stress test', 'clear', 'licen']],
  ['regulatory/regulator', ['regulat', 'antitrust', 'anti-monopoly', 'competition', 'watchdog']],
  [
    'regulatory/agency',
    [
      'sec',
      'ftc',
      'fda',
      'fcc',
      'epa',
      'cftc',
      'faa',
      'doj',
      'itc',
      'cma',
      'department',
      'commission',
      'samr',
      'cac',
      'csrc',
      'administration',
      'tribunal',
      'customs',
      'authorit',
      'digital',
      'dma',
      'gdpr',
    ],
  ],
  ['regulatory/approval', ['approv', 'clear', 'authori', 'nod', 'go-ahead']],
  ['regulatory/approval-bare', ['approval', 'clearance', 'authori']],
  ['regulatory/settle-probe', ['probe', 'investigation', 'inquiry', 'charges', 'off']],
  ['regulatory/ban', ['ban']],
  ['regulatory/law', ['law', 'rules', 'regulation', 'legislation', 'compl']],
  ['regulatory/sanction', ['sanction', 'export', 'tariff', 'trade', 'entity list', 'blacklist']],
  [
    'regulatory/probe',
    ['probe', 'investigation', 'inquiry', 'crackdown', 'scrutiny', 'fine', 'penalt', 'subpoena', 'consent decree'],
  ],
  [
    'regulatory/government-control',
    [
      'beijing',
      'washington',
      'brussels',
      'government',
      'govt',
      'authorities',
      'lawmakers',
      'congress',
      'ministry',
      'administration',
      'eu',
    ],
  ],
  [
    'legal/lawsuit',
    [
      'lawsuit',
      'law suit',
      'sued',
      'sues',
      'suing',
      'class',
      'litigation',
      'plaintiff',
      'defendant',
      'jury',
      'verdict',
      'indict',
      'antitrust',
      'legal',
    ],
  ],
  ['legal/court', ['court', 'judge', 'ruling', 'ruled', 'appeal', 'tribunal', 'arbitration']],
  ['legal/patent', ['patent', 'infring']],
  ['legal/settlement', ['settle']],
  ['analyst_rating/up-downgrade', ['upgrad', 'downgrad']],
  ['analyst_rating/price-target', ['price target', 'target price', 'price objective', 'pt']],
  ['analyst_rating/coverage', ['coverage']],
  ['analyst_rating/rating', ['perform', 'overweight', 'underweight', 'equal', 'strong buy', 'rat']],
  ['analyst_rating/analyst-raises', ['analyst']],
  ['analyst_rating/zacks-rank', ['zacks rank']],
  [
    'analyst_rating/rating-move',
    ['buy', 'sell', 'hold', 'neutral', 'weight', 'perform', 'accumulate', 'reduce', 'target'],
  ],
  ['capital_return/dividend-action', ['dividend']],
  ['capital_return/dividend-of', ['dividend']],
  ['capital_return/buyback', ['buyback', 'buy-back', 'repurchas', 'return']],
  ['capital_return/dividend-word', ['dividend']],
  ['capital_return/dividend-dates', ['dividend', 'payable', 'record']],
  ['capital_return/own-shares', ['own shares']],
  ['management_change/appointed', ['appoint', 'nam', 'hire', 'promot', 'elected', 'over as']],
  ['management_change/appointment', ['appointment']],
  ['management_change/departure', ['resign', 'step', 'retire', 'depart', 'ousted', 'fired', 'succe']],
  ['management_change/new-exec', ['ceo', 'cfo', 'coo', 'cto', 'chief', 'president', 'chair']],
  ['management_change/exec-title', ['ceo', 'chief', 'cfo', 'board of directors']],
  ['management_change/hand-over', ['retire', 'aside', 'take', 'board', 'in charge']],
  [
    'macro_market/index',
    [
      'dow',
      'djia',
      's&p',
      'nasdaq',
      'russell',
      'hang seng',
      'nikkei',
      'ftse',
      'stoxx',
      'dax',
      'csi 300',
      'shanghai composite',
    ],
  ],
  [
    'macro_market/macro',
    [
      'fed',
      'central bank',
      'rate',
      'inflation',
      'cpi',
      'gdp',
      'recession',
      'jobless',
      'jobs report',
      'payrolls',
      'unemployment',
      'yield',
      'treasury',
      'pmi',
      'consumer confidence',
      'economic',
    ],
  ],
  [
    'macro_market/market-wide',
    ['market', 'wall street', 'equities', 'futures', 'investor', 'sell-off', 'selloff', 'rally'],
  ],
  [
    'macro_market/most-active',
    ['most active', 'notable', 'stock', 'top gainers', 'top losers', 'movers', 'sector', 'etf'],
  ],
  ['macro_market/commodity', ['oil price', 'crude', 'gold price', 'commodit', 'dollar', 'currency', 'yuan', 'euro']],
]);
