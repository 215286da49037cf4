import type { StudyCursor, StudySort, StudySortKey } from '@newswindow/store';
import { HttpProblem } from './problem';

// Cursors are opaque to clients: base64url JSON of the sort they belong to and the last row's key.

/** The cursor string of the page after `cursor` in `sort`. */
export function encodeCursor(sort: StudySort, cursor: StudyCursor): string {
  return Buffer.from(JSON.stringify([sort.key, sort.direction, cursor.value, cursor.studyId]), 'utf8').toString(
    'base64url',
  );
}

/** Parses `?sort=` (`day0`, `-day0`, …; default `-day0`). */
export function parseSort(raw: string | undefined): StudySort {
  const s = raw ?? '-day0';
  const desc = s.startsWith('-');
  return { key: (desc ? s.slice(1) : s) as StudySortKey, direction: desc ? 'desc' : 'asc' };
}

/** Decodes a cursor of the same sort; a malformed or foreign one is a 400 (never reaches SQL unchecked). */
export function decodeCursor(raw: string, sort: StudySort): StudyCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'cursor is not a cursor of this API (use nextCursor of the previous page)');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4)
    throw new HttpProblem(400, 'cursor is not a cursor of this API (use nextCursor of the previous page)');
  const [key, direction, value, studyId] = parsed as unknown[];
  if (key !== sort.key || direction !== sort.direction)
    throw new HttpProblem(400, 'cursor belongs to another sort: repeat the sort of the page it came from');
  if (typeof studyId !== 'string') throw new HttpProblem(400, 'cursor has no study id');
  const okValue =
    value === null ||
    (sort.key === 'day0' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) ||
    (sort.key === 'symbol' && typeof value === 'string') ||
    ((sort.key === 'day0Ar' || sort.key === 'minP') && typeof value === 'number' && Number.isFinite(value));
  if (!okValue) throw new HttpProblem(400, `cursor has a value of the wrong type for sort ${sort.key}`);
  return { value, studyId };
}
