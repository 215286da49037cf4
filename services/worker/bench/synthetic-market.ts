import type { ExchangeCalendar, Session } from '@newswindow/reference';
import type { PriceBarClosedData } from '@newswindow/schemas';

// SYNTHESIZED daily bars on the real sessions of an exchange calendar, for tests and benchmarks that need a story to
// be *live* (its day 0 among the last sessions closed before now: the age limit of alerts is measured on the clock),
// which no stored price history can be. Returns follow a market model with a known abnormal jump on day 0, so a test
// can check the alert's numbers against the jump it planted instead of against the code under test.

/** The last `n` sessions of the calendar that closed before `nowMs`, oldest first. */
export function closedSessions(calendar: ExchangeCalendar, nowMs: number, n: number): Session[] {
  const today = calendar.localDateOf(nowMs);
  let last = calendar.sessionOnOrAfter(today);
  if (last.kind !== 'session') throw new Error(`${today} is beyond ${calendar.info.mic}'s calendar`);
  let i = last.index;
  while (last.closeMs >= nowMs) {
    const before = calendar.sessionAt(--i);
    if (before === undefined) throw new Error(`no session of ${calendar.info.mic} closed before ${today}`);
    last = before;
  }
  const out: Session[] = [];
  for (let j = last.index - n + 1; j <= last.index; j++) {
    const s = calendar.sessionAt(j);
    if (s === undefined) throw new Error(`${calendar.info.mic}'s calendar starts after ${n} sessions before ${today}`);
    out.push(s);
  }
  return out;
}

/** A seeded standard normal generator (LCG + Box–Muller): the same seed gives the same series. */
function normals(seed: number): () => number {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return (state + 1) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** The market's log returns over `dates` (the first date has none), daily volatility 1 %. */
export function marketReturns(dates: readonly string[], seed: number): Map<string, number> {
  const z = normals(seed);
  return new Map(dates.slice(1).map((d) => [d, 0.0002 + 0.01 * z()]));
}

/** Options of {@link stockReturns}. */
export interface StockModel {
  readonly alpha: number;
  readonly beta: number;
  /** Daily volatility of the residual. */
  readonly sigma: number;
  /** Abnormal log return planted on a session: `{ date: jump }`. */
  readonly jumps: Readonly<Record<string, number>>;
  readonly seed: number;
}

/** `alpha + beta * market + sigma * z`, plus the planted jumps: the stock's log returns on the market's dates. */
export function stockReturns(market: ReadonlyMap<string, number>, model: StockModel): Map<string, number> {
  const z = normals(model.seed);
  return new Map(
    [...market].map(([d, m]) => [d, model.alpha + model.beta * m + model.sigma * z() + (model.jumps[d] ?? 0)]),
  );
}

/** Bars whose closes compound `returns` from `start` on `dates` (open = previous close, high/low around them). */
export function barsOf(
  listing: { readonly symbol: string; readonly exchange: string; readonly currency: string },
  dates: readonly string[],
  returns: ReadonlyMap<string, number>,
  start = 100,
): PriceBarClosedData[] {
  let close = start;
  return dates.map((sessionDate, i) => {
    const open = close;
    if (i > 0) close = open * Math.exp(returns.get(sessionDate) ?? 0);
    return {
      symbol: listing.symbol,
      exchange: listing.exchange,
      sessionDate,
      open,
      high: Math.max(open, close) * 1.002,
      low: Math.min(open, close) * 0.998,
      close,
      volume: 1_000_000,
      adjusted: true,
      currency: listing.currency,
      source: 'synthetic',
    };
  });
}
