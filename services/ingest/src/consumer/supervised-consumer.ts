import type { Consumer } from 'kafkajs';

/** How a supervised consumer is made and started; called again for every restart. */
export interface SupervisedConsumerOptions {
  /** Creates the consumer and attaches its listeners (not connected yet). */
  readonly build: () => Consumer;
  /** Connects, subscribes and runs it (`consumer.run` resolves once it is running). */
  readonly run: (consumer: Consumer) => Promise<void>;
  readonly log?: (line: string) => void;
  /** Restarts before giving up (default: never give up). */
  readonly maxRestarts?: number;
  /** First restart delay (default 500 ms), doubled up to `maxDelayMs` (default 30 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Called when it gives up after `maxRestarts`. */
  readonly onGiveUp?: (error: Error) => void;
}

/** State of a supervised consumer, for a status probe. */
export type SupervisedConsumerState = 'starting' | 'running' | 'restarting' | 'stopped' | 'failed';

/** A Kafka consumer that is recreated after every crash kafkajs does not restart itself. */
export interface SupervisedConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly state: SupervisedConsumerState;
  readonly restarts: number;
  readonly lastError: string | undefined;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Runs a consumer and recreates it whenever it crashes without a kafkajs restart (`consumer.events.CRASH` with
 * `restart: false`, as after a broker outage: "Failed to find group coordinator"), with a capped exponential backoff;
 * a failed restart is retried the same way. So an outage never leaves a process alive with a dead consumer.
 */
export function superviseConsumer(options: SupervisedConsumerOptions): SupervisedConsumer {
  const log = options.log ?? (() => undefined);
  const maxRestarts = options.maxRestarts ?? Number.POSITIVE_INFINITY;
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  let consumer: Consumer | undefined;
  let state: SupervisedConsumerState = 'stopped';
  let restarts = 0;
  let lastError: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;

  const launch = async (): Promise<void> => {
    const c = options.build();
    consumer = c;
    c.on(c.events.CRASH, (event) => {
      const { error, restart } = event.payload;
      if (stopping || c !== consumer) return;
      lastError = error.message;
      if (restart) {
        log(`consumer crashed (${error.message}); kafkajs restarts it`);
        return;
      }
      scheduleRestart(error);
    });
    c.on(c.events.GROUP_JOIN, () => {
      if (c === consumer && !stopping) state = 'running';
    });
    await options.run(c);
    if (state !== 'running') state = 'running';
  };

  const scheduleRestart = (error: Error): void => {
    if (restarts >= maxRestarts) {
      state = 'failed';
      log(`consumer crashed (${error.message}); giving up after ${restarts} restart(s)`);
      options.onGiveUp?.(error);
      return;
    }
    restarts += 1;
    state = 'restarting';
    const delayMs = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(restarts - 1, 16));
    log(`consumer crashed (${error.message}); restart ${restarts} in ${delayMs} ms`);
    const old = consumer;
    consumer = undefined;
    timer = setTimeout(() => {
      timer = undefined;
      void (async () => {
        await old?.disconnect().catch(() => undefined);
        if (stopping) return;
        try {
          await launch();
          log(`consumer restarted (restart ${restarts})`);
        } catch (err) {
          lastError = message(err);
          const failed = consumer;
          consumer = undefined;
          await failed?.disconnect().catch(() => undefined);
          if (!stopping) scheduleRestart(err instanceof Error ? err : new Error(message(err)));
        }
      })();
    }, delayMs);
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
      await launch();
    },
    async stop() {
      stopping = true;
      if (timer !== undefined) clearTimeout(timer);
      state = 'stopped';
      await consumer?.disconnect();
    },
  };
}
