-- Views for analysts: no knowledge of the event store needed.

CREATE VIEW v_news AS
SELECT n.news_id, n.source, n.published_at, n.published_date, n.date_only, n.headline, n.summary, n.url, n.language,
       n.status, n.revision, n.source_tickers, n.novelty, n.similarity_key,
       coalesce((SELECT array_agg(t.tag ORDER BY t.confidence DESC, t.tag) FROM news_tags t WHERE t.news_id = n.news_id), '{}') AS tags,
       coalesce((SELECT array_agg(l.symbol ORDER BY l.relevance DESC, l.symbol) FROM news_listings l
                 WHERE l.news_id = n.news_id AND l.role = 'about'), '{}') AS about_symbols
FROM news n;

CREATE VIEW v_studies AS
SELECT s.study_id, s.event_key, s.news_ids,
       (SELECT n.headline FROM news n WHERE n.news_id = s.news_ids[1]) AS headline,
       s.symbol, s.exchange, s.tags, s.day0, s.status, s.skip_reason, s.model, s.market_index,
       s.estimation_start, s.estimation_end, s.return_type, s.day0_rule, s.missing_data_rule, s.calendar,
       s.engine_version, s.alpha, s.beta, s.sigma, s.estimation_length, s.r2, s.computed_at
FROM studies s;

CREATE VIEW v_study_days AS
SELECT s.study_id, s.event_key, s.symbol, s.exchange, s.day0, s.tags, d.relative_day, d.session_date,
       d.return, d.market_return, d.expected_return, d.abnormal_return, d.ar_t, d.ar_p
FROM studies s JOIN study_days d USING (study_id);

CREATE VIEW v_study_windows AS
SELECT s.study_id, s.event_key, s.news_ids,
       (SELECT n.headline FROM news n WHERE n.news_id = s.news_ids[1]) AS headline,
       s.symbol, s.exchange, s.tags, s.day0, s.model, s.market_index,
       '[' || w.window_start || ',' || CASE WHEN w.window_end > 0 THEN '+' ELSE '' END || w.window_end || ']' AS event_window,
       w.window_start, w.window_end, w.car, w.car_t, w.car_p, w.bhar, w.bhar_t, w.bhar_p, w.n_days,
       (SELECT d.return FROM study_days d WHERE d.study_id = s.study_id AND d.relative_day = 0) AS day0_return,
       (SELECT d.abnormal_return FROM study_days d WHERE d.study_id = s.study_id AND d.relative_day = 0) AS day0_ar,
       s.alpha, s.beta, s.sigma, s.estimation_length, s.engine_version, s.computed_at
FROM studies s JOIN study_windows w USING (study_id)
WHERE s.status = 'computed';

CREATE VIEW v_tag_aggregates AS
SELECT a.aggregate_id, a.tag, a.model, a.engine_version, a.n_events, a.computed_at,
       '[' || w.window_start || ',' || CASE WHEN w.window_end > 0 THEN '+' ELSE '' END || w.window_end || ']' AS event_window,
       w.window_start, w.window_end, w.caar, w.n,
       ct.statistic AS cross_sectional_t, ct.p_value AS cross_sectional_p,
       coalesce((SELECT jsonb_object_agg(t.test_name, jsonb_build_object('statistic', t.statistic, 'p', t.p_value))
                 FROM tag_aggregate_tests t
                 WHERE t.aggregate_id = w.aggregate_id AND t.window_start = w.window_start AND t.window_end = w.window_end),
                '{}'::jsonb) AS tests
FROM tag_aggregates a
JOIN tag_aggregate_windows w USING (aggregate_id)
LEFT JOIN tag_aggregate_tests ct
  ON ct.aggregate_id = w.aggregate_id AND ct.window_start = w.window_start AND ct.window_end = w.window_end
 AND ct.test_name = 'cross_sectional_t';

CREATE VIEW v_tag_aggregate_days AS
SELECT a.aggregate_id, a.tag, a.model, a.n_events, d.relative_day, d.aar, d.caar, d.n, d.t, d.p
FROM tag_aggregates a JOIN tag_aggregate_days d USING (aggregate_id);
