/** Counters of a running consumer. */
export interface IngestStats {
  received: number;
  appended: number;
  duplicates: number;
  deadLettered: number;
  barsRolledUp: number;
  /** Ticks of a session whose bar was already handed out (stored, not added to any bar). */
  lateTicks: number;
  /** Open tick sessions rebuilt from the store when the consumer (re)joined its group. */
  sessionsRecovered: number;
  batches: number;
  restarts: number;
}

/** All counters at zero. */
export const newIngestStats = (): IngestStats => ({
  received: 0,
  appended: 0,
  duplicates: 0,
  deadLettered: 0,
  barsRolledUp: 0,
  lateTicks: 0,
  sessionsRecovered: 0,
  batches: 0,
  restarts: 0,
});

/** One line of consumer activity (per batch, per roll-up, per restart). */
export type IngestLog = (line: string) => void;
