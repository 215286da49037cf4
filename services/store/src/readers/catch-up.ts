/** The store's projections a reader catches up before it reads (see `runProjections`). */
export type ProjectionName = 'listings' | 'daily_bars' | 'news' | 'studies' | 'factor_days';

/** Catches store projections up with the event log; resolves once every event settled before the call is projected. */
export type ProjectionCatchUp = (only?: readonly ProjectionName[]) => Promise<void>;

/** The catch-up of a reader that reads the projections as they are (a read-only role may not advance them). */
export const noCatchUp: ProjectionCatchUp = () => Promise.resolve();
