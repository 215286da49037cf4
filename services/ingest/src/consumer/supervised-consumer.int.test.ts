import { Kafka, logLevel } from 'kafkajs';
import type { Consumer, ConsumerConfig } from 'kafkajs';
import { groupMemberCount, uniqueName, waitFor, WaitForTimeoutError } from '@newswindow/testkit';
import { kafkaSettingsFromEnv } from '../config/ingest-config';
import { ensureTopics } from '../kafka/ensure-topics';
import type { SupervisedConsumer } from './supervised-consumer';
import { superviseConsumer } from './supervised-consumer';

// `stop()` used to resolve while a consumer could still (or again) be in the group: kafkajs restarted a crashed
// consumer on its own timer, and a consumer still connecting finished joining after the stop. Each test stops the
// supervisor at one point of its life and checks the group on the broker: no member then, none afterwards. The points
// are reached by events (a launch held at a gate, a crash seen), not by sleeps.
jest.setTimeout(90_000);

const settings = kafkaSettingsFromEnv(process.env, 'supervised-consumer-test');
const kafka = new Kafka({ clientId: settings.clientId, brokers: [...settings.brokers], logLevel: logLevel.NOTHING });

const members = (groupId: string): Promise<number> => groupMemberCount(kafka, groupId);

/** A promise the test opens by hand, and one that says the launch has reached it. */
function gate(): { readonly reached: Promise<void>; pass(): Promise<void>; open(): void } {
  let open = (): void => undefined;
  let reach = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (reach = resolve));
  return {
    reached,
    pass: async () => {
      reach();
      await opened;
    },
    open: () => open(),
  };
}

interface Made {
  readonly config: ConsumerConfig;
  connected: boolean;
}

interface Run {
  readonly groupId: string;
  readonly supervisor: SupervisedConsumer;
  /** Every consumer the supervisor made, in order (the real client's, watched through its events). */
  readonly made: Made[];
  readonly handled: () => number;
}

/**
 * A supervisor over a fresh topic and group. With `poison`, one message is on the topic and handling it fails until
 * the first restart (a retriable crash: kafkajs's default `restartOnFailure` would restart that consumer itself).
 * `gates[n]` holds the n-th launch between its connect and its subscribe.
 */
async function setUp(options: {
  readonly poison?: boolean;
  readonly initialDelayMs?: number;
  readonly gates?: Readonly<Record<number, ReturnType<typeof gate>>>;
}): Promise<Run> {
  const topic = uniqueName('supervised');
  const groupId = uniqueName('supervised_group');
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, [topic], { partitions: 1 });
  } finally {
    await admin.disconnect();
  }
  if (options.poison === true) {
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ key: 'k', value: 'poison until the first restart' }] });
    } finally {
      await producer.disconnect();
    }
  }
  const made: Made[] = [];
  let handled = 0;
  let launches = 0;
  const supervisor: SupervisedConsumer = superviseConsumer({
    kafka: {
      consumer: (config: ConsumerConfig): Consumer => {
        const c = kafka.consumer(config);
        const entry: Made = { config, connected: false };
        c.on(c.events.CONNECT, () => (entry.connected = true));
        c.on(c.events.DISCONNECT, () => (entry.connected = false));
        made.push(entry);
        return c;
      },
    },
    // The caller asks kafkajs to restart: the supervisor must not let it.
    consumer: { groupId, retry: { retries: 3, initialRetryTime: 100, restartOnFailure: () => Promise.resolve(true) } },
    initialDelayMs: options.initialDelayMs ?? 100,
    run: async (c) => {
      launches += 1;
      await c.connect();
      await options.gates?.[launches]?.pass();
      await c.subscribe({ topic, fromBeginning: true });
      await c.run({
        eachMessage: () => {
          if (supervisor.restarts === 0) return Promise.reject(new Error('poison'));
          handled += 1;
          return Promise.resolve();
        },
      });
    },
  });
  return { groupId, supervisor, made, handled: () => handled };
}

/** What `stop()` promises: nothing of the supervisor connected or in the group, and nothing new afterwards. */
async function expectGone(run: Run): Promise<void> {
  expect(await members(run.groupId)).toBe(0);
  expect(run.made.filter((m) => m.connected)).toEqual([]);
  expect(run.supervisor.state).toBe('stopped');
  const madeAtStop = run.made.length;
  // A consumer that survived the stop (or a restart timer) would be back within its session set-up.
  await expect(
    waitFor(async () => run.made.length > madeAtStop || (await members(run.groupId)) > 0, {
      timeoutMs: 3_000,
      intervalMs: 250,
      description: 'a consumer after the stop',
    }),
  ).rejects.toThrow(WaitForTimeoutError);
}

const crashed = (run: Run): Promise<true> =>
  waitFor(() => run.supervisor.state === 'restarting', { timeoutMs: 60_000, intervalMs: 20, description: 'the crash' });

it('stopped right after start(), before the connect finishes: start resolves, nothing stays', async () => {
  const run = await setUp({});
  const started = run.supervisor.start();
  await run.supervisor.stop();
  await started;
  await expectGone(run);
});

it('stopped between connect and run of the first launch: waits for the launch, then nothing stays', async () => {
  const held = gate();
  const run = await setUp({ gates: { 1: held } });
  const started = run.supervisor.start();
  await held.reached;
  const stopped = run.supervisor.stop();
  held.open();
  await Promise.all([started, stopped]);
  await expectGone(run);
});

it('stopped while running: the member leaves and none comes back', async () => {
  const run = await setUp({});
  await run.supervisor.start();
  expect(run.supervisor.state).toBe('running');
  expect(await members(run.groupId)).toBe(1);
  await run.supervisor.stop();
  await expectGone(run);
});

it('restarts a consumer kafkajs would have restarted itself, alone, with a fresh consumer', async () => {
  const run = await setUp({ poison: true });
  await run.supervisor.start();
  await crashed(run);
  await waitFor(() => run.handled() === 1, { timeoutMs: 60_000, description: 'the message after the restart' });
  expect(run.supervisor.state).toBe('running');
  expect(run.supervisor.lastError).toMatch(/poison/);
  expect(run.made.length).toBe(run.supervisor.restarts + 1);
  for (const { config } of run.made)
    await expect(config.retry?.restartOnFailure?.(new Error('x'))).resolves.toBe(false);
  expect(await members(run.groupId)).toBe(1);
  // kafkajs's own restart of the crashed consumer would join next to the supervisor's.
  await expect(
    waitFor(async () => (await members(run.groupId)) > 1, { timeoutMs: 3_000, intervalMs: 250 }),
  ).rejects.toThrow(WaitForTimeoutError);
  await run.supervisor.stop();
  await expectGone(run);
});

it('stopped during a pending restart: the restart is cancelled, nothing stays', async () => {
  const run = await setUp({ poison: true, initialDelayMs: 60_000 });
  await run.supervisor.start();
  await crashed(run);
  expect(run.made.length).toBe(1);
  expect(await members(run.groupId)).toBe(0);
  await run.supervisor.stop();
  await expectGone(run);
  expect(run.handled()).toBe(0);
});

it('stopped while a restart is connecting: waits for that launch, then nothing stays', async () => {
  const held = gate();
  const run = await setUp({ poison: true, gates: { 2: held } });
  await run.supervisor.start();
  await held.reached;
  expect(run.supervisor.state).toBe('restarting');
  const stopped = run.supervisor.stop();
  held.open();
  await stopped;
  await expectGone(run);
});
