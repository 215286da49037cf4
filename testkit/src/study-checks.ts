import type { Pool } from 'pg';

/**
 * The ids of the studies the database has as `computed` without an abnormal return on day 0 (none may exist: a study
 * is computed only when day 0 and its whole event window have closes for the listing and its benchmark).
 */
export async function computedWithoutDay0Ar(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ study_id: string }>(
    `SELECT s.study_id FROM studies s
      WHERE s.status = 'computed'
        AND NOT EXISTS (SELECT 1 FROM study_days d
                         WHERE d.study_id = s.study_id AND d.relative_day = 0 AND d.abnormal_return IS NOT NULL)
      ORDER BY s.study_id`,
  );
  return rows.map((r) => r.study_id);
}
