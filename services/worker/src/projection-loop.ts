import type { Pool } from 'pg';
import { runProjections, type ProjectionCatchUp, type ProjectionFailure } from '@newswindow/store';

export type { ProjectionCatchUp, ProjectionName } from '@newswindow/store';

/**
 * Coalesces concurrent calls: a call while a run is in flight waits for one more run that starts after it (the run in
 * flight may have read the log before the caller's events were committed), so N callers cost at most two runs.
 */
export function singleFlight(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const start = (): Promise<void> => {
    const p = run().finally(() => {
      if (running === p) running = null;
    });
    running = p;
    return p;
  };
  return () => {
    if (running === null) return start();
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return start();
      });
    return queued;
  };
}

/**
 * On-demand catch-up over the store's `runProjections`, single-flight per set of projections in this process and
 * serialized across processes by the store's per-projection advisory lock (`wait`: a projection another process is
 * running is waited for, not skipped, so the caller reads what was committed before it asked).
 */
export function createProjectionCatchUp(
  pool: Pool,
  options: { readonly onFailure?: (failure: ProjectionFailure) => void } = {},
): ProjectionCatchUp {
  const flights = new Map<string, () => Promise<void>>();
  return (only) => {
    const key = only === undefined ? '*' : [...only].sort().join(',');
    let flight = flights.get(key);
    if (flight === undefined) {
      flight = singleFlight(async () => {
        await runProjections(pool, {
          wait: true,
          ...(only === undefined ? {} : { only }),
          ...(options.onFailure === undefined ? {} : { onFailure: options.onFailure }),
        });
      });
      flights.set(key, flight);
    }
    return flight();
  };
}

/** Options of {@link createProjectionLoop}. */
export interface ProjectionLoopOptions {
  readonly catchUp: ProjectionCatchUp;
  /** Runs after each catch-up (the tag aggregates' refresh); its errors are logged like the catch-up's. */
  readonly afterCatchUp?: () => Promise<void>;
  /** Pause between two rounds (default 500 ms); {@link ProjectionLoop.poke} starts a round at once. */
  readonly intervalMs?: number;
  readonly log?: (line: string) => void;
}

/** A background loop that keeps the read models (and the tag aggregates) caught up with the log. */
export interface ProjectionLoop {
  start(): void;
  /** Runs a round as soon as the current one ends (after the process's own writes). */
  poke(): void;
  /** Stops after the round in flight. */
  stop(): Promise<void>;
}

/**
 * Every `intervalMs`, and right after a {@link ProjectionLoop.poke}, catches every projection up and then runs
 * `afterCatchUp`. Rounds never overlap; a failed round is logged and the next one retries.
 */
export function createProjectionLoop(options: ProjectionLoopOptions): ProjectionLoop {
  return createPollingLoop({
    round: async () => {
      await options.catchUp();
      await options.afterCatchUp?.();
    },
    label: 'projections',
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
}

/** Options of {@link createPollingLoop}. */
export interface PollingLoopOptions {
  /** One round of work; a round that throws is logged (`<label>: <message>`) and the next round retries. */
  readonly round: () => Promise<void>;
  readonly label: string;
  /** Pause between two rounds (default 500 ms); {@link ProjectionLoop.poke} starts a round at once. */
  readonly intervalMs?: number;
  readonly log?: (line: string) => void;
}

/** Runs `round` every `intervalMs` (and right after a poke) until stopped; rounds never overlap. */
export function createPollingLoop(options: PollingLoopOptions): ProjectionLoop {
  const intervalMs = options.intervalMs ?? 500;
  const log = options.log ?? (() => undefined);
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let poked = false;
  let done: Promise<void> = Promise.resolve();

  const round = async (): Promise<void> => {
    try {
      await options.round();
    } catch (err) {
      log(`${options.label}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      poked = false;
      await round();
      if (stopped) return;
      if (poked) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, intervalMs);
      });
      wake = undefined;
    }
  };
  return {
    start() {
      if (!stopped) return;
      stopped = false;
      done = loop();
    },
    poke() {
      poked = true;
      if (timer !== undefined) clearTimeout(timer);
      wake?.();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      wake?.();
      await done;
    },
  };
}
