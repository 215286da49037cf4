import { sleep } from '@temporalio/workflow';
import { studyNewsEvent as current } from '../../src/study-news-event';
import type { StudyNewsEventInput } from '../../src/study-news-event';
import type { StudyNewsEventResult } from '../../src/types';

// Test-only: today's studyNewsEvent with a breaking change (a timer before the first activity) shipped without
// patched(). Replaying a saved history against it must fail: that is what makes CI catch such a change.
export async function studyNewsEvent(input: StudyNewsEventInput): Promise<StudyNewsEventResult> {
  await sleep(1);
  return current(input);
}
