/** The part of a kafkajs admin client that {@link groupMemberCount} uses (structural: testkit depends on pg only). */
export interface GroupAdmin {
  connect(): Promise<void>;
  describeGroups(groupIds: string[]): Promise<{ groups: { members: unknown[] }[] }>;
  disconnect(): Promise<void>;
}

/** How many members a consumer group has on the broker now (0 when it has none or does not exist). */
export async function groupMemberCount(kafka: { admin(): GroupAdmin }, groupId: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups[0]?.members.length ?? 0;
  } finally {
    await admin.disconnect();
  }
}
