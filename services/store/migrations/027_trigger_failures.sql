-- The worker's trigger subscription records a story it cannot hand to Temporal (a permanent error, after bounded
-- attempts) in projection_failures too, as projection `trigger:<subscription>`, so `db projections failures|skip`
-- and `status` cover it (issue 14). Its replay needs Temporal, which the CLI does not hold: `replay` marks it
-- `requested` and the worker's subscription hands the story over again and marks it replayed (or failed again).
ALTER TABLE projection_failures DROP CONSTRAINT projection_failures_status_check;
ALTER TABLE projection_failures
  ADD CONSTRAINT projection_failures_status_check CHECK (status IN ('failed', 'skipped', 'replayed', 'requested'));
