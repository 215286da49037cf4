/** Where progress goes: a TTY gets one line redrawn in place, anything else gets a plain line every few seconds. */
export interface ProgressOptions {
  readonly stream: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly label: string;
  /** Total bytes of the input, when known, for the bar. */
  readonly totalBytes?: number;
  readonly now?: () => number;
  /** Minimum time between plain lines (non-TTY). Default 5 s. */
  readonly plainIntervalMs?: number;
}

export interface ProgressCounts {
  readonly sent: number;
  readonly rejected: number;
  readonly bytesRead?: number;
}

/** A progress display for a producer run on stderr. */
export class ProgressReporter {
  private readonly now: () => number;
  private readonly startedAt: number;
  private lastDraw = -Infinity;
  private drewTty = false;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => Date.now());
    this.startedAt = this.now();
  }

  update(counts: ProgressCounts): void {
    const t = this.now();
    const tty = this.options.stream.isTTY === true;
    if (t - this.lastDraw < (tty ? 100 : (this.options.plainIntervalMs ?? 5000))) return;
    this.lastDraw = t;
    this.draw(counts, t, tty);
  }

  /** Draws the final state and ends the TTY line. */
  finish(counts: ProgressCounts): void {
    const tty = this.options.stream.isTTY === true;
    this.draw(counts, this.now(), tty);
    if (tty && this.drewTty) this.options.stream.write('\n');
  }

  private draw(counts: ProgressCounts, t: number, tty: boolean): void {
    const secs = Math.max((t - this.startedAt) / 1000, 1e-3);
    const rate = Math.round(counts.sent / secs);
    const total = this.options.totalBytes;
    const fraction =
      total !== undefined && total > 0 && counts.bytesRead !== undefined
        ? Math.min(1, counts.bytesRead / total)
        : undefined;
    const stats = `${counts.sent} sent, ${counts.rejected} rejected, ${rate}/s, ${secs.toFixed(1)} s`;
    if (tty) {
      const width = 24;
      const bar =
        fraction === undefined
          ? ''
          : `[${'#'.repeat(Math.round(fraction * width)).padEnd(width, '.')}] ${(fraction * 100).toFixed(0).padStart(3)}% `;
      this.options.stream.write(`\r\x1b[2K${this.options.label} ${bar}${stats}`);
      this.drewTty = true;
    } else {
      const pct = fraction === undefined ? '' : ` (${(fraction * 100).toFixed(0)}% of input)`;
      this.options.stream.write(`${this.options.label}: ${stats}${pct}\n`);
    }
  }
}
