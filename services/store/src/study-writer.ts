import {
  studyStreamId,
  tagAggregateStreamId,
  type StudyComputedData,
  type StudyWindowClosedData,
  type TagAggregateComputedData,
} from '@newswindow/schemas';
import type pg from 'pg';
import { createEventStore, type AppendIdempotentResult, type EventStore, type IdempotentEvent } from './event-store';
import { runProjections } from './projections/runner';

/** The idempotency key of a study's `StudyComputed` event: the study id, namespaced. */
export const studyIdempotencyKey = (studyId: string): string => `study:${studyId}`;

/** The idempotency key of a study's `StudyWindowClosed` event for one session. */
export const studyWindowIdempotencyKey = (studyId: string, session: string): string =>
  `study-window:${studyId}:${session}`;

/** The idempotency key of one version of a tag aggregate. */
export const tagAggregateIdempotencyKey = (a: TagAggregateComputedData): string =>
  `tag-aggregate:${a.aggregateId}:${a.computedAt}`;

const studyComputed = (s: StudyComputedData, idempotencyKey = studyIdempotencyKey(s.studyId)): IdempotentEvent => ({
  type: 'StudyComputed',
  data: s,
  streamId: studyStreamId(s.studyId),
  idempotencyKey,
});

/**
 * Writes study results as `StudyComputed` events (idempotent on the study id: writing a study twice stores it once)
 * and, unless `project` is false, brings the study tables up to date before returning.
 */
export async function writeStudies(
  pool: pg.Pool,
  studies: readonly StudyComputedData[],
  options: { readonly project?: boolean } = {},
): Promise<AppendIdempotentResult> {
  const result = await createEventStore(pool).appendIdempotent(studies.map((s) => studyComputed(s)));
  if (options.project !== false) await runProjections(pool, { only: ['studies'] });
  return result;
}

/** Writes tag aggregates as `TagAggregateComputed` events (the newest per aggregate id wins) and projects them. */
export async function writeTagAggregates(
  pool: pg.Pool,
  aggregates: readonly TagAggregateComputedData[],
  options: { readonly project?: boolean } = {},
): Promise<AppendIdempotentResult> {
  const result = await createEventStore(pool).appendIdempotent(
    aggregates.map((a) => ({
      type: 'TagAggregateComputed' as const,
      data: a,
      streamId: tagAggregateStreamId(a.aggregateId),
      idempotencyKey: tagAggregateIdempotencyKey(a),
    })),
  );
  if (options.project !== false) await runProjections(pool, { only: ['studies'] });
  return result;
}

/** Writes studies as `StudyComputed` events (idempotent on the study id), projected into the study tables. */
export interface StudyWriter {
  /**
   * Appends the studies in one transaction. A study whose id is already stored is not written again unless
   * `recompute` is set (then a new version keyed by its computation time is appended).
   */
  appendStudies(
    studies: readonly StudyComputedData[],
    options: { recompute: boolean },
  ): Promise<{ written: number; existing: number }>;
  /**
   * Appends a `StudyWindowClosed` (idempotent on the study and the session) and, when given, the final study as its
   * `StudyComputed` (idempotent on the study id), in one transaction.
   */
  appendWindowClosed(
    event: StudyWindowClosedData,
    finalStudy?: StudyComputedData,
  ): Promise<{ written: number; existing: number }>;
}

/**
 * Studies as events on their study's stream, each batch in one transaction; `project` (the caller's catch-up of the
 * study tables) runs after each append with the studies written.
 */
export function createStudyWriter(
  store: Pick<EventStore, 'appendIdempotent'>,
  project?: (studies: readonly StudyComputedData[]) => Promise<void>,
): StudyWriter {
  return {
    async appendStudies(studies, { recompute }) {
      if (studies.length === 0) return { written: 0, existing: 0 };
      const r = await store.appendIdempotent(
        studies.map((s) => studyComputed(s, recompute ? `study:${s.studyId}:${s.computedAt}` : undefined)),
      );
      if (project !== undefined) await project(studies);
      return { written: r.appended, existing: r.duplicates };
    },
    async appendWindowClosed(event, finalStudy) {
      // The final study first: the window event stays the study's last, so its projection keeps every window's
      // closing session and status.
      const r = await store.appendIdempotent([
        ...(finalStudy === undefined ? [] : [studyComputed(finalStudy)]),
        {
          type: 'StudyWindowClosed',
          data: event,
          streamId: studyStreamId(event.studyId),
          idempotencyKey: studyWindowIdempotencyKey(event.studyId, event.session),
        },
      ]);
      if (project !== undefined) await project(finalStudy === undefined ? [] : [finalStudy]);
      return { written: r.appended, existing: r.duplicates };
    },
  };
}
