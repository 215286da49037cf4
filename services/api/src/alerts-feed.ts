import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';
import type { EventWindowAlertData } from '@newswindow/schemas';
import { parseEventJson } from '@newswindow/schemas';

/** The alerts the API serves: the newest ones and a live subscription. */
export interface AlertFeed {
  /** Newest first. */
  recent(limit: number): EventWindowAlertData[];
  /** Calls `listener` for every alert received from now on; returns the unsubscribe function. */
  subscribe(listener: (alert: EventWindowAlertData) => void): () => void;
  /** True once the consumer has joined its group. */
  ready(): boolean;
  close(): Promise<void>;
}

/** The alert in a Kafka message value, or undefined when it is not a valid `EventWindowAlert`. */
export function decodeAlert(value: string): EventWindowAlertData | undefined {
  const parsed = parseEventJson(value);
  if (!parsed.ok || parsed.value.type !== 'EventWindowAlert') return undefined;
  return parsed.value.data;
}

/** A bounded, newest-last buffer of alerts with listeners: the part of the feed without Kafka. */
export function createAlertBuffer(capacity: number): {
  push(alert: EventWindowAlertData): void;
  recent(limit: number): EventWindowAlertData[];
  subscribe(listener: (alert: EventWindowAlertData) => void): () => void;
} {
  const alerts: EventWindowAlertData[] = [];
  const seen = new Set<string>();
  const listeners = new Set<(alert: EventWindowAlertData) => void>();
  return {
    push(alert) {
      // The topic is at-least-once: a redelivered alert is shown once.
      if (seen.has(alert.alertId)) return;
      seen.add(alert.alertId);
      alerts.push(alert);
      if (alerts.length > capacity) seen.delete(alerts.shift()?.alertId ?? '');
      for (const l of listeners) l(alert);
    },
    recent: (limit) => alerts.slice(-limit).reverse(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Consumes the alerts topic from the beginning in a consumer group unique to this process (every API process sees
 * every alert; nothing is committed that another reader depends on), keeping the newest `capacity` alerts.
 */
export async function startKafkaAlertFeed(options: {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly capacity: number;
  readonly onSkipped?: (reason: string) => void;
}): Promise<AlertFeed> {
  const kafka = new Kafka({ clientId: 'newswindow-api', brokers: [...options.brokers], logLevel: logLevel.NOTHING });
  const buffer = createAlertBuffer(options.capacity);
  const consumer: Consumer = kafka.consumer({ groupId: `newswindow-api-${randomUUID()}` });
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  consumer.on(consumer.events.CRASH, () => (joined = false));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: options.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message, partition }) => {
        const alert = decodeAlert(message.value?.toString('utf8') ?? '');
        if (alert === undefined) options.onSkipped?.(`${options.topic}[${partition}]@${message.offset}: not an alert`);
        else buffer.push(alert);
        return Promise.resolve();
      },
    });
  } catch (err) {
    await consumer.disconnect().catch(() => undefined);
    throw err;
  }
  return {
    recent: (limit) => buffer.recent(limit),
    subscribe: (listener) => buffer.subscribe(listener),
    ready: () => joined,
    close: () => consumer.disconnect(),
  };
}
