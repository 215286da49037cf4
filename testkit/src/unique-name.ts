import { randomUUID } from 'node:crypto';

/** A name no other test run uses: for Kafka topics, consumer groups, databases and workflow ids. */
export const uniqueName = (prefix: string): string => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
