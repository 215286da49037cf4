import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { BackfillProgress, BarClosed, EventStatus, NewsRef } from './types';

/** Another story on the same event (same similarity key) joins the running study: signal-with-start target. */
export const newsJoinedSignal = defineSignal<[NewsRef]>('news-joined');
/** A daily bar was appended to the store; waiting studies whose window ends on or before that session wake up. */
export const barClosedSignal = defineSignal<[BarClosed]>('bar-closed');
/** Where a study workflow is: waiting for which bars, which studies are written. */
export const eventStatusQuery = defineQuery<EventStatus>('event-status');

/** Progress of a backfill, for the CLI's progress bar. */
export const backfillProgressQuery = defineQuery<BackfillProgress>('backfill-progress');
/** Stop starting new batches until resumed (batches in flight finish). */
export const pauseBackfillSignal = defineSignal('pause-backfill');
/** Continue a paused backfill. */
export const resumeBackfillSignal = defineSignal('resume-backfill');
/** Finish the batches in flight, then stop; the result says what was done. */
export const cancelBackfillSignal = defineSignal('cancel-backfill');
