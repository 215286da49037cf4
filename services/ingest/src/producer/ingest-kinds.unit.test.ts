import { parseEventJson } from '@newswindow/schemas';
import { barKind, encodeEvent, newsKind, tickKind } from './ingest-kinds';
import { ReplayPacer } from './replay-pacer';

const bar = {
  symbol: '9988.HK',
  exchange: 'XHKG',
  sessionDate: '2025-09-08',
  open: 140,
  high: 146,
  low: 139.5,
  close: 145.9,
  volume: 100,
  adjusted: true,
  currency: 'HKD',
};

describe('message kinds', () => {
  it('key bars and ticks by symbol and news by source and id', () => {
    expect(barKind.key(bar)).toBe('9988.HK');
    expect(
      tickKind.key({ symbol: 'BABA', exchange: 'XNYS', timestamp: '2025-09-08T09:30:00-04:00', price: 1, size: 1 }),
    ).toBe('BABA');
    expect(
      newsKind.key({ id: 'x/1', source: 'fnspid', publishedAt: '2025-09-08', language: 'en', headline: 'h' }),
    ).toBe('fnspid:x/1');
  });

  it('encode the schema envelope that consumers parse back', () => {
    const parsed = parseEventJson(encodeEvent(barKind.toEvent(bar)), ['PriceBarClosed']);
    expect(parsed).toEqual({ ok: true, value: { type: 'PriceBarClosed', data: bar } });
  });

  it('give date-only bars the start of the session day in the exchange zone', () => {
    expect(new Date(barKind.eventTimeMs(bar)).toISOString()).toBe('2025-09-07T16:00:00.000Z');
  });
});

describe('ReplayPacer', () => {
  it('waits Δ(event time)/speed after the start, never negative', () => {
    let now = 1000;
    const pacer = new ReplayPacer(60, { now: () => now, sleep: () => Promise.resolve() });
    expect(pacer.delayFor(0)).toBe(0);
    expect(pacer.delayFor(60_000)).toBe(1000);
    now = 1500;
    expect(pacer.delayFor(60_000)).toBe(500);
    expect(pacer.delayFor(0)).toBe(0);
    expect(() => new ReplayPacer(0)).toThrow(RangeError);
  });
});
