import type { RecordedEvent } from '@newswindow/store';
import type { EventWindowHooks } from './hooks';
import { triggerEvents } from './trigger-subscription';

const recorded = (type: string, data: object, position: number): RecordedEvent =>
  ({
    type,
    data,
    metadata: {},
    position,
    streamId: `s-${position}`,
    version: 1,
    schemaVersion: 1,
    idempotencyKey: null,
    recordedAt: '2025-09-08T00:00:00.000Z',
  }) as RecordedEvent;
const newsData = (id: string) => ({ id, source: 't', headline: `h ${id}`, publishedAt: '2025-09-08', language: 'en' });
const barData = (symbol: string, sessionDate: string) => ({ symbol, exchange: 'XHKG', sessionDate, close: 1 });

it('hands each stored story to the hooks in log order and wakes each symbol once, for its latest session', async () => {
  const calls: string[] = [];
  const hooks: EventWindowHooks = {
    onNewsAppended: (news) => {
      calls.push(`news ${news.id} ${news.headline ?? ''}`);
      return Promise.resolve([]);
    },
    onBarAppended: (bar) => {
      calls.push(`bar ${bar.symbol}@${bar.sessionDate}`);
      return Promise.resolve(bar.symbol === '9988.HK' ? 2 : 0);
    },
  };
  const lines = await triggerEvents(
    [
      recorded('PriceBarClosed', barData('9988.HK', '2025-09-08'), 1),
      recorded('NewsPublished', newsData('a'), 2),
      recorded('PriceBarClosed', barData('9988.HK', '2025-09-09'), 3),
      recorded('PriceBarClosed', barData('^HSI', '2025-09-09'), 4),
      recorded('NewsPublished', newsData('b'), 5),
    ],
    hooks,
  );
  expect(calls).toEqual(['news a h a', 'news b h b', 'bar 9988.HK@2025-09-09', 'bar ^HSI@2025-09-09']);
  expect(lines).toEqual(['bar 9988.HK@2025-09-09 woke 2 workflow(s)']);
});
