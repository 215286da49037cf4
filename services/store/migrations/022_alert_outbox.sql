-- The alert outbox: one row per (study, window, rule) alert, the unit of "never sent twice". Kafka publication and the
-- webhook delivery are marked on it; a delivery that failed every attempt stays 'pending' for `alerts redeliver`.
CREATE TABLE alert_outbox (
  alert_id          text        PRIMARY KEY,
  study_id          text        NOT NULL,
  window_start      integer     NOT NULL,
  window_end        integer     NOT NULL,
  rule_id           text        NOT NULL,
  document          jsonb       NOT NULL,
  -- The workflow run (or backfill) that raised it: a retry of that run counts it, any other run does not.
  raised_by         text        NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  published_at      timestamptz,
  webhook_status    text        NOT NULL CHECK (webhook_status IN ('pending', 'delivered', 'none')),
  webhook_attempts  integer     NOT NULL DEFAULT 0,
  webhook_error     text,
  delivered_at      timestamptz,
  UNIQUE (study_id, window_start, window_end, rule_id)
);
CREATE INDEX alert_outbox_pending_idx ON alert_outbox (created_at) WHERE webhook_status = 'pending';
