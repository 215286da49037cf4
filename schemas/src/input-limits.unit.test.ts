import { parseEventJson, toEnvelope } from './events';
import { MessageLimits } from './limits';
import { validatePriceBarClosed, validateTradeTicked } from './market';
import { validateNewsPublished } from './news';
import { formatIssues, unsafeTextReason } from './validation';

const story = {
  id: 'alibaba-qwen3-max',
  source: 'alibaba-ir',
  headline: 'Alibaba unveils Qwen3-Max-Preview',
  publishedAt: '2025-09-05T21:00:00+08:00',
  language: 'en',
};
const bar = {
  symbol: '9988.HK',
  exchange: 'XHKG',
  sessionDate: '2025-09-08',
  open: 120,
  high: 125.5,
  low: 119,
  close: 124.9,
  volume: 1e8,
  adjusted: false,
  currency: 'HKD',
};
const NOW = Date.parse('2026-12-03T12:00:00Z');
const news = (data: object, metadata?: object): string =>
  JSON.stringify({ type: 'NewsPublished', schemaVersion: 2, data, ...(metadata === undefined ? {} : { metadata }) });
const reasonOf = (json: string): string => {
  const r = parseEventJson(json, undefined, { now: NOW, producerMetadata: true });
  return r.ok ? 'ok' : formatIssues(r.errors);
};

describe('strings the store cannot hold (issue 14)', () => {
  it('rejects a NUL in a headline, a news id and a bar source', () => {
    expect(reasonOf(news({ ...story, headline: 'a\u0000b' }))).toMatch(/\$\.data\.headline: must not contain a NUL/);
    expect(reasonOf(news({ ...story, id: 'x\u0000' }))).toMatch(/\$\.data\.id: must not contain a NUL/);
    const r = validatePriceBarClosed({ ...bar, source: 'csv\u0000' });
    expect(!r.ok && formatIssues(r.errors)).toMatch(/\$\.source: must not contain a NUL/);
  });

  it('rejects a lone surrogate, decoded from a JSON escape, and accepts a paired one', () => {
    expect(
      reasonOf(
        '{"type":"NewsPublished","schemaVersion":2,"data":' +
          JSON.stringify(story).replace('Alibaba unveils', 'x\\ud800 y') +
          '}',
      ),
    ).toMatch(/\$\.data\.headline: must not contain an unpaired UTF-16 surrogate \(\\ud800\)/);
    expect(reasonOf(news({ ...story, headline: 'trailing \udc00' }))).toMatch(/unpaired UTF-16 surrogate \(\\udc00\)/);
    expect(reasonOf(news({ ...story, headline: 'emoji 😀 ok' }))).toBe('ok');
  });

  it('rejects a newline in an id but keeps newlines allowed in a body', () => {
    expect(reasonOf(news({ ...story, id: 'a\nb' }))).toMatch(/\$\.data\.id: must not contain control characters/);
    expect(reasonOf(news({ ...story, body: 'line 1\nline 2' }))).toBe('ok');
    expect(unsafeTextReason('tab\there', true)).toMatch(/\\u0009 at index 3/);
  });
});

describe('size limits', () => {
  it('rejects a headline, a body and a ticker list over their limits, and accepts them at the limit', () => {
    const at = { ...story, headline: 'h'.repeat(MessageLimits.headline), body: 'b'.repeat(MessageLimits.body) };
    expect(reasonOf(news(at))).toBe('ok');
    expect(reasonOf(news({ ...story, headline: 'h'.repeat(900_000) }))).toMatch(
      /\$\.data\.headline: must have at most 1000 characters, got 900000/,
    );
    expect(reasonOf(news({ ...story, body: 'b'.repeat(MessageLimits.body + 1) }))).toMatch(
      /\$\.data\.body: must have at most/,
    );
    const tickers = Array.from({ length: 20_000 }, (_v, i) => `T${i}`);
    expect(reasonOf(news({ ...story, tickers }))).toMatch(
      /\$\.data\.tickers: expected at most 50 element\(s\), got 20000/,
    );
  });

  it('keeps the largest accepted story below half of Temporal’s 512 KB payload warning', () => {
    const widest = '界'; // 3 UTF-8 bytes
    const largest = {
      ...story,
      headline: widest.repeat(MessageLimits.headline),
      summary: widest.repeat(MessageLimits.summary),
      body: widest.repeat(MessageLimits.body),
      tickers: Array.from({ length: MessageLimits.tickers }, () => 'X'.repeat(32)),
    };
    expect(reasonOf(news(largest))).toBe('ok');
    expect(Buffer.byteLength(news(largest))).toBeLessThan(MessageLimits.messageBytes);
    expect(MessageLimits.messageBytes).toBeLessThan((512 * 1024) / 2 + 1);
  });

  it('accepts only the documented producer metadata keys, as short strings', () => {
    expect(reasonOf(news(story, { correlationId: 'c-1', producer: 'kcat' }))).toBe('ok');
    expect(reasonOf(news(story, { anything: 'x' }))).toMatch(/\$\.metadata\."anything": unknown metadata key/);
    expect(reasonOf(news(story, { traceId: 'x'.repeat(257) }))).toMatch(/must have at most 256 characters/);
    expect(reasonOf(news(story, { traceId: { nested: true } }))).toMatch(/expected a string, got object/);
  });
});

describe('dates the store and the studies can use', () => {
  it('rejects year 0000 and dates before 1970 for news, bars and ticks', () => {
    expect(reasonOf(news({ ...story, publishedAt: '0000-01-01' }))).toMatch(
      /\$\.data\.publishedAt: must be on or after 1970-01-01, got 0000-01-01/,
    );
    expect(validateNewsPublished({ ...story, publishedAt: '1969-12-31T12:00:00Z' }).ok).toBe(false);
    expect(validatePriceBarClosed({ ...bar, sessionDate: '0001-01-01' }).ok).toBe(false);
    const tick = { symbol: 'BABA', exchange: 'XNYS', timestamp: '0000-01-01T09:30:00Z', price: 1, size: 1 };
    expect(validateTradeTicked(tick).ok).toBe(false);
  });

  it('rejects news more than a year after now and bars more than two days after now, with the injected clock', () => {
    expect(reasonOf(news({ ...story, publishedAt: '2027-12-01' }))).toBe('ok');
    expect(reasonOf(news({ ...story, publishedAt: '2028-01-01' }))).toMatch(
      /\$\.data\.publishedAt: must not be after 2027-12-04T12:00:00.000Z, got 2028-01-01/,
    );
    const barJson = (sessionDate: string): string =>
      JSON.stringify(toEnvelope({ type: 'PriceBarClosed', data: { ...bar, sessionDate } }));
    expect(reasonOf(barJson('2026-12-04'))).toBe('ok');
    expect(reasonOf(barJson('2099-01-02'))).toMatch(/\$\.data\.sessionDate: must not be after/);
    // Without a clock (stored events) only the static bounds apply.
    expect(parseEventJson(barJson('2099-01-02')).ok).toBe(true);
  });
});

describe('OHLC consistency', () => {
  it('rejects a close above the high, an open below the low, and names each', () => {
    const r = validatePriceBarClosed({ ...bar, close: 130, open: 118 });
    expect(!r.ok && r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      '$.open: must be ≥ low (119), got 118',
      '$.close: must be ≤ high (125.5), got 130',
    ]);
    expect(validatePriceBarClosed({ ...bar, open: 119, close: 125.5 }).ok).toBe(true);
    expect(validatePriceBarClosed({ ...bar, low: -1 }).ok).toBe(false);
  });
});
