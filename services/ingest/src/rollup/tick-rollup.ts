import { DateTime } from 'luxon';
import type { PriceBar, TradeTick } from '../messages';
import { listingForSymbol } from '../listings/listing-for-symbol';
import type { SessionCalendars } from './session-calendar';
import { placeTick, sessionWindow, UnknownExchangeError } from './session-calendar';

/** A tick that belongs to no session, with the reason (what the consumer dead-letters). */
export interface RejectedTick {
  readonly tick: TradeTick;
  readonly reason: string;
}

/** An open (still accumulating) bar of one listing and session. */
interface OpenBar {
  symbol: string;
  exchange: string;
  sessionDate: string;
  closeMs: number;
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

const newBar = (tick: TradeTick, sessionDate: string, closeMs: number, ms: number, nowMs: number): OpenBar => ({
  symbol: tick.symbol,
  exchange: tick.exchange,
  sessionDate,
  closeMs,
  firstMs: ms,
  lastMs: ms,
  open: tick.price,
  high: tick.price,
  low: tick.price,
  close: tick.price,
  volume: tick.size,
  touchedAt: nowMs,
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

const byListingThenDate = (a: PriceBar, b: PriceBar): number =>
  a.symbol === b.symbol ? a.sessionDate.localeCompare(b.sessionDate) : a.symbol.localeCompare(b.symbol);

/**
 * Pure roll-up: daily bars per (exchange, symbol, session) in the exchange's time zone and calendar: open = first
 * trade by time, close = last, high/low = extremes, volume = sum of sizes. Ticks outside every session (closed day,
 * before the open, after the close, outside the calendar) are returned in `rejected` with the reason. Bars come out
 * ordered by symbol, then date.
 */
export function rollUpTicks(
  ticks: Iterable<TradeTick>,
  calendars: SessionCalendars,
): { bars: PriceBar[]; rejected: RejectedTick[] } {
  const bars = new Map<string, OpenBar>();
  const rejected: RejectedTick[] = [];
  for (const tick of ticks) {
    const placed = placeTick(calendars, tick);
    if (!placed.ok) {
      rejected.push({ tick, reason: placed.reason });
      continue;
    }
    const { sessionDate, closeMs } = placed.session;
    const key = `${tick.exchange}|${tick.symbol}|${sessionDate}`;
    const bar = bars.get(key);
    if (bar === undefined) bars.set(key, newBar(tick, sessionDate, closeMs, placed.ms, 0));
    else add(bar, tick, placed.ms);
  }
  return { bars: [...bars.values()].map(barOf).sort(byListingThenDate), rejected };
}

/** A session whose bar is already stored (from an earlier run of the consumer). */
export type ClosedSession = Pick<PriceBar, 'exchange' | 'symbol' | 'sessionDate'>;

/**
 * Streaming roll-up for the tick consumer. A listing's session closes (its bar is handed out once) when a tick of a
 * later session of that listing arrives, or, via {@link closeIdle}, when the session's close time (from the calendar)
 * has passed and no tick came for `idleMs` of wall-clock time (so a replay of history does not close sessions
 * mid-way). A tick of a session that already closed (or older than the open one) is late: it is counted in
 * {@link lateTicks} and not added. Ticks outside every session are rejected (the consumer dead-letters them first).
 */
export class TickRollup {
  private readonly open = new Map<string, OpenBar>();
  /** Per listing, the latest session whose bar was handed out. */
  private readonly closedThrough = new Map<string, string>();
  lateTicks = 0;
  readonly rejected: RejectedTick[] = [];

  constructor(private readonly calendars: SessionCalendars) {}

  /**
   * Rebuilds the state a consumer had from the ticks it stored (in store order) and the sessions whose bar is stored:
   * per listing, the latest session with ticks and no stored bar is open again (as if its last tick came at `nowMs`);
   * earlier sessions with no stored bar were closed by a later session's tick before the bar was stored, so their
   * bars are returned in `closed` to be stored now. Sessions with a stored bar (and older ones) are not reopened.
   */
  static recover(
    calendars: SessionCalendars,
    storedTicks: Iterable<TradeTick>,
    storedBars: Iterable<ClosedSession>,
    nowMs: number,
  ): { rollup: TickRollup; closed: PriceBar[] } {
    const rollup = new TickRollup(calendars);
    for (const b of storedBars) {
      const listing = `${b.exchange}|${b.symbol}`;
      const through = rollup.closedThrough.get(listing);
      if (through === undefined || b.sessionDate > through) rollup.closedThrough.set(listing, b.sessionDate);
    }
    const sessions = new Map<string, OpenBar>();
    for (const tick of storedTicks) {
      const placed = placeTick(calendars, tick);
      if (!placed.ok) continue; // never stored by this consumer: it dead-letters them
      const { sessionDate, closeMs } = placed.session;
      const through = rollup.closedThrough.get(`${tick.exchange}|${tick.symbol}`);
      if (through !== undefined && sessionDate <= through) continue;
      const key = `${tick.exchange}|${tick.symbol}|${sessionDate}`;
      const bar = sessions.get(key);
      if (bar === undefined) sessions.set(key, newBar(tick, sessionDate, closeMs, placed.ms, nowMs));
      else add(bar, tick, placed.ms);
    }
    const closed: PriceBar[] = [];
    // Sessions of a listing in date order: all but the latest closed before the restart.
    for (const bar of [...sessions.values()].sort((a, b) => a.sessionDate.localeCompare(b.sessionDate))) {
      const listing = `${bar.exchange}|${bar.symbol}`;
      const earlier = rollup.open.get(listing);
      if (earlier !== undefined) {
        closed.push(barOf(earlier));
        rollup.closedThrough.set(listing, earlier.sessionDate);
      }
      rollup.open.set(listing, bar);
    }
    return { rollup, closed: closed.sort(byListingThenDate) };
  }

  /** Adds ticks; returns the bars of sessions they closed. `nowMs` is the wall clock (injected). */
  add(ticks: Iterable<TradeTick>, nowMs: number): PriceBar[] {
    const closed: PriceBar[] = [];
    for (const tick of ticks) {
      const placed = placeTick(this.calendars, tick);
      if (!placed.ok) {
        this.rejected.push({ tick, reason: placed.reason });
        continue;
      }
      const { sessionDate, closeMs } = placed.session;
      const listing = `${tick.exchange}|${tick.symbol}`;
      const current = this.open.get(listing);
      if (current !== undefined && current.sessionDate === sessionDate) {
        add(current, tick, placed.ms);
        current.touchedAt = nowMs;
        continue;
      }
      const through = this.closedThrough.get(listing);
      if (
        (current !== undefined && current.sessionDate > sessionDate) ||
        (through !== undefined && sessionDate <= through)
      ) {
        this.lateTicks += 1; // a late tick of a session already closed
        continue;
      }
      if (current !== undefined) closed.push(this.close(listing, current));
      this.open.set(listing, newBar(tick, sessionDate, closeMs, placed.ms, nowMs));
    }
    return closed;
  }

  /** Closes the sessions whose close time is past `nowMs` and that have been idle for `idleMs`. */
  closeIdle(nowMs: number, idleMs: number): PriceBar[] {
    const closed: PriceBar[] = [];
    for (const [listing, bar] of this.open)
      if (bar.closeMs <= nowMs && nowMs - bar.touchedAt >= idleMs) closed.push(this.close(listing, bar));
    return closed;
  }

  private close(listing: string, bar: OpenBar): PriceBar {
    this.open.delete(listing);
    this.closedThrough.set(listing, bar.sessionDate);
    return barOf(bar);
  }

  /** Sessions still accumulating. */
  get openSessions(): number {
    return this.open.size;
  }

  /** The bars of the sessions still accumulating (as they stand), ordered by symbol, then date. */
  openBars(): PriceBar[] {
    return [...this.open.values()].map(barOf).sort(byListingThenDate);
  }
}

/**
 * Four ticks that reproduce a daily bar: open at 09:30, high at 10:00, low at 11:00 and close one minute before the
 * session's close in the calendar (15:59, 12:59 on an NYSE early close, 11:59 on an HKEX half day), local time.
 */
export function ticksForBar(bar: PriceBar, calendars: SessionCalendars): TradeTick[] {
  const calendar = calendars.get(bar.exchange);
  if (calendar === undefined)
    throw new UnknownExchangeError(
      bar.exchange,
      calendars.list().map((e) => e.mic),
    );
  const window = sessionWindow(calendar, bar.sessionDate);
  if (window === undefined) throw new RangeError(`${bar.exchange} has no session on ${bar.sessionDate}`);
  const iso = (ms: number): string =>
    DateTime.fromMillis(ms, { zone: calendar.info.timeZone }).toISO({ suppressMilliseconds: true }) ?? '';
  const local = (hour: number, minute: number): number =>
    DateTime.fromISO(bar.sessionDate, { zone: calendar.info.timeZone }).set({ hour, minute }).toMillis();
  const quarter = Math.floor(bar.volume / 4);
  const sizes = [bar.volume - 3 * quarter, quarter, quarter, quarter];
  const prices: readonly [number, number][] = [
    [local(9, 30), bar.open],
    [local(10, 0), bar.high],
    [local(11, 0), bar.low],
    [window.closeMs - 60_000, bar.close],
  ];
  return prices.map(([ms, price], i) => ({
    symbol: bar.symbol,
    exchange: bar.exchange,
    timestamp: iso(ms),
    price,
    size: sizes[i] ?? 0,
  }));
}
