import { barStreamId } from '@newswindow/schemas';
import type { EventStore } from '@newswindow/store';
import type { PriceBar, TradeTick } from '../messages';
import type { SessionCalendars } from '../rollup/session-calendar';
import type { ClosedSession } from '../rollup/tick-rollup';
import { TickRollup } from '../rollup/tick-rollup';

/** Where the ticks of a roll-up came from: the topic and the partitions this member owns. */
export interface TickSource {
  readonly topic: string;
  readonly partitions: ReadonlySet<number>;
}

/** A roll-up rebuilt from the store, the bars of sessions that closed meanwhile, and how many ticks it read. */
export interface RecoveredRollup {
  readonly rollup: TickRollup;
  readonly closed: readonly PriceBar[];
  readonly ticksRead: number;
}

const PAGE_SIZE = 10_000;

/** The `TradeTicked` events stored from `source`, read by global position a page at a time. */
async function storedTicks(store: Pick<EventStore, 'readAll'>, source: TickSource): Promise<TradeTick[]> {
  const ticks: TradeTick[] = [];
  for (let fromPosition = 0; ;) {
    const page = await store.readAll({ fromPosition, limit: PAGE_SIZE, types: ['TradeTicked'] });
    for (const e of page)
      if (
        e.type === 'TradeTicked' &&
        e.metadata['topic'] === source.topic &&
        source.partitions.has(Number(e.metadata['partition']))
      )
        ticks.push(e.data);
    if (page.length < PAGE_SIZE) return ticks;
    fromPosition = page[page.length - 1]!.position;
  }
}

/** The bars rolled up from ticks before, from the bar stream of every listing the ticks name. */
async function storedTickBars(
  store: Pick<EventStore, 'readStream'>,
  ticks: readonly TradeTick[],
): Promise<ClosedSession[]> {
  const listings = new Map<string, Pick<TradeTick, 'exchange' | 'symbol'>>();
  for (const t of ticks) listings.set(`${t.exchange}|${t.symbol}`, t);
  const bars: ClosedSession[] = [];
  for (const { exchange, symbol } of listings.values())
    for (const e of await store.readStream(barStreamId(exchange, symbol)))
      if (e.type === 'PriceBarClosed' && e.data.source === 'ticks') bars.push(e.data);
  return bars;
}

/**
 * Rebuilds the roll-up of the tick partitions a member owns from the store: the ticks it stored from them (read by
 * global position, `TradeTicked` only) and, per listing found, the bars rolled up before (its bar stream). The bars of
 * sessions that closed before a crash but were never stored come back in `closed`.
 */
export async function recoverTickRollup(
  store: Pick<EventStore, 'readAll' | 'readStream'>,
  calendars: SessionCalendars,
  source: TickSource,
  now: () => number,
): Promise<RecoveredRollup> {
  const ticks = await storedTicks(store, source);
  const bars = await storedTickBars(store, ticks);
  // The clock is read after the store: a session that closed while it was read is closed now.
  const recovered = TickRollup.recover(calendars, ticks, bars, now());
  return { rollup: recovered.rollup, closed: recovered.closed, ticksRead: ticks.length };
}
