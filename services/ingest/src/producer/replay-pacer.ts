/** The clock and sleeper of a replay (injected so the pacing is testable without waiting). */
export interface ReplayClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: ReplayClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Paces messages by their event times at `speed`× real time: the first message goes at once, a message whose event
 * time is Δ after the first goes Δ/speed after the start. Out-of-order event times never wait backwards.
 */
export class ReplayPacer {
  private firstEventMs: number | undefined;
  private startMs = 0;

  constructor(
    private readonly speed: number,
    private readonly clock: ReplayClock = systemClock,
  ) {
    if (!(speed > 0) || !Number.isFinite(speed))
      throw new RangeError(`replay speed must be a positive number, got ${speed}`);
  }

  /** How long to wait before sending a message with this event time (ms since epoch); 0 when it is due. */
  delayFor(eventMs: number): number {
    if (this.firstEventMs === undefined) {
      this.firstEventMs = eventMs;
      this.startMs = this.clock.now();
      return 0;
    }
    const due = this.startMs + (eventMs - this.firstEventMs) / this.speed;
    return Math.max(0, due - this.clock.now());
  }

  async wait(ms: number): Promise<void> {
    if (ms > 0) await this.clock.sleep(ms);
  }
}
