// The entry point bundled for the worker: workflow functions only (every exported function becomes a workflow type).
export { studyNewsEvent } from './study-news-event';
export { backfill } from './backfill';
export { recomputeCorrectedStudies } from './recompute-corrected';
