// Issuer linking per error kind of issue 10 (case, possessives and slug spellings, ticker forms, share classes,
// numeric codes, market names, relevance of incidental companies), on the bundled issuers and on a small master.
import { findMentions } from './linking';
import { referenceDataFromMaster } from './master-reference';
import type { MasterIssuerInput } from './master-reference';
import { defaultReferenceData } from './reference-data';
import { tagStory } from './tag-story';
import type { ReferenceData } from './types';

const usd = (symbol: string): MasterIssuerInput['listings'][number] => ({
  mic: 'XNYS',
  symbol,
  currency: 'USD',
  benchmark: '^GSPC',
});
const master: MasterIssuerInput[] = [
  { id: 'block', name: 'Block, Inc.', aliases: [{ name: 'Block' }], listings: [usd('XYZ')] },
  {
    id: 'stanley-black-decker',
    name: 'Stanley Black & Decker',
    aliases: [],
    listings: [usd('SWK')],
  },
  { id: 'palo-alto-networks', name: 'Palo Alto Networks', aliases: [], listings: [usd('PANW')] },
  { id: 'progress-software', name: 'Progress Software', aliases: [], listings: [usd('PRGS')] },
  { id: 'freeport-mcmoran', name: 'Freeport-McMoRan', aliases: [], listings: [usd('FCX')] },
  { id: 'nasdaq', name: 'Nasdaq, Inc.', aliases: [], listings: [{ ...usd('NDAQ'), mic: 'XNAS' }] },
  { id: 'meta-platforms', name: 'Meta Platforms, Inc.', aliases: [], listings: [{ ...usd('META'), mic: 'XNAS' }] },
  {
    id: 'hsbc',
    name: 'HSBC Holdings plc',
    aliases: [],
    listings: [{ mic: 'XHKG', symbol: '0005.HK', currency: 'HKD', benchmark: '^HSI' }],
  },
  {
    id: 'ck-hutchison',
    name: 'CK Hutchison Holdings',
    aliases: [],
    listings: [{ mic: 'XHKG', symbol: '0001.HK', currency: 'HKD', benchmark: '^HSI' }],
  },
  { id: 'dover', name: 'Dover Corporation', aliases: [{ name: 'Dover' }], listings: [usd('DOV')] },
];
const withMaster: ReferenceData = referenceDataFromMaster(master, () => 'America/New_York', defaultReferenceData);

const linked = (text: string, ref: ReferenceData = defaultReferenceData): string[] => [
  ...new Set(findMentions(text, 'text', ref).map((m) => m.issuerId)),
];
// The rules' subjects: these pin the rule linker (the learned salience veto on top has its own tests in
// model/salience.unit.test.ts, and the golden test pins the shipped outputs).
const about = (text: string, ref: ReferenceData = defaultReferenceData): string[] =>
  tagStory({ id: 't', text }, ref, { salienceModel: null })
    .relevance.filter((r) => r.about)
    .map((r) => r.issuerId)
    .sort();

describe('case: a lower-case or all-caps lead sentence in a text with case', () => {
  it.each([
    ['a slug before the body', 'apple watch imports ban. The ITC said the ban stands.', 'apple'],
    ['an all-caps headline before the body', 'CHEVRON RESTARTS OUTPUT. The plant reopened on Monday.', 'chevron'],
    ['a name in a lower-case slug after a capital-led body', 'why alcoa and chevron stocks sizzled', 'chevron'],
  ])('links %s', (_, text, issuer) => {
    expect(linked(text)).toContain(issuer);
  });

  it('still guards a common-word name in an ordinary sentence', () => {
    expect(linked('Prices rose. Grandma said the apple harvest was poor.')).toEqual([]);
    expect(linked('Shares rose. Analysts lifted the price target to $40.')).toEqual([]);
  });
});

describe("slug possessives and spellings ('apples', 'freeport mcmoran')", () => {
  it.each([
    ['a possessive at the start', 'apples vision pro headset to go on sale in february', 'apple'],
    ['a possessive after a function word', 'why apples stock fell today', 'apple'],
    ['a distinctive possessive', 'alcoas q3 2016 earnings review', 'alcoa'],
    ['a possessive of a name with a hyphen', 'decoding nvidias trajectory', 'nvidia'],
  ])('links %s', (_, text, issuer) => {
    expect(linked(text)).toContain(issuer);
  });

  it('links a hyphenated name written with a space', () => {
    expect(linked('better buy alcoa vs freeport mcmoran', withMaster)).toContain('freeport-mcmoran');
  });

  it('does not read a verb or plural after a noun as a possessive ("court blocks")', () => {
    expect(linked('court blocks merger of two regional lenders', withMaster)).toEqual([]);
    expect(linked('why blocks stock fell', withMaster)).toEqual(['block']);
  });
});

describe('tickers in lower case', () => {
  it.each([
    ['after the first words of a name', 'stanley black swk q1 earnings top estimates', 'stanley-black-decker'],
    ['after a two-word name start', 'whats in the offing for palo alto panw in q3 earnings', 'palo-alto-networks'],
    ['after a common-word name start', 'progress prgs q4 earnings top estimates', 'progress-software'],
  ])('links %s', (_, text, issuer) => {
    expect(linked(text, withMaster)).toContain(issuer);
  });

  it.each([
    ['before "stock"', 'aapl stock: buy the dip or head for the hills', 'apple'],
    ['a two-letter ticker before "stock"', 'aa stock crowded with sellers', 'alcoa'],
    ['alone when four letters and not a word', 'guru fundamental report for aapl', 'apple'],
    ['after its possessive name', 'apples aapl q1 earnings beat estimates', 'apple'],
  ])('links a slug ticker %s', (_, text, issuer) => {
    expect(linked(text)).toContain(issuer);
  });

  it("does not read a word that is a symbol as one unless it starts like the issuer's name", () => {
    const techne: ReferenceData = referenceDataFromMaster(
      [{ id: 'bio-techne', name: 'Bio-Techne', aliases: [], listings: [{ ...usd('TECH'), mic: 'XNAS' }] }],
      () => 'America/New_York',
    );
    expect(linked('big tech crushes earnings: which one should you buy', techne)).toEqual([]);
    expect(linked('tech stock: buy the dip', techne)).toEqual(['bio-techne']);
  });

  it('does not read short words as tickers', () => {
    expect(linked('a stock to buy on the dip')).toEqual([]);
    expect(linked('is it time to buy the dip')).toEqual([]);
  });

  it('links a short slug ticker when the body names its issuer', () => {
    const text =
      'aa crosses above key moving average level. In trading on Monday, shares of Alcoa Corporation (Symbol: AA) crossed above their 200 day moving average.';
    expect(about(text)).toEqual(['alcoa']);
  });
});

describe('ticker forms and share classes', () => {
  it.each([
    ['(NASDAQ: AAPL)', 'Apple Inc. (NASDAQ: AAPL) fell.', 'apple'],
    ['$AAPL', 'Traders bought $AAPL calls.', 'apple'],
    ['AAPL stock', 'Why AAPL stock fell today', 'apple'],
    ['9988.HK', 'Shares (9988.HK) jumped 4%.', 'alibaba'],
    ['HK:9988', 'HK:9988 closed higher on Monday.', 'alibaba'],
    ['GOOGL, a share class', 'GOOGL gained 2% after the results.', 'alphabet'],
  ])('links %s', (_, text, issuer) => {
    expect(linked(text)).toContain(issuer);
  });
});

describe('currency codes beside an amount are currencies', () => {
  const nokia: ReferenceData = referenceDataFromMaster(
    [{ id: 'nokia', name: 'Nokia Oyj', aliases: [], listings: [usd('NOK')] }],
    () => 'America/New_York',
  );

  it('does not link Nokia (NOK) in "NOK 70 million" or "15 NOK"', () => {
    expect(linked('The price amounts to NOK 70 million.', nokia)).toEqual([]);
    expect(linked('An additional 15 NOK per share.', nokia)).toEqual([]);
  });

  it('links the symbol in a ticker context and alone', () => {
    expect(linked('Nokia (NYSE: NOK) rose 3%.', nokia)).toEqual(['nokia']);
    expect(linked('NOK rose 3% on Monday.', nokia)).toEqual(['nokia']);
  });
});

describe('Hong Kong codes are numbers first', () => {
  it.each([
    ['a footnote', 'Margins improved (5) in the quarter.'],
    ['a count of stocks', '1 stock to buy for 3D printing'],
    ['a year in parentheses', 'The plan (2020) was shelved.'],
  ])('does not link %s', (_, text) => {
    expect(linked(text, withMaster)).toEqual([]);
  });

  it.each([
    ['with an exchange prefix', 'HSBC shares (HKEX: 0005) rose.', 'hsbc'],
    ['with the .HK suffix', 'CK Hutchison 0001.HK fell.', 'ck-hutchison'],
  ])('links a code %s', (_, text, issuer) => {
    expect(linked(text, withMaster)).toContain(issuer);
  });
});

describe('market names are not the companies that run them', () => {
  it('reads "Nasdaq" as the exchange or index', () => {
    expect(linked('Apple (NASDAQ: AAPL) rose as the Nasdaq rallied.', withMaster)).toEqual(['apple']);
  });

  it('links the operator by its full name or ticker', () => {
    expect(linked('Nasdaq, Inc. (NDAQ) raised its dividend.', withMaster)).toEqual(['nasdaq']);
  });

  it('knows Meta Platforms as Meta (a descriptor dropped from the name)', () => {
    expect(linked('Meta released the first two Llama 3 models.', withMaster)).toEqual(['meta-platforms']);
  });
});

describe('about vs mentioned', () => {
  it('makes both companies of a head-to-head lead subjects', () => {
    expect(about('better stock to buy in 2024: apple vs. costco. Both have run up this year.')).toEqual([
      'apple',
      'costco',
    ]);
  });

  it('keeps a single-company earnings preview about its company', () => {
    const text =
      'earnings preview: alcoa aa q4 earnings expected to decline. The market expects Alcoa (AA) to deliver a year-over-year decline in earnings.';
    expect(about(text)).toEqual(['alcoa']);
  });

  it('makes every company of an ex-dividend reminder a mention', () => {
    const text =
      'ex dividend reminder: target alcoa and chevron. On 8/8/22, Target (TGT), Alcoa Corporation (AA) and Chevron (CVX) will trade ex-dividend.';
    expect(about(text)).toEqual([]);
  });

  it("never makes a footer company the subject when the headline names another (Zacks' stocks to consider)", () => {
    const text =
      'dover dov to report q1 earnings: whats in the cards. Alcoa Corporation AA currently has an Earnings ESP of +6.67% and a Zacks Rank of 1. Alcoa (AA): Free Stock Analysis Report. Alcoa is a buy.';
    expect(about(text, withMaster)).toEqual(['dover']);
  });

  it('never makes a company the lead does not name the subject, however often the body names it', () => {
    const text =
      'big tech earnings recap. There is another example out there in Apple. Apple went through its own stretch. Apple is back.';
    expect(about(text)).toEqual([]);
  });

  it.each([
    ['after "led by"', 'Reflection AI raised $2 billion in a round led by Nvidia.'],
    ['before "as strategic investors"', 'xAI closed a $6 billion Series C with Nvidia and AMD as strategic investors.'],
    ['before "are among investors"', 'Mistral AI raised EUR385 million; Salesforce and Nvidia are among investors.'],
  ])("makes investors in someone else's round mentions (%s)", (_, text) => {
    expect(about(text)).toEqual([]);
  });

  it('keeps an investor that is the subject of its own sentence', () => {
    expect(about('Microsoft invests $2 billion in Mistral AI. Microsoft said the stake is small.')).toEqual([
      'microsoft',
    ]);
  });

  it.each([
    [
      'an after-hours earnings list',
      'after hours earnings report for october 14 2021 : aa dct taco. Alcoa Corporation (AA) is reporting for the quarter. Alcoa is expected to earn $1.',
    ],
    [
      'a stocks-on-the-move list',
      'buzz u.s. stocks on the move target chevron. Target Corp (TGT) rose 5%. Chevron (CVX) fell 2%.',
    ],
  ])('makes every company of %s a mention', (_, text) => {
    expect(about(text)).toEqual([]);
  });

  it.each([
    [
      'a count of reasons before "stock"',
      '3 big reasons alcoa stock shot up 54 in november. Shares of Alcoa (NYSE: AA) rose.',
      'alcoa',
    ],
    [
      'a lead with "highlights" as a verb',
      'apples china sales tumble highlights waning clout. Apple (AAPL) sales fell.',
      'apple',
    ],
    [
      'a single-company ex-dividend reminder',
      'aa ex dividend reminder 3 7 22. Alcoa Corporation (AA) will trade ex-dividend.',
      'alcoa',
    ],
    [
      'a single-company RSI piece',
      'aa stock crowded with sellers. Shares of Alcoa Corporation (Symbol: AA) entered oversold territory.',
      'alcoa',
    ],
  ])('keeps a company the subject of %s', (_, text, issuer) => {
    expect(about(text)).toEqual([issuer]);
  });

  it('does not read a company name ending in "Holdings" as a holdings piece', () => {
    const tencent: ReferenceData = referenceDataFromMaster(
      [
        {
          id: 'tencent',
          name: 'Tencent Holdings',
          aliases: [],
          listings: [{ mic: 'XHKG', symbol: '0700.HK', currency: 'HKD', benchmark: '^HSI' }],
        },
      ],
      () => 'Asia/Hong_Kong',
    );
    expect(
      about('Tencent Holdings reports record quarterly profit. Tencent said games revenue rose.', tencent),
    ).toEqual(['tencent']);
  });

  it.each([
    ['an index moved by a company', 'weak apple forecast drags sp 500 to lower close. Apple fell 4%.'],
    ['futures moving on results', 'nasdaq futures climb on upbeat microsoft and nvidia results. Microsoft rose.'],
    ['a wire market slug', 'close update stocks trade lower alcoa starts earnings season. Alcoa (NYSE: AA) fell.'],
    ['a metals wrap', 'metals copper slips in range bound trade. * Alcoa Corp AA.N reached a deal with workers.'],
    ['a Hong Kong index moved by a company', 'Alibaba lifts Hang Seng as tech rally broadens. Alibaba rose 5%.'],
    ['a non-US index moving', 'Hang Seng rises as Alibaba and Tencent surge on AI hopes. The index rose 2%.'],
    ['a Hong Kong market lead', 'Hong Kong stocks end higher, Alibaba leads gains. Alibaba rose 4%.'],
    [
      'a wrap after a dateline',
      'HELSINKI Thomson Financial - Shares closed little changed , with Nokia and Alibaba dropping sharply .',
    ],
  ])("makes the companies of a market story's lead its examples, mentions (%s)", (_, text) => {
    expect(about(text)).toEqual([]);
  });

  it('keeps a company whose own move or action leads the story its subject', () => {
    expect(about('Apple shares rise after earnings beat. Apple said iPhone sales grew.')).toEqual(['apple']);
    expect(about('Microsoft lifts its dividend by 10%. Microsoft said buybacks continue.')).toEqual(['microsoft']);
    expect(about('Microsoft competes with Google in AI chips. Microsoft said its chip is faster.')).toEqual([
      'microsoft',
    ]);
    expect(about('Apple shares closed up 3% after results. Apple said iPhone sales grew.')).toEqual(['apple']);
    expect(about('Apple partners with OpenAI on its assistant. Apple said the feature ships in June.')).toEqual([
      'apple',
    ]);
  });

  it.each([
    ['a lender', 'The purchase is financed with a EUR40m loan granted by Microsoft.'],
    ['a bookrunner', 'Talvivaara said it had picked Microsoft as joint bookrunners of its notes issue.'],
    ['a yardstick', 'could soundhound ai become the next apple'],
    ['the company whose rival acts', "Earlier today , Apple 's Finnish rival Uponor cut its sales forecast ."],
    ['a list of items', 'earnings apple news and other cant miss items this week'],
    [
      'a footer recommendation',
      'why acme stock jumped. Apple Inc. AAPL presently sports a Zacks Rank #1. Apple (AAPL): Free Stock Analysis Report.',
    ],
    ['a supplier named as a modifier', 'Apple supplier Foxconn posts record quarterly revenue.'],
    ['a rival named as a modifier', 'Tesla rival BYD reports record sales.'],
    ['a rival named for context', 'ByteDance launches a new AI model to rival OpenAI and Alibaba.'],
    ['a company that loses ground to another', "Nokia loses ground to Apple 's iPhone."],
    [
      "the founders' former employer",
      'Reflection AI, founded by former Google DeepMind researchers, raised $2 billion.',
    ],
    ['backers of a round', 'Mistral AI raised EUR385 million; Salesforce and Nvidia are among its backers.'],
    [
      'one known company of a list lead',
      'ex dividend reminder: carlyle group navios maritime partners and apple. Apple (AAPL) pays $0.24.',
    ],
  ])('makes a company in a side role a mention (%s)', (_, text) => {
    expect(about(text)).toEqual([]);
  });

  it.each([
    [
      'a fund selling',
      'elliott management sells alcoa exits logmein. The Alcoa Corp. (AA) position was trimmed by 29%.',
    ],
    ['a billionaire buying', 'Billionaire investor buys more Apple shares. Apple rose 1%.'],
    ['a fund cutting its stake', 'Tiger Global Management cuts its stake in Microsoft and Alibaba. The fund said so.'],
  ])('makes the company whose shares a fund trades a mention (%s)', (_, text) => {
    expect(about(text)).toEqual([]);
  });

  it('keeps the company whose shares investors sell as a market reaction, and a company selling a stake', () => {
    expect(about('Investors dump Apple shares after weak iPhone sales. Apple fell 5%.')).toEqual(['apple']);
    expect(about('Apple sells its stake in Arm. Apple said the sale closed.')).toEqual(['apple']);
  });

  it.each([
    ['in the passive, broker after "at"', 'Alibaba upgraded to buy at Citigroup. Alibaba rose 3%.'],
    ['broker after "by"', 'Apple price target raised by Wells Fargo. Apple rose 1%.'],
    ['broker after "analysts at"', 'Alibaba stays a top pick for analysts at Citigroup. Alibaba rose 1%.'],
  ])('makes the broker of a rating call a mention and the rated company the subject (%s)', (_, text) => {
    expect(about(text).filter((id) => id !== 'apple' && id !== 'alibaba')).toEqual([]);
    expect(about(text)).toHaveLength(1);
  });

  it('makes a rating agency moving a credit grade a mention and the rated company the subject', () => {
    const agencies = referenceDataFromMaster(
      [
        { id: 'moody-s', name: "Moody's Corporation", aliases: [], listings: [usd('MCO')] },
        { id: 'centrica', name: 'Centrica plc', aliases: [], listings: [{ ...usd('CNA.L'), mic: 'XLON' }] },
      ],
      () => 'Europe/London',
    );
    expect(about("Moody's lowers Centrica to Baa2. The agency cited weaker credit metrics.", agencies)).toEqual([
      'centrica',
    ]);
    expect(about("Moody's cuts Centrica to junk. Centrica fell 4%.", agencies)).toEqual(['centrica']);
    // The agency is the rater even when the rated company is not in the reference data.
    expect(about("Moody's downgraded China Evergrande Group to Ca from Caa1.", agencies)).toEqual([]);
    expect(about("Moody's Investors Service placed Centrica's Baa2 rating on review.", agencies)).toEqual(['centrica']);
    // Without a grade or analyst vocabulary the first company keeps its subject role.
    expect(about("Moody's raises Centrica stake. The agency said so.", agencies)).toContain('moody-s');
  });

  it('makes the broker a mention when its analyst is named before the call', () => {
    expect(about('Citigroup analyst Jane Doe upgraded Apple to buy from neutral. Apple rose 2%.')).toEqual(['apple']);
  });

  it('makes the companies a list lead names as its picks co-subjects, and an unnamed list nobody', () => {
    const subjects = (headline: string, text: string): string[] =>
      tagStory({ id: 't', headline, text }, defaultReferenceData, { salienceModel: null })
        .relevance.filter((r) => r.about)
        .map((r) => r.issuerId)
        .sort();
    expect(
      subjects(
        '3 stocks to watch on monday: alcoa corp aa apple inc. aapl and walmart inc. wmt',
        'Among the movers this morning are Alcoa, Apple and Walmart.',
      ),
    ).toEqual(['alcoa', 'apple', 'walmart']);
    expect(
      subjects(
        'apple and alcoa highlighted as zacks bull and bear of the day',
        'Zacks Equity Research discusses Apple and Alcoa.',
      ),
    ).toEqual(['alcoa', 'apple']);
    expect(subjects('3 industrial stocks to watch in july', 'Alcoa and Caterpillar lead the group.')).toEqual([]);
  });

  it('lists the companies of a lead that names four or more (the guide allows three co-subjects)', () => {
    expect(about('Alcoa, eBay, Microsoft and Apple headline the investing action plan. Alcoa reports first.')).toEqual(
      [],
    );
    expect(about('Alcoa, eBay and Apple jump on upbeat results. Alcoa led.').sort()).toEqual([
      'alcoa',
      'apple',
      'ebay',
    ]);
  });

  it.each([
    ['the owner of a portfolio', "Half of Warren Buffett's Berkshire Hathaway portfolio is invested in this stock."],
    ['the host of a conference', 'The chipmaker will present at the Microsoft Build Conference on Tuesday.'],
    [
      'examples of a group',
      'Chinese factories shrank again after sales warnings from companies such as Caterpillar and Apple.',
    ],
    ['the founder of something else', 'Henkel has signed The Climate Pledge co-founded by Amazon.'],
  ])('makes %s a mention', (_, text) => {
    const r = tagStory({ id: 't', text }, defaultReferenceData, { salienceModel: null });
    expect(r.relevance.length).toBeGreaterThan(0);
    expect(r.relevance.filter((x) => x.about)).toEqual([]);
  });

  it('makes the companies of an options "vital data" piece and the Berkshire of a Buffett-portfolio piece mentions', () => {
    const subjects = (headline: string): string[] =>
      tagStory({ id: 't', headline, text: '' }, defaultReferenceData, { salienceModel: null })
        .relevance.filter((r) => r.about)
        .map((r) => r.issuerId);
    expect(subjects('wednesdays vital data: bank of america corp. bac apple inc. aapl and nike inc nke')).toEqual([]);
    expect(subjects('half of warren buffetts $313 billion berkshire hathaway portfolio is invested in this')).toEqual(
      [],
    );
    expect(subjects('berkshire hathaway posts record operating profit')).toEqual(['berkshire-hathaway']);
  });

  it('reads a surname after a title as a person, a parent before its named unit and a broker after the rated company as mentions', () => {
    const ref = referenceDataFromMaster(
      [
        { id: 'brady', name: 'Brady Corporation', aliases: [], listings: [usd('BRC')] },
        { id: 'telstra', name: 'Telstra Group Limited', aliases: [], listings: [{ ...usd('TLS.AX'), mic: 'XASX' }] },
        { id: 'goldman-sachs', name: 'Goldman Sachs', aliases: [], listings: [usd('GS')] },
        { id: 'tesla', name: 'Tesla, Inc.', aliases: [], listings: [usd('TSLA')] },
        {
          id: 'hsbc',
          name: 'HSBC Holdings plc',
          aliases: [],
          listings: [{ mic: 'XHKG', symbol: '0005.HK', currency: 'HKD', benchmark: '^HSI' }],
        },
        {
          id: 'hang-seng-bank',
          name: 'Hang Seng Bank Ltd',
          aliases: [],
          listings: [{ mic: 'XHKG', symbol: '0011.HK', currency: 'HKD', benchmark: '^HSI' }],
        },
      ],
      () => 'UTC',
    );
    expect(about('Telstra chief executive Vicki Brady urged the government to act. Telstra said so.', ref)).toEqual([
      'telstra',
    ]);
    expect(about("HSBC's Hang Seng Bank to sell a stake in Industrial Bank. The lender said so.", ref)).toEqual([
      'hang-seng-bank',
    ]);
    expect(about('Tesla rises 3.3% as Goldman Sachs resumes coverage at Buy with an $864 target.', ref)).toEqual([
      'tesla',
    ]);
    expect(about('Why Tesla stock rallied: Goldman Sachs lifted its price target on TSLA.', ref)).toEqual(['tesla']);
    // The same names in their own roles stay subjects.
    expect(about('Brady Corporation raised its outlook. Brady said so.', ref)).toEqual(['brady']);
    expect(about('HSBC cuts 500 jobs. The bank said so.', ref)).toEqual(['hsbc']);
  });

  it.each([
    ['rivals a launch takes on', 'Naver to take on Google and Microsoft with its HyperCLOVA X model launch.'],
    ['rivals a company outdoes', 'Nvidia keeps up its startup bets, outdoing Microsoft and Google.'],
    ['former employers in a list', 'The startup was founded by three former Apple and Google designers.'],
  ])('makes %s mentions', (_, text) => {
    const r = tagStory({ id: 't', text }, withMaster, { salienceModel: null });
    const subjects = r.relevance.filter((x) => x.about).map((x) => x.issuerId);
    expect(subjects.filter((id) => ['alphabet', 'microsoft', 'apple'].includes(id))).toEqual([]);
    expect(r.relevance.length).toBeGreaterThan(0);
  });

  it('keeps companies named without such a role as subjects', () => {
    expect(about('Chinese factories shrank again after sales warnings from Caterpillar and Apple.').sort()).toEqual([
      'apple',
      'caterpillar',
    ]);
  });

  it('does not read a longer company name that starts with an issuer name or symbol as that issuer', () => {
    const mentioned = (text: string): string[] =>
      tagStory({ id: 't', text }, defaultReferenceData, { salienceModel: null }).relevance.map((r) => r.issuerId);
    expect(mentioned('Its unit Apple Software Solutions AS sold its stake to AAPL Holding AS .')).toEqual([]);
    expect(mentioned('Apple Operations Europe Ltd filed its accounts .')).toEqual([]);
    // One descriptor or a former name is still the issuer, and so is its own full name.
    expect(mentioned('Tesla Motors Inc said deliveries rose .')).toEqual(['tesla']);
    expect(mentioned('Alibaba Group Holding Ltd said revenue rose .')).toEqual(['alibaba']);
  });

  it('keeps the options-activity convention: every company is a mention', () => {
    expect(
      about('noteworthy friday option activity: aapl tsla nvda. Apple Inc (Symbol: AAPL) saw 1.9 million contracts.'),
    ).toEqual([]);
  });
});
