-- Event windows close one by one (StudyWindowClosed): a study is 'open' until its last window closes, and each window
-- has a status of its own ('open' until its last session closes, then 'computed' or 'skipped' with the reason).
ALTER TABLE studies DROP CONSTRAINT studies_status_check;
ALTER TABLE studies ADD CONSTRAINT studies_status_check CHECK (status IN ('open', 'computed', 'skipped'));
-- The windows whose numbers are final (same shape as event_windows); rows written before this migration are final.
ALTER TABLE studies ADD COLUMN final_windows jsonb;
UPDATE studies SET final_windows = CASE WHEN status = 'computed' THEN event_windows ELSE '[]'::jsonb END;
ALTER TABLE studies ALTER COLUMN final_windows SET NOT NULL;

ALTER TABLE study_windows
  ADD COLUMN status      text NOT NULL DEFAULT 'computed' CHECK (status IN ('open', 'computed', 'skipped')),
  ADD COLUMN skip_reason text,
  ADD COLUMN end_session date,
  ADD COLUMN closes_at   timestamptz;
ALTER TABLE study_windows ALTER COLUMN status DROP DEFAULT;

-- Open studies show their final windows and their open ones (numbers null) with each window's status.
CREATE OR REPLACE VIEW v_study_windows AS
SELECT s.study_id, s.event_key, s.news_ids,
       (SELECT n.headline FROM news n WHERE n.news_id = s.news_ids[1]) AS headline,
       s.symbol, s.exchange, s.tags, s.day0, s.model, s.market_index,
       '[' || w.window_start || ',' || CASE WHEN w.window_end > 0 THEN '+' ELSE '' END || w.window_end || ']' AS event_window,
       w.window_start, w.window_end, w.car, w.car_t, w.car_p, w.bhar, w.bhar_t, w.bhar_p, w.n_days,
       (SELECT d.return FROM study_days d WHERE d.study_id = s.study_id AND d.relative_day = 0) AS day0_return,
       (SELECT d.abnormal_return FROM study_days d WHERE d.study_id = s.study_id AND d.relative_day = 0) AS day0_ar,
       s.alpha, s.beta, s.sigma, s.estimation_length, s.engine_version, s.computed_at,
       w.status AS window_status, w.skip_reason AS window_skip_reason, w.end_session, w.closes_at
FROM studies s JOIN study_windows w USING (study_id)
WHERE s.status IN ('computed', 'open');

CREATE OR REPLACE VIEW v_studies AS
SELECT s.study_id, s.event_key, s.news_ids,
       (SELECT n.headline FROM news n WHERE n.news_id = s.news_ids[1]) AS headline,
       s.symbol, s.exchange, s.tags, s.day0, s.status, s.skip_reason, s.model, s.market_index,
       s.estimation_start, s.estimation_end, s.return_type, s.day0_rule, s.missing_data_rule, s.calendar,
       s.engine_version, s.alpha, s.beta, s.sigma, s.estimation_length, s.r2, s.computed_at,
       s.final_windows
FROM studies s;
