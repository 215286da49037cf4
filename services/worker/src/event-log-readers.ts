import type { EventStore } from '@newswindow/store';
import type { BackfillFilter } from '@newswindow/workflows';
import type { BarReader, DailyClose, NewsReader, StoredNews } from './ports';

/**
 * News and bar readers folded in memory from the event log (`readAll` by position, caught up on every call): the
 * stand-in while the store's `news` / `daily_bars` projections are not running. Same ports as the projection readers.
 */
export function createEventLogReaders(
  store: Pick<EventStore, 'readAll'>,
  options: { pageSize?: number } = {},
): { news: NewsReader; bars: BarReader } {
  const pageSize = options.pageSize ?? 10_000;
  let position = 0;
  const news = new Map<string, StoredNews>();
  const retracted = new Set<string>();
  const bars = new Map<string, Map<string, DailyClose>>();
  let sortedIds: string[] | null = null;
  let catchingUp: Promise<void> | null = null;

  const catchUp = async (): Promise<void> => {
    for (;;) {
      const page = await store.readAll({
        fromPosition: position,
        limit: pageSize,
        types: ['NewsPublished', 'NewsCorrected', 'NewsRetracted', 'PriceBarClosed'],
      });
      for (const e of page) {
        position = Math.max(position, e.position);
        switch (e.type) {
          case 'NewsPublished':
          case 'NewsCorrected': {
            const d = e.data;
            news.set(d.id, {
              id: d.id,
              source: d.source,
              publishedAt: d.publishedAt,
              ...(d.headline === undefined ? {} : { headline: d.headline }),
              ...(d.body === undefined ? {} : { body: d.body }),
              ...(d.summary === undefined ? {} : { summary: d.summary }),
              ...(d.tickers === undefined ? {} : { tickers: d.tickers }),
            });
            sortedIds = null;
            break;
          }
          case 'NewsRetracted':
            retracted.add(e.data.id);
            sortedIds = null;
            break;
          case 'PriceBarClosed': {
            let m = bars.get(e.data.symbol);
            if (m === undefined) {
              m = new Map();
              bars.set(e.data.symbol, m);
            }
            m.set(e.data.sessionDate, { sessionDate: e.data.sessionDate, close: e.data.close });
            break;
          }
          default:
            break;
        }
      }
      if (page.length < pageSize) return;
    }
  };
  // Concurrent callers share one catch-up.
  const fresh = async (): Promise<void> => {
    if (catchingUp === null) catchingUp = catchUp().finally(() => (catchingUp = null));
    await catchingUp;
  };

  const dayOf = (publishedAt: string) => publishedAt.slice(0, 10);
  const matches = (n: StoredNews, f: BackfillFilter): boolean => {
    const day = dayOf(n.publishedAt);
    if (day < f.from || day > f.to || retracted.has(n.id)) return false;
    if (f.tickers !== undefined && f.tickers.length > 0 && !(n.tickers ?? []).some((t) => f.tickers?.includes(t)))
      return false;
    return true;
  };
  const ids = (): string[] => (sortedIds ??= [...news.keys()].sort());

  return {
    news: {
      async getNews(wanted) {
        await fresh();
        return wanted.flatMap((id) => {
          const n = news.get(id);
          return n === undefined || retracted.has(id) ? [] : [n];
        });
      },
      async countNews(filter) {
        await fresh();
        let c = 0;
        for (const n of news.values()) if (matches(n, filter)) c += 1;
        return c;
      },
      async listNewsIds(filter, cursor, limit) {
        await fresh();
        const out: string[] = [];
        for (const id of ids()) {
          if (cursor !== null && id <= cursor) continue;
          const n = news.get(id);
          if (n !== undefined && matches(n, filter)) out.push(id);
          if (out.length >= limit) break;
        }
        return { newsIds: out, nextCursor: out.length < limit ? null : (out.at(-1) ?? null) };
      },
    },
    bars: {
      async loadCloses(symbols) {
        await fresh();
        return new Map(
          symbols.map((s) => [
            s,
            [...(bars.get(s)?.values() ?? [])].sort((a, b) => (a.sessionDate < b.sessionDate ? -1 : 1)),
          ]),
        );
      },
      async latestSessions(symbols) {
        await fresh();
        const out = new Map<string, string>();
        for (const s of symbols) {
          let max = '';
          for (const d of bars.get(s)?.keys() ?? []) if (d > max) max = d;
          if (max !== '') out.set(s, max);
        }
        return out;
      },
    },
  };
}
