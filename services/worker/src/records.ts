// The study and alert payloads the worker writes to the store and the alerts topic are the schema's own types.
export type {
  ListingRef as ListingKey,
  DayWindow,
  StudyParameters,
  StudyDay,
  StudyWindow,
  ComputedStudy as ComputedStudyRecord,
  SkippedStudy as SkippedStudyRecord,
  StudyComputedData,
  EventWindowAlertData as EventWindowAlertRecord,
} from '@newswindow/schemas';
