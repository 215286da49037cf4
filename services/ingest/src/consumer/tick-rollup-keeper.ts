import type { EventStore } from '@newswindow/store';
import type { TradeTick } from '../messages';
import type { SessionCalendars } from '../rollup/session-calendar';
import { TickRollup } from '../rollup/tick-rollup';
import { ConcurrencyGate } from './concurrency-gate';
import type { IngestLog, IngestStats } from './ingest-stats';
import type { StoreRolledUpBars } from './rolled-up-bars';
import { recoverTickRollup } from './tick-recovery';

/** What the tick roll-up of a consumer needs. */
export interface TickRollupKeeperDeps {
  /** The ticks topic (none: nothing to rebuild). */
  readonly ticksTopic: string | undefined;
  readonly store: Pick<EventStore, 'readAll' | 'readStream'>;
  readonly calendars: SessionCalendars;
  readonly storeBars: StoreRolledUpBars;
  readonly stats: Pick<IngestStats, 'lateTicks' | 'sessionsRecovered'>;
  readonly log: IngestLog;
  readonly now: () => number;
  /** A session closes when past its close time and idle this long. */
  readonly idleMs: number;
}

/** A stored tick and its idempotency key. */
export interface KeyedTick {
  readonly tick: TradeTick;
  readonly key: string;
}

/** The roll-up of the tick partitions one group member owns, rebuilt from the store on every group join. */
export interface TickRollupKeeper {
  /** The member's tick partitions after a group join: the roll-up is rebuilt for them. */
  assign(partitions: readonly number[]): void;
  /** Runs the processing of a tick batch once the roll-up is rebuilt, beside other tick batches. */
  run(processBatch: () => Promise<void>): Promise<void>;
  /** Adds the ticks a batch stored (`duplicateKeys`: those the store skipped) and stores the bars they close. */
  add(stored: readonly KeyedTick[], duplicateKeys: readonly string[]): Promise<void>;
  /** Closes idle sessions every few seconds until the returned function is called. */
  closeIdleEvery(): () => void;
}

/**
 * The ticks of a batch that the append stored for the first time, each once. The store reports a key as a duplicate
 * once per skipped copy (stored before, or repeated in the call), so a key was appended iff it was reported fewer
 * times than it occurs.
 */
export function newlyAppended(ticks: readonly KeyedTick[], duplicateKeys: readonly string[]): TradeTick[] {
  if (duplicateKeys.length === 0) return ticks.map((t) => t.tick);
  const skipped = new Map<string, number>();
  for (const key of duplicateKeys) skipped.set(key, (skipped.get(key) ?? 0) + 1);
  const occurs = new Map<string, number>();
  for (const { key } of ticks) occurs.set(key, (occurs.get(key) ?? 0) + 1);
  const taken = new Set<string>();
  const out: TradeTick[] = [];
  for (const { tick, key } of ticks) {
    if (taken.has(key) || (skipped.get(key) ?? 0) >= (occurs.get(key) ?? 0)) continue;
    taken.add(key);
    out.push(tick);
  }
  return out;
}

/**
 * Keeps the tick roll-up: tick batches and idle closes share it through a gate; a rebuild from the store (on every
 * group join) holds the gate alone, so a restart mid-session emits the same bar as an uninterrupted run.
 */
export function createTickRollupKeeper(deps: TickRollupKeeperDeps): TickRollupKeeper {
  const { calendars, log, now } = deps;
  let rollup = new TickRollup(calendars);
  const gate = new ConcurrencyGate();
  let assigned = new Set<number>();
  let recovery: Promise<void> = Promise.resolve();
  let recoveryFailed = false;

  const recover = async (): Promise<void> => {
    if (deps.ticksTopic === undefined) return;
    const partitions = assigned;
    const started = now();
    const recovered = await recoverTickRollup(deps.store, calendars, { topic: deps.ticksTopic, partitions }, now);
    rollup = recovered.rollup;
    deps.stats.sessionsRecovered += rollup.openSessions;
    await deps.storeBars(recovered.closed);
    log(
      `tick roll-up rebuilt from ${recovered.ticksRead} stored tick(s) of ${deps.ticksTopic} partition(s) [${[...partitions].join(', ')}]: ${rollup.openSessions} open session(s), ${recovered.closed.length} bar(s) closed before the restart (${now() - started} ms)`,
    );
  };

  const startRecovery = (): Promise<void> => {
    recoveryFailed = false;
    recovery = gate
      .exclusive(async () => {
        // A rebalance may have moved partitions: never idle-close a session of a partition we may no longer own.
        rollup = new TickRollup(calendars);
        await recover();
      })
      .catch((err: unknown) => {
        recoveryFailed = true;
        log(`rebuilding the tick roll-up failed: ${String(err)}`);
      });
    return recovery;
  };

  return {
    assign(partitions) {
      assigned = new Set(partitions);
      void startRecovery();
    },
    async run(processBatch) {
      await recovery;
      // Without the rebuilt state a bar could miss the ticks stored before: fail the batch, kafkajs retries it.
      if (recoveryFailed) await startRecovery();
      if (recoveryFailed) throw new Error('the tick roll-up could not be rebuilt from the store');
      return gate.shared(processBatch);
    },
    async add(stored, duplicateKeys) {
      // Only ticks new to the store go into the bar: a redelivered tick is already in it (or in the rebuilt state).
      const late = rollup.lateTicks;
      await deps.storeBars(rollup.add(newlyAppended(stored, duplicateKeys), now()));
      deps.stats.lateTicks += rollup.lateTicks - late;
    },
    closeIdleEvery() {
      const timer = setInterval(
        () => {
          if (gate.busy) return; // a rebuild is under way: its state is not complete yet
          gate
            .shared(() => deps.storeBars(rollup.closeIdle(now(), deps.idleMs)))
            .catch((err: unknown) => log(`closing idle sessions failed: ${String(err)}`));
        },
        Math.min(deps.idleMs, 5000),
      );
      return () => clearInterval(timer);
    },
  };
}
