-- v_study_windows.day0_return is the stored day-0 return, a log return when return_type = 'log' (the default), while
-- the CLI's "raw d0" is the simple return: day0_simple_return gives the simple return for every study so the two agree.
-- Same definition as 006 otherwise (CREATE OR REPLACE VIEW may only append columns).
CREATE OR REPLACE VIEW v_study_windows AS
SELECT s.study_id, s.event_key, s.news_ids,
       (SELECT n.headline FROM news n WHERE n.news_id = s.news_ids[1]) AS headline,
       s.symbol, s.exchange, s.tags, s.day0, s.model, s.market_index,
       '[' || w.window_start || ',' || CASE WHEN w.window_end > 0 THEN '+' ELSE '' END || w.window_end || ']' AS event_window,
       w.window_start, w.window_end, w.car, w.car_t, w.car_p, w.bhar, w.bhar_t, w.bhar_p, w.n_days,
       (SELECT d.return FROM study_days d WHERE d.study_id = s.study_id AND d.relative_day = 0) AS day0_return,
       (SELECT d.abnormal_return FROM study_days d WHERE d.study_id = s.study_id AND d.relative_day = 0) AS day0_ar,
       s.alpha, s.beta, s.sigma, s.estimation_length, s.engine_version, s.computed_at,
       w.status AS window_status, w.skip_reason AS window_skip_reason, w.end_session, w.closes_at,
       (SELECT CASE WHEN s.return_type = 'log' THEN exp(d.return) - 1 ELSE d.return END
          FROM study_days d WHERE d.study_id = s.study_id AND d.relative_day = 0) AS day0_simple_return
FROM studies s JOIN study_windows w USING (study_id)
WHERE s.status IN ('computed', 'open');
