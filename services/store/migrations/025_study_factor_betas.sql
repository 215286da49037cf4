-- Factor-model studies (ff3, carhart, ff5) store their slope on every factor of the model, from the event's
-- fit.factorBetas: beta_mkt_rf, beta_smb, beta_hml (all three models), beta_mom (carhart), beta_rmw and beta_cma (ff5);
-- NULL when the model lacks the factor, and for the market model (its slope stays in beta). alpha and sigma are the
-- factor fit's α and √(SSR/(L − K − 1)) already.
ALTER TABLE studies
  ADD COLUMN beta_mkt_rf double precision,
  ADD COLUMN beta_smb    double precision,
  ADD COLUMN beta_hml    double precision,
  ADD COLUMN beta_mom    double precision,
  ADD COLUMN beta_rmw    double precision,
  ADD COLUMN beta_cma    double precision;

-- Factor studies recorded before their events carried the slopes have their Mkt−RF slope in beta: the projection
-- reads it from there for such events, so a rebuild gives the same rows as this update.
UPDATE studies SET beta_mkt_rf = beta WHERE model IN ('ff3', 'carhart', 'ff5');

-- The views append the six columns (CREATE OR REPLACE VIEW may only append); otherwise as 006, 021 and 007 define them.
CREATE OR REPLACE VIEW v_studies AS
SELECT s.study_id, s.event_key, s.news_ids,
       (SELECT n.headline FROM news n WHERE n.news_id = s.news_ids[1]) AS headline,
       s.symbol, s.exchange, s.tags, s.day0, s.status, s.skip_reason, s.model, s.market_index,
       s.estimation_start, s.estimation_end, s.return_type, s.day0_rule, s.missing_data_rule, s.calendar,
       s.engine_version, s.alpha, s.beta, s.sigma, s.estimation_length, s.r2, s.computed_at,
       s.final_windows,
       s.beta_mkt_rf, s.beta_smb, s.beta_hml, s.beta_mom, s.beta_rmw, s.beta_cma
FROM studies s;

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
          FROM study_days d WHERE d.study_id = s.study_id AND d.relative_day = 0) AS day0_simple_return,
       s.beta_mkt_rf, s.beta_smb, s.beta_hml, s.beta_mom, s.beta_rmw, s.beta_cma
FROM studies s JOIN study_windows w USING (study_id)
WHERE s.status IN ('computed', 'open');

CREATE OR REPLACE VIEW v_study_summaries AS
SELECT s.study_id, s.event_key, s.news_ids,
       (SELECT n.headline FROM news n WHERE n.news_id = s.news_ids[1]) AS headline,
       split_part(s.event_key, ':', 2) AS issuer_id,
       s.symbol, s.exchange, s.tags, s.day0, s.status, s.skip_reason, s.model, s.market_index AS benchmark,
       s.estimation_start, s.estimation_end, s.return_type, s.engine_version,
       s.alpha, s.beta, s.sigma, s.estimation_length, s.r2, s.computed_at,
       d0.return AS day0_return, d0.abnormal_return AS day0_ar, d0.ar_t AS day0_ar_t, d0.ar_p AS day0_ar_p,
       least(d0.ar_p, (SELECT min(w.car_p) FROM study_windows w WHERE w.study_id = s.study_id)) AS min_p,
       s.beta_mkt_rf, s.beta_smb, s.beta_hml, s.beta_mom, s.beta_rmw, s.beta_cma
FROM studies s
LEFT JOIN study_days d0 ON d0.study_id = s.study_id AND d0.relative_day = 0;
