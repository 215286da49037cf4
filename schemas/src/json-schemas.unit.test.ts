import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { CURRENT_SCHEMA_VERSION, parseEvent } from './events';
import { jsonSchemaFileName, MESSAGE_DATA_SCHEMAS, messageJsonSchemaFiles, type MessageType } from './json-schemas';

const dir = resolve(__dirname, '../json');
const ajv = new Ajv({ allErrors: true, format: 'full' });
const schemaOf = (type: MessageType) =>
  ajv.compile(JSON.parse(readFileSync(join(dir, jsonSchemaFileName(type)), 'utf8')) as object);

const fixtures: { readonly [T in MessageType]: Record<string, unknown> } = {
  NewsPublished: {
    id: 'alibaba-qwen3-max',
    source: 'alibaba-ir',
    url: 'https://www.alibabagroup.com/en-US/document-1',
    headline: 'Alibaba unveils Qwen3-Max-Preview',
    body: 'Alibaba Cloud released Qwen3-Max-Preview, its largest model.',
    summary: '',
    publishedAt: '2025-09-05T21:00:00+08:00',
    language: 'en',
    tickers: ['BABA', '9988.HK'],
    receivedAt: '2025-09-05 21:00+08:00',
  },
  NewsCorrected: {
    id: 'fnspid-aa-1',
    source: 'fnspid',
    summary: 'Alcoa shares rise',
    publishedAt: '2016-03-22',
    language: 'en',
    correctedAt: '2016-03-23T09:00:00Z',
    reason: 'typo in the summary',
  },
  NewsRetracted: { id: 'fnspid-aa-1', source: 'fnspid', retractedAt: '2016-03-24T09:00:00Z', reason: 'wrong issuer' },
  PriceBarClosed: {
    symbol: '9988.HK',
    exchange: 'XHKG',
    sessionDate: '2025-09-08',
    open: 121.3,
    high: 126.4,
    low: 120.8,
    close: 125.6,
    volume: 128_000_000,
    adjusted: false,
    currency: 'HKD',
    source: 'prices_alibaba_benchmarks_daily.csv',
  },
  TradeTicked: {
    symbol: 'BABA',
    exchange: 'XNYS',
    timestamp: '2025-09-05T15:59:59.120-04:00',
    price: 135.1,
    size: 300,
    tradeId: 't-1',
  },
  EventWindowAlert: {
    alertId: 's#0_0#desk-default',
    ruleId: 'desk-default',
    studyId: 's',
    eventKey: 'k',
    newsIds: ['alibaba-events-2025/A04'],
    listing: { symbol: '9988.HK', exchange: 'XHKG' },
    issuer: { id: 'alibaba', name: null },
    benchmark: '^HSI',
    model: 'market_model',
    window: { start: -1, end: 1 },
    finalWindows: [
      { start: 0, end: 0 },
      { start: -1, end: 1 },
    ],
    day0: '2025-09-08',
    day0ClosesAt: '2025-09-08T08:00:00.000Z',
    statistic: 'car',
    rawReturn: 0.0409,
    value: 0.0404,
    t: null,
    p: 0.135,
    test: 'student_t',
    threshold: 0.2,
    tags: ['ai_model_launch'],
    relevance: 95,
    novelty: null,
    headline: 'Alibaba unveils Qwen3-Max',
    sourceUrl: null,
    studyUrl: null,
    text: '9988.HK CAR[-1,+1] +4.04% (p 0.135)',
    raisedAt: '2025-09-09T08:00:01.000Z',
  },
};

// Values every field is set to in turn (undefined: the field removed).
const replacements: unknown[] = [
  undefined,
  null,
  3,
  -1,
  0,
  1.5,
  '',
  '  ',
  'x',
  'a\u0000b',
  'a\nb',
  '\ud800x',
  'x'.repeat(60_000),
  '2025-02-30',
  '2025-02-30T10:00:00Z',
  '2025-09-08 21:00+08:00',
  '1969-12-31',
  true,
  [],
  ['a b'],
  Array<string>(60).fill('AA'),
  {},
  { start: 2, end: 1 },
  'bhar',
];

/** Every fixture with one field (at any depth, first array element) replaced by each of `replacements`. */
function* variants(data: Record<string, unknown>): Generator<Record<string, unknown>> {
  for (const key of Object.keys(data)) {
    for (const value of replacements) {
      const copy = { ...data };
      if (value === undefined) delete copy[key];
      else copy[key] = value;
      yield copy;
    }
    const inner = data[key];
    const [first, ...rest] = Array.isArray(inner) ? (inner as unknown[]) : [];
    if (typeof first === 'object' && first !== null)
      for (const v of variants(first as Record<string, unknown>)) yield { ...data, [key]: [v, ...rest] };
    else if (typeof inner === 'object' && inner !== null && !Array.isArray(inner))
      for (const v of variants(inner as Record<string, unknown>)) yield { ...data, [key]: v };
  }
}

// The validators' rules that no JSON Schema keyword states (cross-field, before 1970, February 30 in an instant):
// where only the validator rejects, it must be for one of these.
const BEYOND_JSON_SCHEMA =
  /must be (≥|≤) (low|high|start)|needs at least one of|must be on or after 1970|ISO-8601 timestamp with offset/;

describe('JSON Schemas of the Kafka messages (schemas/json)', () => {
  it('are the files `npm run json-schemas` writes (run it after changing a message schema)', () => {
    const expected = messageJsonSchemaFiles();
    for (const [name, text] of Object.entries(expected))
      expect(`${name}\n${readFileSync(join(dir, name), 'utf8')}`).toBe(`${name}\n${text}`);
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.schema.json'))
        .sort(),
    ).toEqual(Object.keys(expected).sort());
  });

  it('has one file per message type of every topic, at its current version', () => {
    expect(Object.keys(messageJsonSchemaFiles()).sort()).toEqual([
      'event-window-alert.v2.schema.json',
      'news-corrected.v1.schema.json',
      'news-published.v2.schema.json',
      'news-retracted.v1.schema.json',
      'price-bar-closed.v2.schema.json',
      'trade-ticked.v1.schema.json',
    ]);
  });

  it.each(Object.keys(MESSAGE_DATA_SCHEMAS) as MessageType[])(
    '%s: the file accepts every message the validator accepts, and rejects only what the validator rejects',
    (type) => {
      const schemaAccepts = schemaOf(type);
      let both = 0;
      let beyond = 0;
      for (const data of [fixtures[type], ...variants(fixtures[type])]) {
        const envelope = { type, schemaVersion: CURRENT_SCHEMA_VERSION[type], data };
        const parsed = parseEvent(JSON.parse(JSON.stringify(envelope)));
        const accepted = schemaAccepts(JSON.parse(JSON.stringify(envelope)));
        if (parsed.ok)
          expect({ data, accepted, errors: ajv.errorsText(schemaAccepts.errors) }).toMatchObject({ accepted: true });
        else if (accepted) {
          expect({ data, issues: parsed.errors }).toEqual({
            data,
            issues: parsed.errors.map((e) => ({
              path: e.path,
              message: expect.stringMatching(BEYOND_JSON_SCHEMA) as string,
            })),
          });
          beyond += 1;
        } else both += 1;
      }
      expect(both).toBeGreaterThan(50);
      expect(beyond).toBeLessThan(both);
    },
  );

  it('rejects an unknown producer metadata key on an input topic, as the consumer does', () => {
    const accepts = schemaOf('TradeTicked');
    const message = { type: 'TradeTicked', schemaVersion: 1, data: fixtures.TradeTicked };
    expect(accepts({ ...message, metadata: { traceId: 'abc' } })).toBe(true);
    expect(accepts({ ...message, metadata: { sourceFile: 'x.csv' } })).toBe(false);
    expect(accepts({ ...message, metadata: { traceId: 'a\nb' } })).toBe(false);
  });
});
