import { patched, sleep } from '@temporalio/workflow';
import { studyNewsEvent as current } from '../../src/study-news-event';
import type { StudyNewsEventInput } from '../../src/study-news-event';
import type { StudyNewsEventResult } from '../../src/types';

// Test-only: the same change behind patched('<change-id>'), the way it must ship: old histories still replay.
export async function studyNewsEvent(input: StudyNewsEventInput): Promise<StudyNewsEventResult> {
  if (patched('study-timer-before-linking')) await sleep(1);
  return current(input);
}
