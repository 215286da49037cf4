import type { Admin } from 'kafkajs';

/** Creates the topics that do not exist yet (idempotent); one replica, as on the local single broker unless told. */
export async function ensureTopics(
  admin: Admin,
  topics: readonly string[],
  options: { readonly partitions?: number; readonly replicationFactor?: number } = {},
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(topics)].filter((t) => !existing.has(t));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({
      topic,
      numPartitions: options.partitions ?? 3,
      replicationFactor: options.replicationFactor ?? 1,
    })),
  });
}
