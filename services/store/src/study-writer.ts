import {
  studyStreamId,
  tagAggregateStreamId,
  type StudyComputedData,
  type TagAggregateComputedData,
} from '@newswindow/schemas';
import type pg from 'pg';
import { createEventStore, type AppendIdempotentResult } from './event-store';
import { runProjections } from './projections/runner';

/** The idempotency key of a study's `StudyComputed` event: the study id, namespaced. */
export const studyIdempotencyKey = (studyId: string): string => `study:${studyId}`;

/** The idempotency key of one version of a tag aggregate. */
export const tagAggregateIdempotencyKey = (a: TagAggregateComputedData): string =>
  `tag-aggregate:${a.aggregateId}:${a.computedAt}`;

/**
 * Writes study results as `StudyComputed` events (idempotent on the study id: writing a study twice stores it once)
 * and, unless `project` is false, brings the study tables up to date before returning.
 */
export async function writeStudies(
  pool: pg.Pool,
  studies: readonly StudyComputedData[],
  options: { readonly project?: boolean } = {},
): Promise<AppendIdempotentResult> {
  const result = await createEventStore(pool).appendIdempotent(
    studies.map((s) => ({
      type: 'StudyComputed' as const,
      data: s,
      streamId: studyStreamId(s.studyId),
      idempotencyKey: studyIdempotencyKey(s.studyId),
    })),
  );
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
