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

/** Disconnects started in the background (crashed and failed consumers), so that a stop can wait for them all. */
class Disconnects {
  private readonly pending = new Set<Promise<void>>();

  start(c: Consumer): Promise<void> {
    const done = c.disconnect();
    const settled = done.catch(() => undefined);
    this.pending.add(settled);
    void settled.finally(() => this.pending.delete(settled));
    return done;
  }

  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/** The restart delay after `crashesInARow` crashes: `initialDelayMs` doubled per crash, at most `maxDelayMs`. */
const backoffMs = (initialDelayMs: number, maxDelayMs: number, crashesInARow: number): number =>
  Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(crashesInARow - 1, 16));

class ConsumerSupervisor implements SupervisedConsumer {
  private readonly log: (line: string) => void;
  private readonly maxRestarts: number;
  private readonly config: ConsumerConfig;
  private consumer: Consumer | undefined;
  private current: SupervisedConsumerState = 'stopped';
  private restartCount = 0;
  /** Crashes since the last group join: the backoff's exponent, so one crash a day is not restarted 30 s late. */
  private crashesInARow = 0;
  private error: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** The launch or restart in flight, settled either way: `stop()` waits for it before its own disconnect. */
  private launching: Promise<void> = Promise.resolve();
  private readonly disconnects = new Disconnects();

  constructor(private readonly options: SupervisedConsumerOptions) {
    this.log = options.log ?? (() => undefined);
    this.maxRestarts = options.maxRestarts ?? Number.POSITIVE_INFINITY;
    this.config = { ...options.consumer, retry: { ...options.consumer.retry, restartOnFailure: neverRestart } };
  }

  get state(): SupervisedConsumerState {
    return this.current;
  }

  get restarts(): number {
    return this.restartCount;
  }

  get lastError(): string | undefined {
    return this.error;
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.current = 'starting';
    const launched = this.launch();
    this.launching = launched.catch(() => undefined);
    try {
      await launched;
    } catch (err) {
      this.error = message(err);
      if (!this.stopping) this.current = 'failed';
      throw err;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.current = 'stopped';
    // A consumer still connecting would join its group after a disconnect made now (kafkajs's disconnect skips a
    // runner that has not joined yet): let the launch finish, then disconnect what it made.
    await this.launching;
    const c = this.consumer;
    this.consumer = undefined;
    try {
      if (c !== undefined) await this.disconnects.start(c);
    } finally {
      await this.disconnects.settled();
    }
  }

  private async launch(): Promise<void> {
    const c = this.options.kafka.consumer(this.config);
    this.consumer = c;
    c.on(c.events.CRASH, (event) => {
      if (this.stopping || c !== this.consumer) return;
      this.scheduleRestart(event.payload.error);
    });
    c.on(c.events.GROUP_JOIN, () => {
      if (this.stopping || c !== this.consumer) return;
      this.current = 'running';
      this.crashesInARow = 0;
    });
    try {
      await this.options.run(c);
    } catch (err) {
      // After a crash of this consumer its restart is already scheduled, and it was disconnected then.
      if (c !== this.consumer) return;
      this.consumer = undefined;
      await this.disconnects.start(c).catch(() => undefined);
      throw err;
    }
    // `run` also resolves after a crash of the join, which has scheduled a restart by now.
    if (!this.stopping && c === this.consumer) this.current = 'running';
  }

  private scheduleRestart(error: Error): void {
    this.error = error.message;
    const old = this.consumer;
    this.consumer = undefined;
    if (old !== undefined) void this.disconnects.start(old).catch(() => undefined);
    if (this.restartCount >= this.maxRestarts) {
      this.current = 'failed';
      this.log(`consumer crashed (${error.message}); giving up after ${this.restartCount} restart(s)`);
      this.options.onGiveUp?.(error);
      return;
    }
    this.restartCount += 1;
    this.crashesInARow += 1;
    this.current = 'restarting';
    const delayMs = backoffMs(
      this.options.initialDelayMs ?? 500,
      this.options.maxDelayMs ?? 30_000,
      this.crashesInARow,
    );
    this.log(`consumer crashed (${error.message}); restart ${this.restartCount} in ${delayMs} ms`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.launching = this.restart();
    }, delayMs);
  }

  private async restart(): Promise<void> {
    // The crashed consumer leaves the group before its successor joins it.
    await this.disconnects.settled();
    if (this.stopping) return;
    try {
      await this.launch();
      if (this.current === 'running') this.log(`consumer restarted (restart ${this.restartCount})`);
    } catch (err) {
      if (!this.stopping) this.scheduleRestart(asError(err));
    }
  }
}

/**
 * Runs a consumer and recreates it after every crash (`consumer.events.CRASH`: a broker outage, retries exhausted in a
 * batch) with a capped exponential backoff; a failed restart is retried the same way. So an outage never leaves a
 * process alive with a dead consumer, and, since kafkajs never restarts one itself, `stop()` can end them all.
 */
export function superviseConsumer(options: SupervisedConsumerOptions): SupervisedConsumer {
  return new ConsumerSupervisor(options);
}
