import { Redis } from 'ioredis';
import type { DailyClose } from '@newswindow/schemas';
import type { BarWaitRegistry, PriceCache } from './ports';

/**
 * The worker's Redis client. Temporal owns the retries of activities: the client's own retries stay short. ioredis
 * reconnects by itself after a Redis restart; its 'error' events (which would end the process unheard) only need a
 * throttled line in the log (`warn`, at most one per `quietMs`).
 */
export function createWorkerRedis(url: string, warn: (line: string) => void, quietMs = 10_000): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  let last = Number.NEGATIVE_INFINITY;
  redis.on('error', (err: Error) => {
    if (Date.now() - last < quietMs) return;
    last = Date.now();
    warn(`redis: ${err.message} (reconnecting)`);
  });
  return redis;
}

/** Redis price cache: one JSON value per symbol, with a TTL; a new bar deletes the symbol's entry. */
export function createRedisPriceCache(
  redis: Redis,
  options: { prefix?: string; ttlSeconds?: number } = {},
): PriceCache {
  const prefix = options.prefix ?? 'nw:closes';
  const ttl = options.ttlSeconds ?? 3_600;
  return {
    async get(symbol) {
      const raw = await redis.get(`${prefix}:${symbol}`);
      if (raw === null) return undefined;
      // [dates, closes, corrected]: `corrected` maps the index of each corrected close to its bar revision.
      const [dates, closes, corrected] = JSON.parse(raw) as [string[], number[], Record<string, number>?];
      return dates.map((sessionDate, i) => {
        const revision = corrected?.[i];
        return revision === undefined
          ? { sessionDate, close: closes[i] ?? Number.NaN }
          : { sessionDate, close: closes[i] ?? Number.NaN, revision };
      });
    },
    async set(symbol, series: readonly DailyClose[]) {
      const corrected: Record<string, number> = {};
      series.forEach((c, i) => {
        if (c.revision !== undefined) corrected[i] = c.revision;
      });
      const value = JSON.stringify([series.map((c) => c.sessionDate), series.map((c) => c.close), corrected]);
      await redis.set(`${prefix}:${symbol}`, value, 'EX', ttl);
    },
    async invalidate(symbol) {
      await redis.del(`${prefix}:${symbol}`);
    },
  };
}

/**
 * Who waits for which bar: a sorted set per symbol, member = workflow id + session, score = the session as a number
 * (`YYYYMMDD`), so a bar wakes every workflow waiting for that session or an earlier one.
 */
export function createRedisBarWaits(
  redis: Redis,
  options: { prefix?: string; ttlSeconds?: number } = {},
): BarWaitRegistry {
  const prefix = options.prefix ?? 'nw:bar-waits';
  const ttl = options.ttlSeconds ?? 30 * 86_400;
  const score = (d: string) => Number(d.replaceAll('-', ''));
  return {
    async register(workflowId, symbols, sessionDate) {
      const tx = redis.multi();
      for (const s of symbols) {
        tx.zadd(`${prefix}:${s}`, score(sessionDate), `${sessionDate}|${workflowId}`);
        tx.expire(`${prefix}:${s}`, ttl);
      }
      await tx.exec();
    },
    async takeWaiters(symbol, sessionDate) {
      const key = `${prefix}:${symbol}`;
      const members = await redis.zrangebyscore(key, '-inf', score(sessionDate));
      if (members.length === 0) return [];
      await redis.zrem(key, ...members);
      return members.map((m) => {
        const cut = m.indexOf('|');
        return { sessionDate: m.slice(0, cut), workflowId: m.slice(cut + 1) };
      });
    },
  };
}
