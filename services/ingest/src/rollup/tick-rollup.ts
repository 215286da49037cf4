import { DateTime } from 'luxon';
import type { PriceBar, TradeTick } from '../messages';
import { exchangeTimeZones, listingForSymbol } from '../listings/listing-for-symbol';

/** Session close in the exchange's local time (NYSE and HKEX both close their regular session at 16:00). */
const SESSION_CLOSE = { hour: 16, minute: 0 } as const;

/** Thrown when a tick names an exchange whose time zone we do not know. */
export class UnknownExchangeError extends Error {
  constructor(readonly exchange: string) {
    super(`no time zone known for exchange ${exchange} (known: ${Object.keys(exchangeTimeZones).join(', ')})`);
    this.name = 'UnknownExchangeError';
  }
}

const zoneOf = (exchange: string): string => {
  const zone = exchangeTimeZones[exchange];
  if (zone === undefined) throw new UnknownExchangeError(exchange);
  return zone;
};

/** The session (local calendar date, `YYYY-MM-DD`) a tick belongs to, judged in its exchange's time zone. */
export function sessionDateOf(tick: Pick<TradeTick, 'exchange' | 'timestamp'>): string {
  return localDate(zoneOf(tick.exchange), instantMs(tick.timestamp));
}

const HOUR = 3_600_000;
const localDates = new Map<string, string>();

// Both exchange zones have whole-hour offsets, so the local date is constant within a UTC hour: cache by that hour.
function localDate(zone: string, ms: number): string {
  const key = `${zone}|${Math.floor(ms / HOUR)}`;
  let date = localDates.get(key);
  if (date === undefined) {
    date = DateTime.fromMillis(ms, { zone }).toISODate() ?? '';
    if (localDates.size > 100_000) localDates.clear();
    localDates.set(key, date);
  }
  return date;
}

const instantMs = (timestamp: string): number => {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) throw new RangeError(`bad tick timestamp ${timestamp}`);
  return ms;
};

/** The instant (ms) a session of `exchange` on `sessionDate` closes. */
export function sessionCloseMs(exchange: string, sessionDate: string): number {
  return DateTime.fromISO(sessionDate, { zone: zoneOf(exchange) })
    .set(SESSION_CLOSE)
    .toMillis();
}

/** An open (still accumulating) bar of one listing and session. */
interface OpenBar {
  symbol: string;
  exchange: string;
  sessionDate: string;
  firstMs: number;
  lastMs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Wall-clock ms when the last tick was added (for the idle close). */
  touchedAt: number;
}

const barOf = (b: OpenBar): PriceBar => ({
  symbol: b.symbol,
  exchange: b.exchange,
  sessionDate: b.sessionDate,
  open: b.open,
  high: b.high,
  low: b.low,
  close: b.close,
  volume: b.volume,
  adjusted: false,
  currency: listingForSymbol(b.symbol).currency,
  source: 'ticks',
});

const add = (bar: OpenBar, tick: TradeTick, ms: number): void => {
  // Ticks of one symbol arrive in order on their partition; out-of-order ones still fix open/close by time.
  if (ms < bar.firstMs) {
    bar.firstMs = ms;
    bar.open = tick.price;
  }
  if (ms >= bar.lastMs) {
    bar.lastMs = ms;
    bar.close = tick.price;
  }
  bar.high = Math.max(bar.high, tick.price);
  bar.low = Math.min(bar.low, tick.price);
  bar.volume += tick.size;
};

/**
 * Pure roll-up: daily bars per (exchange, symbol, session date in the exchange's zone): open = first trade by time,
 * close = last, high/low = extremes, volume = sum of sizes. Bars come out ordered by symbol, then date.
 */
export function rollUpTicks(ticks: Iterable<TradeTick>): PriceBar[] {
  const bars = new Map<string, OpenBar>();
  for (const tick of ticks) {
    const sessionDate = sessionDateOf(tick);
    const ms = instantMs(tick.timestamp);
    const key = `${tick.exchange}|${tick.symbol}|${sessionDate}`;
    const bar = bars.get(key);
    if (bar === undefined)
      bars.set(key, {
        symbol: tick.symbol,
        exchange: tick.exchange,
        sessionDate,
        firstMs: ms,
        lastMs: ms,
        open: tick.price,
        high: tick.price,
        low: tick.price,
        close: tick.price,
        volume: tick.size,
        touchedAt: 0,
      });
    else add(bar, tick, ms);
  }
  return [...bars.values()]
    .sort((a, b) =>
      a.symbol === b.symbol ? a.sessionDate.localeCompare(b.sessionDate) : a.symbol.localeCompare(b.symbol),
    )
    .map(barOf);
}

/**
 * Streaming roll-up for the tick consumer. A listing's session closes (its bar is handed out once) when a tick of a
 * later session of that listing arrives, or, via {@link closeIdle}, when the session's close time has passed and no
 * tick came for `idleMs` of wall-clock time (so a replay of history does not close sessions mid-way).
 */
export class TickRollup {
  private readonly open = new Map<string, OpenBar>();

  /** Adds ticks; returns the bars of sessions they closed. `nowMs` is the wall clock (injected). */
  add(ticks: Iterable<TradeTick>, nowMs: number): PriceBar[] {
    const closed: PriceBar[] = [];
    for (const tick of ticks) {
      const sessionDate = sessionDateOf(tick);
      const ms = instantMs(tick.timestamp);
      const listing = `${tick.exchange}|${tick.symbol}`;
      const current = this.open.get(listing);
      if (current !== undefined && current.sessionDate === sessionDate) {
        add(current, tick, ms);
        current.touchedAt = nowMs;
        continue;
      }
      if (current !== undefined && current.sessionDate > sessionDate) continue; // a late tick of a closed session
      if (current !== undefined) closed.push(barOf(current));
      this.open.set(listing, {
        symbol: tick.symbol,
        exchange: tick.exchange,
        sessionDate,
        firstMs: ms,
        lastMs: ms,
        open: tick.price,
        high: tick.price,
        low: tick.price,
        close: tick.price,
        volume: tick.size,
        touchedAt: nowMs,
      });
    }
    return closed;
  }

  /** Closes the sessions whose close time is past `nowMs` and that have been idle for `idleMs`. */
  closeIdle(nowMs: number, idleMs: number): PriceBar[] {
    const closed: PriceBar[] = [];
    for (const [listing, bar] of this.open) {
      if (sessionCloseMs(bar.exchange, bar.sessionDate) <= nowMs && nowMs - bar.touchedAt >= idleMs) {
        closed.push(barOf(bar));
        this.open.delete(listing);
      }
    }
    return closed;
  }

  /** Sessions still accumulating. */
  get openSessions(): number {
    return this.open.size;
  }
}

/** Four ticks that reproduce a daily bar: open at 09:30, high at 10:00, low at 11:00, close at 15:59 local time. */
export function ticksForBar(bar: PriceBar): TradeTick[] {
  const zone = zoneOf(bar.exchange);
  const at = (hour: number, minute: number): string =>
    DateTime.fromISO(bar.sessionDate, { zone }).set({ hour, minute }).toISO({ suppressMilliseconds: true }) ?? '';
  const quarter = Math.floor(bar.volume / 4);
  const sizes = [bar.volume - 3 * quarter, quarter, quarter, quarter];
  const prices: readonly [string, number][] = [
    [at(9, 30), bar.open],
    [at(10, 0), bar.high],
    [at(11, 0), bar.low],
    [at(15, 59), bar.close],
  ];
  return prices.map(([timestamp, price], i) => ({
    symbol: bar.symbol,
    exchange: bar.exchange,
    timestamp,
    price,
    size: sizes[i] ?? 0,
  }));
}
