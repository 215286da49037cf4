import { collect, realFile } from '../testing/real-data';
import { loadBarFile } from '../loaders/load-file';
import type { PriceBar } from '../messages';
import { rollUpTicks, sessionCloseMs, sessionDateOf, TickRollup, ticksForBar } from './tick-rollup';

const ohlcv = (b: PriceBar) => ({
  symbol: b.symbol,
  exchange: b.exchange,
  sessionDate: b.sessionDate,
  open: b.open,
  high: b.high,
  low: b.low,
  close: b.close,
  volume: b.volume,
  currency: b.currency,
});

describe('tick roll-up', () => {
  it('puts a tick in the session of its exchange time zone', () => {
    // 21:00 in Hong Kong on 09-08 is 09:00 in New York on 09-08; 23:30 UTC on 09-07 is 07:30 HKT on 09-08.
    expect(sessionDateOf({ exchange: 'XHKG', timestamp: '2025-09-07T23:30:00Z' })).toBe('2025-09-08');
    expect(sessionDateOf({ exchange: 'XNYS', timestamp: '2025-09-08T02:30:00Z' })).toBe('2025-09-07');
    expect(new Date(sessionCloseMs('XHKG', '2025-09-08')).toISOString()).toBe('2025-09-08T08:00:00.000Z');
    expect(new Date(sessionCloseMs('XNYS', '2025-03-10')).toISOString()).toBe('2025-03-10T20:00:00.000Z');
  });

  it('reproduces every bar of the real price file from four ticks per session', async () => {
    const bars = (await collect(loadBarFile(realFile('prices_alibaba_benchmarks_daily.csv')))).flatMap((l) =>
      l.ok ? [l.value] : [],
    );
    const rolled = rollUpTicks(bars.flatMap(ticksForBar));
    const sorted = [...bars].sort((a, b) =>
      a.symbol === b.symbol ? a.sessionDate.localeCompare(b.sessionDate) : a.symbol.localeCompare(b.symbol),
    );
    expect(rolled.map(ohlcv)).toEqual(sorted.map(ohlcv));
    expect(rolled[0]).toMatchObject({ source: 'ticks', adjusted: false });
  });

  it('streams: a session closes when the next session of that listing starts, or when idle after the close', () => {
    const bars = [
      {
        symbol: 'BABA',
        exchange: 'XNYS',
        sessionDate: '2025-09-05',
        open: 10,
        high: 12,
        low: 9,
        close: 11,
        volume: 40,
        adjusted: false,
        currency: 'USD',
      },
      {
        symbol: 'BABA',
        exchange: 'XNYS',
        sessionDate: '2025-09-08',
        open: 11,
        high: 13,
        low: 10,
        close: 12,
        volume: 8,
        adjusted: false,
        currency: 'USD',
      },
    ];
    const rollup = new TickRollup();
    const [day1, day2] = bars.map(ticksForBar);
    expect(rollup.add(day1!, 0)).toEqual([]);
    expect(rollup.add(day2!.slice(0, 1), 0).map(ohlcv)).toEqual([ohlcv(bars[0]!)]);
    const afterClose = sessionCloseMs('XNYS', '2025-09-08') + 1;
    expect(rollup.add(day2!.slice(1), afterClose)).toEqual([]);
    expect(rollup.closeIdle(afterClose, 10_000)).toEqual([]);
    expect(rollup.closeIdle(afterClose + 20_000, 10_000).map(ohlcv)).toEqual([ohlcv(bars[1]!)]);
    expect(rollup.openSessions).toBe(0);
  });
});
