import { collect, realFile } from '../testing/real-data';
import { loadBarFile } from '../loaders/load-file';
import type { PriceBar, TradeTick } from '../messages';
import { loadSessionCalendars, placeTick, sessionCloseMs, sessionDateOf } from './session-calendar';
import { rollUpTicks, TickRollup, ticksForBar } from './tick-rollup';

const calendars = loadSessionCalendars();

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

const utc = (ms: number): string => new Date(ms).toISOString();
const tick = (exchange: string, timestamp: string, price = 10, size = 1): TradeTick => ({
  symbol: exchange === 'XHKG' ? '9988.HK' : 'BABA',
  exchange,
  timestamp,
  price,
  size,
});
const reasonOf = (exchange: string, timestamp: string): string => {
  const placed = placeTick(calendars, { exchange, timestamp });
  return placed.ok ? 'in session' : placed.reason;
};

describe('session calendar', () => {
  it('puts a tick on its local date in the exchange time zone', () => {
    // 23:30 UTC on 09-07 is 07:30 HKT on 09-08; 02:30 UTC on 09-08 is 22:30 in New York on 09-07.
    expect(sessionDateOf(calendars, { exchange: 'XHKG', timestamp: '2025-09-07T23:30:00Z' })).toBe('2025-09-08');
    expect(sessionDateOf(calendars, { exchange: 'XNYS', timestamp: '2025-09-08T02:30:00Z' })).toBe('2025-09-07');
  });

  it('closes at 16:00 local, 13:00 on an NYSE early close and 12:00 on an HKEX half day (from the calendar file)', () => {
    expect(utc(sessionCloseMs(calendars, 'XHKG', '2025-09-08'))).toBe('2025-09-08T08:00:00.000Z');
    expect(utc(sessionCloseMs(calendars, 'XNYS', '2025-03-10'))).toBe('2025-03-10T20:00:00.000Z'); // EDT
    expect(utc(sessionCloseMs(calendars, 'XNYS', '2024-11-29'))).toBe('2024-11-29T18:00:00.000Z'); // early, EST
    expect(utc(sessionCloseMs(calendars, 'XNYS', '2024-07-03'))).toBe('2024-07-03T17:00:00.000Z'); // early, EDT
    expect(utc(sessionCloseMs(calendars, 'XHKG', '2024-12-24'))).toBe('2024-12-24T04:00:00.000Z'); // half day
    expect(utc(sessionCloseMs(calendars, 'XNYS', '2024-12-24'))).toBe('2024-12-24T18:00:00.000Z');
    expect(() => sessionCloseMs(calendars, 'XHKG', '2024-12-25')).toThrow('XHKG has no session on 2024-12-25');
  });

  it('keeps a tick at exactly the close and rejects one a millisecond later, with the reason', () => {
    expect(reasonOf('XHKG', '2024-12-24T12:00:00+08:00')).toBe('in session');
    expect(reasonOf('XHKG', '2024-12-24T12:00:00.001+08:00')).toBe(
      '$.data.timestamp: 2024-12-24T12:00:00.001+08:00 (2024-12-24 Asia/Hong_Kong) is after the XHKG shortened session closes (12:00 local)',
    );
    expect(reasonOf('XNYS', '2024-11-29T13:00:00-05:00')).toBe('in session');
    expect(reasonOf('XNYS', '2024-11-29T13:00:01-05:00')).toMatch(
      /after the XNYS shortened session closes \(13:00 local\)$/,
    );
    expect(reasonOf('XNYS', '2024-11-27T16:00:00-05:00')).toBe('in session');
    expect(reasonOf('XNYS', '2024-11-27T16:00:01-05:00')).toMatch(/after the XNYS session closes \(16:00 local\)$/);
    expect(reasonOf('XHKG', '2025-09-08T16:00:00+08:00')).toBe('in session');
  });

  it('rejects ticks on closed days, weekends, before the open, outside the calendar and of unknown exchanges', () => {
    expect(reasonOf('XNYS', '2024-11-28T11:00:00-05:00')).toBe(
      '$.data.timestamp: 2024-11-28T11:00:00-05:00 (2024-11-28 America/New_York): XNYS is closed on 2024-11-28',
    );
    expect(reasonOf('XHKG', '2024-12-25T10:00:00+08:00')).toMatch(/XHKG is closed on 2024-12-25$/);
    expect(reasonOf('XHKG', '2024-09-06T10:00:00+08:00')).toMatch(/XHKG is closed on 2024-09-06$/); // typhoon Yagi
    expect(reasonOf('XNYS', '2024-09-06T10:00:00-04:00')).toBe('in session');
    expect(reasonOf('XNYS', '2025-09-06T11:00:00-04:00')).toMatch(/XNYS is closed on 2025-09-06$/); // Saturday
    expect(reasonOf('XNYS', '2025-09-08T09:29:59-04:00')).toMatch(/before the XNYS session opens \(09:30 local\)$/);
    expect(reasonOf('XNYS', '2025-09-08T09:30:00-04:00')).toBe('in session');
    expect(reasonOf('XHKG', '2025-09-08T09:20:00+08:00')).toBe('in session'); // pre-opening auction
    expect(reasonOf('XHKG', '2025-09-08T08:59:59+08:00')).toMatch(/before the XHKG session opens \(09:00 local\)$/);
    expect(reasonOf('XNYS', '2031-01-02T11:00:00-05:00')).toBe(
      '$.data.timestamp: 2031-01-02T11:00:00-05:00 (2031-01-02 America/New_York) is beyond the horizon: XNYS calendar covers 2000-01-01 … 2030-12-31; 2031-01-02 is beyond its horizon',
    );
    expect(reasonOf('XNYS', '2023-06-01T11:00:00-04:00')).toBe('in session');
    expect(reasonOf('XCME', '2025-09-08T11:00:00Z')).toMatch(
      /^\$\.data\.exchange: no session calendar for XCME \(known: XNYS, XNAS, /,
    );
  });
});

describe('tick roll-up', () => {
  it('reproduces every bar of the real price file from four ticks per session (half days and early closes too)', async () => {
    const bars = (await collect(loadBarFile(realFile('prices_alibaba_benchmarks_daily.csv')))).flatMap((l) =>
      l.ok ? [l.value] : [],
    );
    const { bars: rolled, rejected } = rollUpTicks(
      bars.flatMap((b) => ticksForBar(b, calendars)),
      calendars,
    );
    expect(rejected).toEqual([]);
    const sorted = [...bars].sort((a, b) =>
      a.symbol === b.symbol ? a.sessionDate.localeCompare(b.sessionDate) : a.symbol.localeCompare(b.symbol),
    );
    expect(rolled.map(ohlcv)).toEqual(sorted.map(ohlcv));
    expect(rolled[0]).toMatchObject({ source: 'ticks', adjusted: false });
    const halfDay = bars.find((b) => b.symbol === '9988.HK' && b.sessionDate === '2024-12-24')!;
    expect(ticksForBar(halfDay, calendars).at(-1)?.timestamp).toBe('2024-12-24T11:59:00+08:00');
    const earlyClose = bars.find((b) => b.symbol === 'BABA' && b.sessionDate === '2024-11-29')!;
    expect(ticksForBar(earlyClose, calendars).at(-1)?.timestamp).toBe('2024-11-29T12:59:00-05:00');
  });

  it('rolls up a half-day and an early-close session up to the close and rejects what comes after it', () => {
    const ticks = [
      tick('XHKG', '2024-12-24T09:30:00+08:00', 83, 10),
      tick('XHKG', '2024-12-24T11:00:00+08:00', 84, 10),
      tick('XHKG', '2024-12-24T12:00:00+08:00', 82, 5), // exactly the half-day close: the closing print
      tick('XHKG', '2024-12-24T12:30:00+08:00', 99, 1), // after it
      tick('XNYS', '2024-11-29T09:30:00-05:00', 84, 3),
      tick('XNYS', '2024-11-29T13:00:00-05:00', 85, 2), // exactly the early close
      tick('XNYS', '2024-11-29T15:00:00-05:00', 70, 1), // after it
      tick('XNYS', '2024-11-28T12:00:00-05:00', 70, 1), // Thanksgiving: closed
    ];
    const { bars, rejected } = rollUpTicks(ticks, calendars);
    expect(bars.map(ohlcv)).toEqual([
      {
        symbol: '9988.HK',
        exchange: 'XHKG',
        sessionDate: '2024-12-24',
        open: 83,
        high: 84,
        low: 82,
        close: 82,
        volume: 25,
        currency: 'HKD',
      },
      {
        symbol: 'BABA',
        exchange: 'XNYS',
        sessionDate: '2024-11-29',
        open: 84,
        high: 85,
        low: 84,
        close: 85,
        volume: 5,
        currency: 'USD',
      },
    ]);
    expect(rejected.map((r) => r.tick.timestamp)).toEqual([
      '2024-12-24T12:30:00+08:00',
      '2024-11-29T15:00:00-05:00',
      '2024-11-28T12:00:00-05:00',
    ]);
  });

  it('streams: a session closes when the next session of that listing starts, or when idle after its close', () => {
    const base = { symbol: 'BABA', exchange: 'XNYS', adjusted: false, currency: 'USD' };
    const day1 = { ...base, sessionDate: '2024-11-27', open: 10, high: 12, low: 9, close: 11, volume: 40 };
    const day2 = { ...base, sessionDate: '2024-11-29', open: 11, high: 13, low: 10, close: 12, volume: 8 };
    const rollup = new TickRollup(calendars);
    const [ticks1, ticks2] = [day1, day2].map((b) => ticksForBar(b, calendars));
    expect(rollup.add(ticks1!, 0)).toEqual([]);
    expect(rollup.add(ticks2!.slice(0, 1), 0).map(ohlcv)).toEqual([ohlcv(day1)]);
    // 2024-11-29 is an early close: 13:00 New York = 18:00 UTC, not 16:00.
    const afterClose = Date.parse('2024-11-29T18:00:00Z') + 1;
    expect(rollup.add(ticks2!.slice(1), afterClose)).toEqual([]);
    expect(rollup.closeIdle(afterClose, 10_000)).toEqual([]);
    expect(rollup.closeIdle(afterClose + 20_000, 10_000).map(ohlcv)).toEqual([ohlcv(day2)]);
    expect(rollup.openSessions).toBe(0);
    // A late tick of a closed session is not added (and does not reopen it).
    expect(rollup.add([tick('XNYS', '2024-11-29T12:00:00-05:00')], afterClose + 30_000)).toEqual([]);
    expect(rollup.lateTicks).toBe(1);
    expect(rollup.openSessions).toBe(0);
  });

  it('recovers after a restart: the bar equals the one an uninterrupted roll-up emits', () => {
    const base = { symbol: '9988.HK', exchange: 'XHKG', adjusted: false, currency: 'HKD' };
    const days = [
      { ...base, sessionDate: '2024-12-23', open: 80, high: 82, low: 79, close: 81, volume: 400 },
      { ...base, sessionDate: '2024-12-24', open: 81, high: 84, low: 80, close: 83, volume: 100 },
      { ...base, sessionDate: '2024-12-27', open: 83, high: 85, low: 82, close: 84, volume: 12 },
    ];
    const ticks = days.flatMap((b) => ticksForBar(b, calendars));
    const uninterrupted = new TickRollup(calendars);
    const expected = [...uninterrupted.add(ticks, 0), ...uninterrupted.closeIdle(Date.parse('2025-01-01'), 0)];
    expect(expected.map(ohlcv)).toEqual(days.map(ohlcv));

    for (let cut = 1; cut < ticks.length; cut++) {
      // The first run stored ticks [0, cut) and the bars it closed; it may have crashed before storing the last one.
      const first = new TickRollup(calendars);
      const stored = first.add(ticks.slice(0, cut), 0);
      for (const lost of [0, 1]) {
        const storedBars = stored.slice(0, stored.length - Math.min(lost, stored.length));
        const { rollup, closed } = TickRollup.recover(calendars, ticks.slice(0, cut), storedBars, 0);
        const emitted = [
          ...storedBars,
          ...closed,
          ...rollup.add(ticks.slice(cut), 0),
          ...rollup.closeIdle(Date.parse('2025-01-01'), 0),
        ];
        expect(emitted.map(ohlcv)).toEqual(expected.map(ohlcv));
      }
    }
  });
});
