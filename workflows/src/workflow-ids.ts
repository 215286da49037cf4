/** The workflow id of an event's study: derived from the tagger's similarity key, so repeats join one workflow. */
export const studyWorkflowId = (eventKey: string): string => `study-event:${eventKey}`;

/** The workflow id of the recompute of one bar correction (one per listing, session and revision). */
export const correctionRecomputeWorkflowId = (c: { symbol: string; sessionDate: string; revision: number }): string =>
  `study-recompute:${c.symbol}:${c.sessionDate}:r${c.revision}`;

/**
 * The workflow id of a backfill: the same range and filters map to the same id, so a second start joins the first; a
 * benchmark (`:vs:QQQ`) and a model (`:model:ff3`) given to it are part of it.
 */
export const backfillWorkflowId = (
  f: {
    from: string;
    to: string;
    tickers?: readonly string[];
    tags?: readonly string[];
  },
  benchmark?: string,
  model?: string,
): string =>
  `backfill:${f.from}:${f.to}:${[...(f.tickers ?? [])].sort().join(',') || '*'}:${[...(f.tags ?? [])].sort().join(',') || '*'}` +
  (benchmark === undefined ? '' : `:vs:${benchmark}`) +
  (model === undefined ? '' : `:model:${model}`);
