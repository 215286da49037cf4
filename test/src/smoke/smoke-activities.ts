import type { Pool } from 'pg';
import type { Redis } from 'ioredis';

/** Activities of the smoke path, over injected clients so the test owns their lifecycle. */
export function createSmokeActivities(deps: { pool: Pool; redis: Redis; redisKeyPrefix: string }) {
  return {
    async recordDelivery(message: { key: string; value: string }): Promise<string> {
      // Idempotent on the message key: Temporal may retry the activity.
      await deps.pool.query(
        'INSERT INTO smoke_deliveries (message_key, payload) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [message.key, message.value],
      );
      const redisKey = `${deps.redisKeyPrefix}:${message.key}`;
      await deps.redis.set(redisKey, message.value, 'EX', 600);
      return redisKey;
    },
  };
}

export type SmokeActivities = ReturnType<typeof createSmokeActivities>;
