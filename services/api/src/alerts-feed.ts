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

/** Why the topic cannot be read now (Kafka down, topic missing), or undefined when it can. */
async function topicMissing(kafka: Kafka, topic: string): Promise<unknown> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [topic] });
    return undefined;
  } catch (err) {
    return err ?? new Error(`topic ${topic} cannot be read`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Consumer disconnects started in the background, so that a close can wait for all of them. */
function trackedDisconnects(): {
  readonly disconnect: (c: Consumer) => Promise<void>;
  readonly settled: () => Promise<void>;
} {
  const pending = new Set<Promise<void>>();
  return {
    disconnect: (c) => {
      const done = c.disconnect().catch(() => undefined);
      pending.add(done);
      void done.finally(() => pending.delete(done));
      return done;
    },
    settled: async () => {
      await Promise.all([...pending]);
    },
  };
}

/**
 * Consumes the alerts topic from the beginning in a consumer group unique to this process (every API process sees
 * every alert; nothing is committed that another reader depends on), keeping the newest `capacity` alerts. Resolves at
 * once: while the topic is missing or Kafka is down it retries every `retryMs` in the background (`ready()` is false
 * meanwhile, so /readyz says so), and the API serves everything but alerts.
 */
export function startKafkaAlertFeed(options: {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly capacity: number;
  readonly retryMs?: number;
  readonly onSkipped?: (reason: string) => void;
  readonly onError?: (err: unknown) => void;
  /** The consumer group (default: unique to this process); tests pass one to watch the group. */
  readonly groupId?: string;
}): AlertFeed {
  const kafka = new Kafka({
    clientId: 'newswindow-api',
    brokers: [...options.brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  });
  const buffer = createAlertBuffer(options.capacity);
  const groupId = options.groupId ?? `newswindow-api-${randomUUID()}`;
  let consumer: Consumer | undefined;
  /** The connect attempt in flight: `close()` waits for it, so a consumer being set up cannot start after the close. */
  let attempt: Promise<void> = Promise.resolve();
  const disconnects = trackedDisconnects();
  let joined = false;
  let closed = false;
  /** Between `run()` and the first group join (or crash): kafkajs ignores a disconnect in that window. */
  let starting = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    // A consumer subscribed to a missing topic crash-loops inside kafkajs: check first, and retry from here instead.
    const missing = await topicMissing(kafka, options.topic);
    if (missing !== undefined) {
      retry(missing);
      return;
    }
    if (closed) return;
    // kafkajs restarts a crashed consumer on its own timer, which a `disconnect()` during the crash handling does not
    // cancel (the timer is set after it): restarts are ours, so `close()` can stop them.
    const c = kafka.consumer({ groupId, retry: { restartOnFailure: () => Promise.resolve(false) } });
    consumer = c;
    c.on(c.events.GROUP_JOIN, () => {
      joined = true;
      starting = false;
    });
    c.on(c.events.CRASH, (event) => {
      joined = false;
      starting = false;
      retry(event.payload.error);
    });
    try {
      await c.connect();
      if (closed) return;
      await c.subscribe({ topic: options.topic, fromBeginning: true });
      if (closed) return;
      starting = true;
      await c.run({
        eachMessage: ({ message, partition }) => {
          const alert = decodeAlert(message.value?.toString('utf8') ?? '');
          if (alert === undefined)
            options.onSkipped?.(`${options.topic}[${partition}]@${message.offset}: not an alert`);
          else buffer.push(alert);
          return Promise.resolve();
        },
      });
    } catch (err) {
      starting = false;
      retry(err);
    }
  };
  const retry = (err: unknown): void => {
    options.onError?.(err);
    const old = consumer;
    consumer = undefined;
    if (old !== undefined) void disconnects.disconnect(old);
    if (!closed) timer = setTimeout(start, options.retryMs ?? 5_000);
  };
  const start = (): void => {
    attempt = connect();
  };
  start();
  return {
    recent: (limit) => buffer.recent(limit),
    subscribe: (listener) => buffer.subscribe(listener),
    ready: () => joined,
    close: async () => {
      closed = true;
      clearTimeout(timer);
      // An attempt past its last `closed` check ends in `run()` (or a retry); wait for it, then for a join in flight
      // (bounded), so the disconnect really stops the consumer (kafkajs ignores one before the join).
      await attempt;
      for (let waited = 0; starting && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      if (consumer !== undefined) await disconnects.disconnect(consumer);
      await disconnects.settled();
    },
  };
}
