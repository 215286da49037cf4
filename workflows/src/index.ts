export { studyNewsEvent } from './study-news-event';
export { backfillWorkflowId, correctionRecomputeWorkflowId, studyWorkflowId } from './workflow-ids';
export { recomputeCorrectedStudies } from './recompute-corrected';
export type { StudyNewsEventInput, StudyNewsEventOptions } from './study-news-event';
export { backfill } from './backfill';
export type { BackfillCarry, BackfillInput } from './backfill';
export {
  backfillProgressQuery,
  barClosedSignal,
  cancelBackfillSignal,
  eventStatusQuery,
  newsJoinedSignal,
  pauseBackfillSignal,
  resumeBackfillSignal,
} from './messages';
export type {
  BarCorrection,
  ClosedAndAlertedWindows,
  CorrectionRecompute,
  ClosedStudyWindows,
  CloseAndAlertWindowsInput,
  CloseStudyWindowsInput,
  ComputeStudyInput,
  SkippedStudyInput,
  StudyActivities,
  StudyPayload,
} from './activity-types';
export type {
  BackfillCounts,
  BackfillFilter,
  BackfillProgress,
  BarClosed,
  ListingAnchor,
  EventStatus,
  FailedAlertDelivery,
  LinkedEvent,
  LinkedListing,
  ListingRef,
  ListingStudyOutcome,
  NewsRef,
  StudyModelChoice,
  StudyNewsEventResult,
  WindowClose,
} from './types';
