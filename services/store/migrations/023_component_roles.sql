-- Least privilege for the components (issue 14). Each component logs in as its own role instead of the superuser:
--   newswindow_ingest  the validating consumer: reads and appends events, records its Kafka offsets (inbox); nothing else.
--   newswindow_worker  the Temporal worker: reads and appends events, writes the read models, checkpoints and
--                      projection failures; may never change or delete a stored event.
--   newswindow_analyst read-only views and read models (created by 007_analyst_role.sql; reused here, not redefined).
-- They log in without a password on the local stack (trust on loopback). Elsewhere give each a password, stored as a
-- SCRAM-SHA-256 verifier (Postgres ≥ 14 default password_encryption), and require `scram-sha-256` in pg_hba.conf:
--   ALTER ROLE newswindow_worker PASSWORD '…';   then PGUSER=newswindow_worker PGPASSWORD=… for the worker.
-- Migrations still run as the database owner. Roles are cluster-wide: several databases may run this migration at
-- once, so each CREATE tolerates losing that race. A later migration that adds a table grants on it (default
-- privileges below cover tables the migrating role creates in this schema).

DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['newswindow_ingest', 'newswindow_worker'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
      END;
    END IF;
  END LOOP;
END $$;

GRANT USAGE ON SCHEMA public TO newswindow_ingest, newswindow_worker;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO newswindow_ingest, newswindow_worker;

GRANT SELECT, INSERT ON events TO newswindow_ingest;
GRANT SELECT, INSERT, UPDATE ON inbox_offsets TO newswindow_ingest;

GRANT SELECT, INSERT ON events TO newswindow_worker;
GRANT SELECT ON inbox_offsets TO newswindow_worker;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON
  projection_checkpoints, projection_failures,
  news, news_revisions, news_tags, news_listings, listings, daily_bars,
  studies, study_days, study_windows,
  tag_aggregates, tag_aggregate_days, tag_aggregate_windows, tag_aggregate_tests, alert_outbox
TO newswindow_worker;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO newswindow_worker;
REVOKE UPDATE, DELETE, TRUNCATE ON events FROM newswindow_worker, newswindow_ingest;

GRANT SELECT ON projection_failures TO newswindow_analyst;

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO newswindow_worker;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO newswindow_ingest, newswindow_worker;
