import type { Consumer, ConsumerConfig, Kafka } from 'kafkajs';

/** How a supervised consumer is made and started; a new consumer is made for every restart. */
export interface SupervisedConsumerOptions {
  readonly kafka: Pick<Kafka, 'consumer'>;
  /** The consumer's kafkajs config; its `retry.restartOnFailure` is replaced: restarts are the supervisor's. */
  readonly consumer: ConsumerConfig;
  /**
   * Attaches listeners, connects, subscribes and runs a new consumer; resolves once `consumer.run` has (kafkajs
   * resolves it after the group join, or after a crash of the join).
   */
  readonly run: (consumer: Consumer) => Promise<void>;
  readonly log?: (line: string) => void;
  /** Restarts in all before giving up (default: never give up). */
  readonly maxRestarts?: number;
  /** First restart delay (default 500 ms), doubled per crash in a row up to `maxDelayMs` (default 30 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Called when it gives up after `maxRestarts`. */
  readonly onGiveUp?: (error: Error) => void;
}

/** State of a supervised consumer, for a status probe. */
export type SupervisedConsumerState = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';

/** A Kafka consumer that is recreated after every crash. */
export interface SupervisedConsumer {
  /** Rejects, with nothing left connected, when `run` rejects on this first launch (that one is not retried). */
  start(): Promise<void>;
  /** Once it resolves, no consumer of this supervisor is connected or in its group, and none is made. */
  stop(): Promise<void>;
  readonly state: SupervisedConsumerState;
  readonly restarts: number;
  readonly lastError: string | undefined;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(message(err)));

// kafkajs restarts a crashed consumer on a timer it sets after its own disconnect, so a `stop()` during the crash
// handling cannot cancel it and a stopped consumer could come back.
const neverRestart = (): Promise<boolean> => Promise.resolve(false);

/**
 * Runs a consumer and recreates it after every crash (`consumer.events.CRASH`: a broker outage, retries exhausted in a
 * batch) with a capped exponential backoff; a failed restart is retried the same way. So an outage never leaves a
 * process alive with a dead consumer, and, since kafkajs never restarts one itself, `stop()` can end them all.
 */
export function superviseConsumer(options: SupervisedConsumerOptions): SupervisedConsumer {
  const log = options.log ?? (() => undefined);
  const maxRestarts = options.maxRestarts ?? Number.POSITIVE_INFINITY;
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const config: ConsumerConfig = {
    ...options.consumer,
    retry: { ...options.consumer.retry, restartOnFailure: neverRestart },
  };
  let consumer: Consumer | undefined;
  let state: SupervisedConsumerState = 'stopped';
  let restarts = 0;
  /** Crashes since the last group join: the backoff's exponent, so one crash a day is not restarted 30 s late. */
  let crashesInARow = 0;
  let lastError: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  /** The launch or restart in flight, settled either way: `stop()` waits for it before its own disconnect. */
  let launching: Promise<void> = Promise.resolve();
  /** Disconnects started in the background (crashed and failed consumers): `stop()` waits for them too. */
  const disconnecting = new Set<Promise<void>>();

  const disconnect = (c: Consumer): Promise<void> => {
    const done = c.disconnect();
    const settled = done.catch(() => undefined);
    disconnecting.add(settled);
    void settled.finally(() => disconnecting.delete(settled));
    return done;
  };

  const launch = async (): Promise<void> => {
    const c = options.kafka.consumer(config);
    consumer = c;
    c.on(c.events.CRASH, (event) => {
      if (stopping || c !== consumer) return;
      scheduleRestart(event.payload.error);
    });
    c.on(c.events.GROUP_JOIN, () => {
      if (stopping || c !== consumer) return;
      state = 'running';
      crashesInARow = 0;
    });
    try {
      await options.run(c);
    } catch (err) {
      // After a crash of this consumer its restart is already scheduled, and it was disconnected then.
      if (c !== consumer) return;
      consumer = undefined;
      await disconnect(c).catch(() => undefined);
      throw err;
    }
    // `run` also resolves after a crash of the join, which has scheduled a restart by now.
    if (!stopping && c === consumer) state = 'running';
  };

  const scheduleRestart = (error: Error): void => {
    lastError = error.message;
    const old = consumer;
    consumer = undefined;
    if (old !== undefined) void disconnect(old).catch(() => undefined);
    if (restarts >= maxRestarts) {
      state = 'failed';
      log(`consumer crashed (${error.message}); giving up after ${restarts} restart(s)`);
      options.onGiveUp?.(error);
      return;
    }
    restarts += 1;
    crashesInARow += 1;
    state = 'restarting';
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(crashesInARow - 1, 16));
    log(`consumer crashed (${error.message}); restart ${restarts} in ${delayMs} ms`);
    timer = setTimeout(() => {
      timer = undefined;
      launching = restart();
    }, delayMs);
  };

  const restart = async (): Promise<void> => {
    // The crashed consumer leaves the group before its successor joins it.
    await Promise.all([...disconnecting]);
    if (stopping) return;
    try {
      await launch();
      if (state === 'running') log(`consumer restarted (restart ${restarts})`);
    } catch (err) {
      if (!stopping) scheduleRestart(asError(err));
    }
  };

  return {
    get state() {
      return state;
    },
    get restarts() {
      return restarts;
    },
    get lastError() {
      return lastError;
    },
    async start() {
      stopping = false;
      state = 'starting';
      const launched = launch();
      launching = launched.catch(() => undefined);
      try {
        await launched;
      } catch (err) {
        lastError = message(err);
        if (!stopping) state = 'failed';
        throw err;
      }
    },
    async stop() {
      stopping = true;
      clearTimeout(timer);
      timer = undefined;
      state = 'stopped';
      // A consumer still connecting would join its group after a disconnect made now (kafkajs's disconnect skips a
      // runner that has not joined yet): let the launch finish, then disconnect what it made.
      await launching;
      const c = consumer;
      consumer = undefined;
      try {
        if (c !== undefined) await disconnect(c);
      } finally {
        await Promise.all([...disconnecting]);
      }
    },
  };
}
