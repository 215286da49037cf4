import { findMentions, resolveIssuer } from './linking';
import { defaultReferenceData } from './reference-data';
import { asciiSpellings, referenceDataFromMaster, shortNamesOf, wordNamesOf } from './master-reference';
import { tagStory } from './tag-story';
import type { MasterIssuerInput } from './master-reference';

const master: MasterIssuerInput[] = [
  {
    id: 'alphabet',
    name: 'Alphabet Inc.',
    aliases: [{ name: 'Google' }, { name: 'Alphabet' }],
    listings: [
      { mic: 'XNAS', symbol: 'GOOGL', currency: 'USD', benchmark: '^GSPC' },
      { mic: 'XNAS', symbol: 'GOOG', currency: 'USD', benchmark: '^GSPC' },
      { mic: 'XNAS', symbol: 'GOOG', currency: 'USD', benchmark: '^GSPC' },
    ],
  },
  {
    id: 'tencent',
    name: 'Tencent Holdings',
    aliases: [{ name: 'Tencent' }],
    listings: [{ mic: 'XHKG', symbol: '0700.HK', currency: 'HKD', benchmark: '^HSI' }],
  },
  {
    id: 'allstate',
    name: 'Allstate',
    aliases: [],
    listings: [{ mic: 'XNYS', symbol: 'ALL', currency: 'USD', benchmark: '^GSPC' }],
  },
];
// The 2016 Alcoa split as the security master dates it: AA and the name "Alcoa Inc." were Alcoa Inc.'s (today
// Howmet) until 2016-11-01; since then AA is the new Alcoa Corp.'s.
const split: MasterIssuerInput[] = [
  {
    id: 'alcoa',
    name: 'Alcoa Corporation',
    aliases: [{ name: 'Alcoa Corp', validFrom: '2016-11-01', validTo: null }],
    listings: [
      { mic: 'XNYS', symbol: 'AA', currency: 'USD', benchmark: '^GSPC', validFrom: '2016-11-01', validTo: null },
    ],
  },
  {
    id: 'howmet-aerospace',
    name: 'Howmet Aerospace',
    aliases: [
      { name: 'Alcoa Inc.', validFrom: null, validTo: '2016-11-01' },
      { name: 'Arconic', validFrom: '2016-11-01', validTo: '2020-04-01' },
    ],
    listings: [
      { mic: 'XNYS', symbol: 'AA', currency: 'USD', benchmark: '^GSPC', validFrom: null, validTo: '2016-11-01' },
      {
        mic: 'XNYS',
        symbol: 'ARNC',
        currency: 'USD',
        benchmark: '^GSPC',
        validFrom: '2016-11-01',
        validTo: '2020-04-01',
      },
      { mic: 'XNYS', symbol: 'HWM', currency: 'USD', benchmark: '^GSPC', validFrom: '2020-04-01', validTo: null },
    ],
  },
];
const zones: Record<string, string> = { XNAS: 'America/New_York', XHKG: 'Asia/Hong_Kong', XNYS: 'America/New_York' };
const ref = referenceDataFromMaster(master, (c) => zones[c]);
const linked = (text: string): string[] => [...new Set(findMentions(text, 'text', ref).map((m) => m.issuerId))];

describe('referenceDataFromMaster', () => {
  it('keeps every listing once, with its time zone, and the issuer zone of its first listing', () => {
    const alphabet = ref.issuers.find((i) => i.id === 'alphabet');
    expect(alphabet?.listings.map((l) => l.symbol)).toEqual(['GOOGL', 'GOOG']);
    expect(alphabet?.homeTimeZone).toBe('America/New_York');
    expect(ref.issuers.find((i) => i.id === 'tencent')?.listings[0]?.aliases).toEqual(['700', '00700']);
  });

  it('links share classes, aliases and Hong Kong codes to one issuer', () => {
    expect(linked('GOOG and GOOGL both rose; Google said more.')).toEqual(['alphabet']);
    expect(linked('Tencent (HKEX: 0700) fell.')).toEqual(['tencent']);
  });

  it('does not read a ticker that is an English word as a mention', () => {
    expect(linked('ALL EYES ON THE FED')).toEqual([]);
    expect(linked('Allstate (NYSE: ALL) rose.')).toEqual(['allstate']);
  });
});

describe('referenceDataFromMaster: dated names and listings', () => {
  const dated = referenceDataFromMaster(split, () => 'America/New_York');
  const on = (text: string, asOf: string): string[] => [
    ...new Set(findMentions(text, 'text', dated, asOf).map((m) => m.issuerId)),
  ];

  it('keeps the master record of an issuer it dates over the undated curated one (2015 "Alcoa" is Alcoa Inc.)', () => {
    // The bundled curated `alcoa` spells "Alcoa", "Alcoa Inc" and AA without dates: over the master it linked Alcoa
    // Corporation (listed from 2016-11-01) in 2015 stories, beside Howmet, whose former names those were.
    const curated = { version: 1 as const, issuers: defaultReferenceData.issuers.filter((i) => i.id === 'alcoa') };
    const withShort = split.map((m) =>
      m.id === 'howmet-aerospace' ? { ...m, aliases: [...m.aliases, { name: 'Alcoa', validTo: '2016-11-01' }] } : m,
    );
    const over = referenceDataFromMaster(withShort, () => 'America/New_York', curated);
    const ids = (text: string, asOf: string): string[] => [
      ...new Set(findMentions(text, 'text', over, asOf).map((m) => m.issuerId)),
    ];
    expect(over.issuers.find((i) => i.id === 'alcoa')?.listings[0]?.validFrom).toBe('2016-11-01');
    expect(ids('Alcoa Inc. reported third-quarter results.', '2015-10-08')).toEqual(['howmet-aerospace']);
    expect(ids('alcoa aa q3 earnings beat estimates', '2015-10-08')).toEqual(['howmet-aerospace']);
    expect(ids('alcoa aa q3 earnings beat estimates', '2019-10-16')).toEqual(['alcoa']);
    expect(resolveIssuer(over, 'AA', '2015-10-08')?.id).toBe('howmet-aerospace');
    expect(resolveIssuer(over, 'AA', '2019-10-16')?.id).toBe('alcoa');
  });

  it('links a name or symbol only to the issuer it belonged to on the story date', () => {
    expect(on('Alcoa Inc. (NYSE: AA) reported results.', '2015-10-08')).toEqual(['howmet-aerospace']);
    expect(on('Alcoa Corp (NYSE: AA) reported results.', '2019-10-16')).toEqual(['alcoa']);
    expect(on('Arconic (NYSE: ARNC) fell.', '2019-10-16')).toEqual(['howmet-aerospace']);
    expect(on('Arconic (NYSE: ARNC) fell.', '2021-05-01')).toEqual([]);
    // Without a date every name and symbol counts, as before: AA reads as the first issuer holding it.
    expect(new Set(findMentions('Alcoa Inc. (NYSE: AA)', 'text', dated).map((m) => m.issuerId))).toEqual(
      new Set(['howmet-aerospace', 'alcoa']),
    );
  });

  it('lists only the listings valid on the story date', () => {
    const r = tagStory(
      {
        id: 'x',
        headline: 'Arconic (NYSE: ARNC) names a new CEO',
        text: 'Arconic named a new CEO.',
        publishedAt: '2019-02-06T08:00:00-05:00',
      },
      dated,
    );
    expect(r.about.map((l) => l.symbol)).toEqual(['ARNC']);
  });
});

describe('short names', () => {
  it('drops legal forms while what is left is distinctive', () => {
    expect(shortNamesOf('Tencent Holdings Ltd')).toEqual(['Tencent Holdings', 'Tencent']);
    expect(shortNamesOf('SkyWest, Inc.')).toEqual(['SkyWest']);
    expect(shortNamesOf("Moody's Corporation")).toEqual(["Moody's"]);
    expect(shortNamesOf('Arthur J. Gallagher & Co.')).toEqual(['Arthur J. Gallagher']);
    expect(shortNamesOf('Ball Corporation')).toEqual([]);
    expect(shortNamesOf('The Southern Company')).toEqual([]);
    expect(shortNamesOf('Air Lease Corporation')).toEqual([]);
    expect(shortNamesOf('Swedbank')).toEqual([]);
  });

  it('keeps an initialism and drops banking and motors descriptors, but not words that end a place or a person', () => {
    expect(shortNamesOf('HP Inc.')).toEqual(['HP']);
    expect(shortNamesOf('AES Corporation')).toEqual(['AES']);
    expect(shortNamesOf('Lloyds Banking Group')).toEqual(['Lloyds']);
    expect(shortNamesOf('Tesla Motors, Inc.')).toEqual(['Tesla']);
    expect(shortNamesOf('General Motors Company')).toEqual([]);
    // "Powell" would be the Fed chair and "California" the state: these descriptors stay.
    expect(shortNamesOf('Powell Industries, Inc.')).toEqual(['Powell Industries']);
    expect(shortNamesOf('California Resources Corporation')).toEqual(['California Resources']);
    // A disambiguator in brackets and the "and" left by a dropped "Company" go; more descriptors.
    expect(shortNamesOf('Rio Tinto (corporation)')).toEqual(['Rio Tinto']);
    expect(shortNamesOf('Eli Lilly and Company')).toEqual(['Eli Lilly']);
    expect(shortNamesOf('Takeda Pharmaceutical Company')).toEqual(['Takeda']);
    expect(shortNamesOf('Geely Automobile Holdings Ltd')).toEqual(['Geely Automobile Holdings', 'Geely']);
    expect(shortNamesOf('Johnson & Johnson')).toEqual([]);
    // An initialism that spells a word is not distinctive.
    expect(shortNamesOf('CAT Inc.')).toEqual([]);
    // "Companies" is a legal form too.
    expect(shortNamesOf('The Travelers Companies')).toEqual(['Travelers']);
  });

  it('links an issuer by its short name unless two issuers share it', () => {
    const issuers: MasterIssuerInput[] = [
      {
        id: 'tencent',
        name: 'Tencent Holdings Ltd',
        aliases: [],
        listings: [{ mic: 'XHKG', symbol: '0700.HK', currency: 'HKD', benchmark: '^HSI' }],
      },
      {
        id: 'tencent-music',
        name: 'Tencent Music Entertainment Group',
        aliases: [],
        listings: [{ mic: 'XNYS', symbol: 'TME', currency: 'USD', benchmark: '^GSPC' }],
      },
      {
        id: 'eqt-corp',
        name: 'EQT Corporation',
        aliases: [],
        listings: [{ mic: 'XNYS', symbol: 'EQT', currency: 'USD', benchmark: '^GSPC' }],
      },
      {
        id: 'eqt-ab',
        name: 'EQT AB',
        aliases: [],
        listings: [{ mic: 'XSTO', symbol: 'EQT.ST', currency: 'SEK', benchmark: '^OMX' }],
      },
      {
        id: 'skywest',
        name: 'SkyWest, Inc.',
        aliases: [],
        listings: [{ mic: 'XNAS', symbol: 'SKYW', currency: 'USD', benchmark: '^GSPC' }],
      },
    ];
    const ref = referenceDataFromMaster(issuers, () => 'America/New_York');
    const ids = (text: string): string[] => [...new Set(findMentions(text, 'text', ref).map((m) => m.issuerId))];
    expect(ids('SkyWest beat estimates.')).toEqual(['skywest']);
    expect(ids('Tencent rose; Tencent Music Entertainment fell.')).toEqual(['tencent', 'tencent-music']);
    // "EQT" is both EQT Corporation's and EQT AB's short name: neither gets it as a name.
    expect(ids('Eqt results beat estimates.')).toEqual([]);
  });
});

describe('names of ordinary words', () => {
  it('keeps the short names of ordinary words the distinctive ones stop short of', () => {
    expect(wordNamesOf('Target Corporation')).toEqual(['Target']);
    expect(wordNamesOf('Li Auto Inc')).toEqual(['Li Auto']);
    expect(wordNamesOf('Hang Lung Properties Ltd')).toEqual(['Hang Lung Properties']);
    expect(wordNamesOf('Carnival Corporation')).toEqual(['Carnival']);
    // A descriptor may go unless a most frequent word is left: "Ford" is the carmaker, "General" is not.
    expect(wordNamesOf('Ford Motor Company')).toEqual(['Ford']);
    expect(wordNamesOf('General Motors Company')).toEqual([]);
    // A frequent plural opens sentences as the noun; an initialism that spells a word stays out.
    expect(wordNamesOf('News Corp')).toEqual([]);
    expect(wordNamesOf('Employers Holdings, Inc.')).toEqual(['Employers Holdings']);
    expect(wordNamesOf('CAT Inc.')).toEqual([]);
    // Distinctive names are shortNamesOf's.
    expect(wordNamesOf('Tencent Holdings Ltd')).toEqual([]);
  });

  it('spells accented names in ASCII, umlauts also with an e', () => {
    expect(asciiSpellings('Nestlé SA')).toEqual(['Nestle SA']);
    expect(asciiSpellings('Deutsche Börse')).toEqual(['Deutsche Borse', 'Deutsche Boerse']);
    expect(asciiSpellings('Tencent')).toEqual([]);
  });

  const issuers: MasterIssuerInput[] = [
    {
      id: 'target',
      name: 'Target Corporation',
      aliases: [],
      listings: [{ mic: 'XNYS', symbol: 'TGT', currency: 'USD', benchmark: '^GSPC' }],
    },
    {
      id: 'southern',
      name: 'The Southern Company',
      aliases: [],
      listings: [{ mic: 'XNYS', symbol: 'SO', currency: 'USD', benchmark: '^GSPC' }],
    },
    {
      id: 'li-auto',
      name: 'Li Auto Inc',
      aliases: [],
      listings: [{ mic: 'XHKG', symbol: '2015.HK', currency: 'HKD', benchmark: '^HSI' }],
    },
    {
      id: 'nestle',
      name: 'Nestlé SA',
      aliases: [],
      listings: [{ mic: 'XSWX', symbol: 'NESN.SW', currency: 'CHF', benchmark: '^SSMI' }],
    },
  ];
  const ref = referenceDataFromMaster(issuers, () => 'America/New_York');
  const ids = (text: string): string[] => [...new Set(findMentions(text, 'text', ref).map((m) => m.issuerId))];

  it.each([
    ['a one-word name as written', 'Target to cut prices on 5,000 items.', ['target']],
    ['one after a possessive', "America's Target cut prices.", ['target']],
    ['one before its legal form', 'Southern Co raised its dividend.', ['southern']],
    ['a name of several words', 'Li Auto delivered a record 7,713 cars.', ['li-auto']],
    ['a name of several words in a slug', 'li auto deliveries hit a record', ['li-auto']],
    ['an accented name without its accent', 'Nestle cuts its sales outlook.', ['nestle']],
  ])('links %s', (_, text, expected) => {
    expect(ids(text)).toEqual(expected);
  });

  it.each([
    ['the word in lower case', 'The target is a 5% margin.'],
    ['the word inside a longer name', 'Storms hit Southern California and Orange County.'],
    ['the word after a capitalised word', 'Analysts at Capital Target said so.'],
    ['the word as a label', 'Target: Caverion GmbH; Buyer: YIT Oyj.'],
    ['a one-word name in a slug', 'analyst raises price target on xyz'],
  ])('does not link %s', (_, text) => {
    expect(ids(text)).toEqual([]);
  });
});
