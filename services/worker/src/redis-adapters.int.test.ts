import { Redis } from 'ioredis';
import { stackConfigFromEnv, uniqueName } from '@newswindow/testkit';
import { createRedisPriceCache } from './redis-adapters';

// The price cache keeps each close's bar revision (issue 14, bar corrections): a study read through the cache records
// the corrected revisions it used exactly as one read from the store.
const redis = new Redis(stackConfigFromEnv(process.env).redisUrl, { maxRetriesPerRequest: 2 });
afterAll(async () => {
  await redis.quit();
});

describe('Redis price cache (real Redis)', () => {
  it('returns the closes it was given, with the revision of each corrected one', async () => {
    const prefix = uniqueName('nw_test_closes');
    const cache = createRedisPriceCache(redis, { prefix, ttlSeconds: 60 });
    const series = [
      { sessionDate: '2025-09-04', close: 135.1 },
      { sessionDate: '2025-09-05', close: 145, revision: 2 },
      { sessionDate: '2025-09-08', close: 145.9 },
    ];
    await cache.set('BABA', series);
    expect(await cache.get('BABA')).toEqual(series);
    await cache.invalidate('BABA');
    expect(await cache.get('BABA')).toBeUndefined();
  });

  it('reads an entry written before revisions were cached as closes without revisions', async () => {
    const prefix = uniqueName('nw_test_closes');
    await redis.set(`${prefix}:BABA`, JSON.stringify([['2025-09-04'], [135.1]]), 'EX', 60);
    expect(await createRedisPriceCache(redis, { prefix }).get('BABA')).toEqual([
      { sessionDate: '2025-09-04', close: 135.1 },
    ]);
  });
});
