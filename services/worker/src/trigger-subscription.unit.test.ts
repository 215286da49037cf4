import type { RecordedEvent } from '@newswindow/store';
import type { EventWindowHooks } from './hooks';
import { storyLanes, triggerEvents } from './trigger-subscription';

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

it('starts one recompute per bar correction, after the wake-ups (which drop the cached closes)', async () => {
  const calls: string[] = [];
  const hooks: EventWindowHooks = {
    onNewsAppended: () => Promise.resolve([]),
    onBarAppended: (bar) => {
      calls.push(`bar ${bar.symbol}@${bar.sessionDate}`);
      return Promise.resolve(0);
    },
    onBarCorrected: (c) => {
      calls.push(`corrected ${c.symbol}@${c.sessionDate} r${c.revision}`);
      return Promise.resolve(`wf-${c.symbol}-${c.revision}`);
    },
  };
  const corrected = (symbol: string, sessionDate: string, revision: number) => ({
    ...barData(symbol, sessionDate),
    revision,
  });
  const lines = await triggerEvents(
    [
      recorded('PriceBarCorrected', corrected('^HSI', '2025-09-05', 2), 1),
      recorded('PriceBarClosed', barData('^HSI', '2025-09-08'), 2),
      recorded('PriceBarCorrected', corrected('^HSI', '2025-09-05', 3), 3),
    ],
    hooks,
  );
  expect(calls).toEqual(['bar ^HSI@2025-09-08', 'corrected ^HSI@2025-09-05 r2', 'corrected ^HSI@2025-09-05 r3']);
  expect(lines).toEqual(['recompute wf-^HSI-2', 'recompute wf-^HSI-3']);
});

describe('lanes: stories of one event in log order, other events side by side', () => {
  it('joins stories through shared event keys, transitively, keeping log order inside a lane', () => {
    const keys: Record<string, string[]> = { a: ['E1'], b: ['E2'], c: ['E1', 'E3'], d: ['E3'], e: [], f: ['E2'] };
    const lanes = storyLanes(Object.keys(keys), (id) => keys[id] ?? []);
    expect(lanes).toEqual([['a', 'c', 'd'], ['b', 'f'], ['e']]);
    expect(storyLanes(['a', 'b'], undefined)).toEqual([['a', 'b']]);
  });

  it('hands unrelated stories to Temporal concurrently, and a shared event’s stories one after another', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const order: string[] = [];
    const release: (() => void)[] = [];
    const hooks: EventWindowHooks = {
      eventKeysOf: (news) => [news.id.startsWith('same') ? 'E-shared' : `E-${news.id}`],
      onNewsAppended: async (news) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        order.push(`start ${news.id}`);
        await new Promise<void>((done) => release.push(done));
        order.push(`end ${news.id}`);
        inFlight -= 1;
        return [];
      },
      onBarAppended: () => Promise.resolve(0),
    };
    const ids = ['same-1', 'x', 'same-2', 'y', 'same-3'];
    const run = triggerEvents(
      ids.map((id, i) => recorded('NewsPublished', newsData(id), i + 1)),
      hooks,
      4,
    );
    // Release whatever is waiting until the batch is done (each call resolves on a later tick).
    const pump = setInterval(() => release.splice(0).forEach((done) => done()), 1);
    await run;
    clearInterval(pump);
    expect(maxInFlight).toBe(3);
    const shared = order.filter((o) => o.includes('same'));
    expect(shared).toEqual(['start same-1', 'end same-1', 'start same-2', 'end same-2', 'start same-3', 'end same-3']);
  });
});
