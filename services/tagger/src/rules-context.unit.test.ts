import { defaultReferenceData } from './reference-data';
import { tagStory } from './tag-story';
import type { EventType } from './types';

// Hand-written sentences (not from the dev set), one block per rule family added in the second tuning round. These
// pin the weighted rules (`rulesOnly`), whose signals the model reads as features.
const types = (text: string, headline?: string, publishedAt?: string): EventType[] =>
  tagStory(
    {
      id: 't',
      text,
      ...(headline === undefined ? {} : { headline }),
      ...(publishedAt === undefined ? {} : { publishedAt }),
    },
    defaultReferenceData,
    { rulesOnly: true },
  ).tags.map((t) => t.type);

describe('guidance vs analyst estimates', () => {
  it.each([
    'Intel sees first-quarter revenue below its prior range as PC demand cools.',
    'The toolmaker issued a profit warning for the current financial year.',
    'Caterpillar said its full-year profit would fall short of last year.',
    'Shares slid after a bleak forecast from the chipmaker.',
    'The retailer lifted its 2025 profit view on Tuesday.',
  ])('tags company guidance: %s', (text) => {
    expect(types(text)).toContain('guidance');
  });
  it.each([
    'Analysts expect revenue of $4.1 billion for the quarter, according to consensus estimates.',
    'The stable outlook reflects the bank’s strong capital position, the rating agency said.',
    'Our industry outlook for steelmakers remains cautious.',
  ])('does not tag analyst or industry language: %s', (text) => {
    expect(types(text)).not.toContain('guidance');
  });
});

describe('product launch vs AI model launch', () => {
  it('tags a device going on sale as a product launch', () => {
    expect(types('The new tablet will be available for purchase in the U.S. from March 3.')).toContain(
      'product_launch',
    );
  });
  it('tags a new chatbot as an AI model launch, not a product launch', () => {
    const t = types('Microsoft rolls out a new chatbot for its Bing search engine.');
    expect(t).toContain('ai_model_launch');
    expect(t).not.toContain('product_launch');
  });
  it('does not tag a launch mentioned as history', () => {
    expect(
      types('Nike shares have risen tenfold since the brand was launched in 1985.', undefined, '2024-05-02'),
    ).not.toContain('product_launch');
  });
});

describe('management change', () => {
  it.each([
    'Chief executive Jane Roe steps down after six years at the helm.',
    'The board has appointed Mark Smith as chief financial officer.',
    'The insurer named Maria Lopez senior vice president of claims.',
    'The chairman resigned on Friday.',
    'Kim will succeed Tanaka as president in April.',
  ])('tags %s', (text) => {
    expect(types(text)).toContain('management_change');
  });
  it.each([
    'In a memo, newly appointed CEO Tom Lee said the firm will cut 500 jobs.',
    'We succeeded in growing our market share in every region.',
    'The board decided to appoint a working group on remuneration.',
  ])('does not tag %s', (text) => {
    expect(types(text)).not.toContain('management_change');
  });
});

describe('regulatory', () => {
  it.each([
    'The competition watchdog opened an antitrust probe into the cloud provider.',
    'The drugmaker won FDA approval for its obesity treatment.',
    'The ministry fined the carrier $2 million for misleading advertising.',
    'A trade tribunal upheld an import ban on the smartwatches.',
    'The platform will change its app store to comply with the Digital Markets Act.',
  ])('tags %s', (text) => {
    expect(types(text)).toContain('regulatory');
  });
  it.each([
    'The dividend is subject to approval by the annual general meeting.',
    'The company filed its annual report on Form 10-K with the SEC on Monday.',
  ])('does not tag %s', (text) => {
    expect(types(text)).not.toContain('regulatory');
  });
});

describe('M&A announced vs background mention', () => {
  it.each([
    'Oracle agreed to acquire the software maker for $9 billion in cash.',
    'The group plans to sell more than half of its packaging unit.',
    'The merger is subject to approval by shareholders of both banks.',
  ])('tags %s', (text) => {
    expect(types(text)).toContain('m_and_a');
  });
  it.each([
    ['The spinner was spun off from its parent years ago and now trades on its own.', undefined],
    ['Revenue grew 9%, due to acquisitions made in 2019 and price increases.', undefined],
    ['Formerly known as Acme Holdings, the company completed its merger in 2015.', '2023-03-01'],
  ])('does not tag %s', (text, publishedAt) => {
    expect(types(text, undefined, publishedAt)).not.toContain('m_and_a');
  });
});

describe('funding round: debt and share issues', () => {
  it.each([
    'The utility picked three banks as joint bookrunners for a planned bond sale.',
    'The notes carry a 5% coupon and a maturity of seven years.',
  ])('tags %s', (text) => {
    expect(types(text)).toContain('funding_round');
  });
  it('does not read a spin-off listing as an IPO', () => {
    expect(types('Since going public as a separate company in November, the shares have doubled.')).not.toContain(
      'funding_round',
    );
  });
});

describe('legal', () => {
  it('does not read a Fed decision as a court verdict', () => {
    expect(types('Stocks slipped with the Fed verdict in focus.')).not.toContain('legal');
  });
});

// Round 7 (web news of many companies): deal, availability and outlook phrasings the earlier rules missed.
describe('deal, availability and outlook phrasings of wire news', () => {
  it.each([
    'Xerox to buy Affiliated Computer Services in $6.4 billion cash-and-stock deal.',
    'The board rebuffed the raised 467p-a-share offer from Melrose.',
    'Sojitz launches a tender offer for Sakura Internet.',
    '3M will sell its Communications Markets Division to Corning Inc. for $900 million.',
  ])('tags m_and_a: %s', (text) => {
    expect(types(text)).toContain('m_and_a');
  });
  it.each([
    'Delta plans to buy 100 Airbus jets for $12 billion.',
    'The company sold shares to investors for $500 million.',
    'The city put in a bid for the Olympics.',
  ])('does not tag m_and_a: %s', (text) => {
    expect(types(text)).not.toContain('m_and_a');
  });
  it.each([
    'Nintendo sets June 5 release for Switch 2 at $449.99.',
    'Eli Lilly said its obesity drug Zepbound has reached US pharmacies.',
    'VinFast has started delivering electric SUVs at home.',
    'The handset will be available from September 10, the company said.',
  ])('tags product_launch: %s', (text) => {
    expect(types(text)).toContain('product_launch');
  });
  it('does not read an earnings release date as a product release', () => {
    expect(types('The company sets its earnings release date for Oct 30.')).not.toContain('product_launch');
  });
  it.each([
    "Strix says full-year profit should match last year's.",
    'Meituan warned of significant losses in its core business this quarter.',
    'The company is targeting operating profit of 85 billion yen.',
  ])('tags guidance: %s', (text) => {
    expect(types(text)).toContain('guidance');
  });
  it('does not read a price target as guidance', () => {
    expect(types('The broker has a price target of $150 on the shares.')).not.toContain('guidance');
  });
});

describe('loans, convertibles, hand-overs, rating moves and open-weight releases', () => {
  it.each([
    ['funding_round', 'Orla Mining has signed its US$125 million five-year project finance facility with lenders.'],
    ['funding_round', 'Alibaba prices $4.5 billion convertible to fund more buybacks.'],
    ['funding_round', 'Bacanora rose after agreeing a US$150mln loan from RK Mine Finance.'],
    ['management_change', 'JD.com CEO Xu Lei to retire after a year in the job.'],
    ['management_change', 'Baidu slumps as COO Lu Qi steps aside.'],
    ['management_change', "Alibaba adds PAG's Weijian Shan to its board."],
    ['analyst_rating', 'Erste Group cuts Alibaba to Hold from Buy.'],
    ['analyst_rating', 'Tencent climbs after Morgan Stanley lifts target to HK$480.'],
    ['ai_model_launch', 'Moonshot AI has put out Kimi-K2, a mixture-of-experts model, as open weights.'],
  ] as [EventType, string][])('tags %s: %s', (type, text) => {
    expect(types(text)).toContain(type);
  });
  it('does not read a car model as an AI model', () => {
    expect(types('Toyota rolls out a new car model in Japan.')).not.toContain('ai_model_launch');
  });
});

describe('ranges, flagged losses, profit targets, fines and approvals of wire news', () => {
  it.each([
    ['guidance', 'Flight Centre sinks 10% as it targets FY19 underlying pretax profit of $390m-$420m.'],
    ['guidance', 'Road King flags a 2023 net loss of HK$3.9 billion.'],
    ['guidance', 'Accenture nudges up its fiscal 2019 EPS range to $7.28-$7.35.'],
    ['guidance', 'Disney now aims for 230 million subscribers by 2024.'],
    ['regulatory', "Ireland's Data Protection Commission fines Meta EUR 17 million over data breaches."],
    ['regulatory', 'The EMA committee gave a positive opinion on Dupixent.'],
    ['regulatory', 'Big banks sail through the Federal Reserve stress tests.'],
  ] as [EventType, string][])('tags %s: %s', (type, text) => {
    expect(types(text)).toContain(type);
  });
  it('does not read a product range as guidance', () => {
    expect(types('The company will trim its product range.')).not.toContain('guidance');
  });
});

describe('launch verbs, stake percentages, deals in talks and settled probes of round 8', () => {
  it.each([
    ['product_launch', 'Spotify goes live in India with a free tier and a $1.60 monthly plan.'],
    ['product_launch', 'Kia premieres its EV3 compact SUV in Seoul.'],
    ['product_launch', 'Sony introduces a slimmer PlayStation 5 console.'],
    ['product_launch', 'The bank begins its rollout of contactless payments to all customers.'],
    ['product_launch', 'Lenovo showcases its rollable laptops at the Barcelona fair.'],
    ['m_and_a', 'The family trust sells 4.5% of Vodacom to institutional investors.'],
    ['m_and_a', 'Toshiba is looking to offload up to 10% of Kioxia this year.'],
    ['m_and_a', 'Unilever bought Dollar Shave Club from its founders for $1 billion.'],
    ['m_and_a', 'Mitsubishi will take full control of Lawson through a tender offer.'],
    ['m_and_a', 'Glencore is in early talks with Rio Tinto about a combination of the two miners.'],
    ['m_and_a', 'Telstra is weighing whether to sell its stake in Foxtel.'],
    ['m_and_a', 'Shareholders approved the planned sale of the pulp mill.'],
    ['m_and_a', 'Fortum completed offloading its Swedish electricity distribution business.'],
    ['regulatory', 'Walmart agrees to pay $3.1 billion to settle a nationwide opioid investigation.'],
    ['regulatory', 'The deal closed after the telecoms ministry signed off on the licence transfer.'],
  ] as [EventType, string][])('tags %s: %s', (type, text) => {
    expect(types(text)).toContain(type);
  });
  it.each([
    ['m_and_a', 'The fund bought back 2% of its own units last month.'],
    ['m_and_a', 'Apple bought back $25 billion of stock in the quarter.'],
    ['m_and_a', 'Prices rose 3.5% in the year to March.'],
    ['m_and_a', 'Investors are looking to the Fed to cut rates in September.'],
    ['regulatory', 'The chief financial officer signed off on the annual report.'],
    ['product_launch', 'The concert will be streamed live on Sunday.'],
  ] as [EventType, string][])('does not tag %s: %s', (type, text) => {
    expect(types(text)).not.toContain(type);
  });
});
