/**
 * Shared/exclusive gate: tick batches and idle closes run side by side (shared); a rebuild of the roll-up (exclusive)
 * waits for those under way, and those that come later wait for it.
 */
export class ConcurrencyGate {
  private active = 0;
  private pending = 0;
  private last: Promise<void> = Promise.resolve();
  private readonly drained: (() => void)[] = [];

  /** True while a rebuild runs or waits. */
  get busy(): boolean {
    return this.pending > 0;
  }

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    while (this.pending > 0) await this.last;
    this.active += 1;
    try {
      return await fn();
    } finally {
      this.active -= 1;
      if (this.active === 0) for (const resolve of this.drained.splice(0)) resolve();
    }
  }

  exclusive(fn: () => Promise<void>): Promise<void> {
    this.pending += 1;
    const previous = this.last;
    const run = (async () => {
      try {
        await previous;
        if (this.active > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
        await fn();
      } finally {
        this.pending -= 1;
      }
    })();
    this.last = run.catch(() => undefined);
    return run;
  }
}
