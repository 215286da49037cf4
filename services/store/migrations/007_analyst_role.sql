-- The analysts' read-only role and the study summary the HTTP API lists, filters and sorts.
--
-- newswindow_analyst may read the read models and the views, nothing else (not the event log, the inbox, the
-- checkpoints or the migrations), and every transaction it opens is read-only. It logs in without a password on the
-- local stack (trust auth on loopback); elsewhere give it one with ALTER ROLE … PASSWORD. Roles are cluster-wide:
-- several databases may run this migration at once, so the CREATE tolerates losing that race. A later migration that
-- adds a view for analysts grants SELECT on it to this role.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'newswindow_analyst') THEN
    BEGIN
      CREATE ROLE newswindow_analyst LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
        CONNECTION LIMIT 64;
      ALTER ROLE newswindow_analyst SET default_transaction_read_only = on;
      ALTER ROLE newswindow_analyst SET statement_timeout = '10s';
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END $$;

-- The issuer is the second field of the event key (`nw1:<issuerId>:<eventType>:<day>`, the tagger's similarity key).
CREATE INDEX studies_issuer_idx ON studies (split_part(event_key, ':', 2));
CREATE INDEX studies_day0_id_idx ON studies (day0 DESC, study_id DESC);
CREATE INDEX studies_news_ids_idx ON studies USING gin (news_ids);

-- One row per study with what the studies table of the web app shows and filters on: the day-0 return and AR with
-- its t and p, and the smallest p of the day-0 AR and every window's CAR (a study is significant at level a when
-- min_p < a).
CREATE VIEW v_study_summaries AS
SELECT s.study_id, s.event_key, s.news_ids,
       (SELECT n.headline FROM news n WHERE n.news_id = s.news_ids[1]) AS headline,
       split_part(s.event_key, ':', 2) AS issuer_id,
       s.symbol, s.exchange, s.tags, s.day0, s.status, s.skip_reason, s.model, s.market_index AS benchmark,
       s.estimation_start, s.estimation_end, s.return_type, s.engine_version,
       s.alpha, s.beta, s.sigma, s.estimation_length, s.r2, s.computed_at,
       d0.return AS day0_return, d0.abnormal_return AS day0_ar, d0.ar_t AS day0_ar_t, d0.ar_p AS day0_ar_p,
       least(d0.ar_p, (SELECT min(w.car_p) FROM study_windows w WHERE w.study_id = s.study_id)) AS min_p
FROM studies s
LEFT JOIN study_days d0 ON d0.study_id = s.study_id AND d0.relative_day = 0;

GRANT USAGE ON SCHEMA public TO newswindow_analyst;
GRANT SELECT ON
  news, news_revisions, news_tags, news_listings, listings, daily_bars,
  studies, study_days, study_windows,
  tag_aggregates, tag_aggregate_days, tag_aggregate_windows, tag_aggregate_tests,
  v_news, v_studies, v_study_days, v_study_windows, v_tag_aggregates, v_tag_aggregate_days, v_study_summaries
TO newswindow_analyst;
