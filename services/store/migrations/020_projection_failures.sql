-- Events a projection could not apply (issue 14): the runner records the failure with the event's position and moves
-- on, so one bad event never stops a read model. `newswindow db projections skip|replay --position N` resolves it.
CREATE TABLE projection_failures (
  projection     text        NOT NULL,
  position       bigint      NOT NULL,
  transaction_id xid8        NOT NULL,
  event_type     text        NOT NULL,
  stream_id      text        NOT NULL,
  error          text        NOT NULL,
  sqlstate       text,
  attempts       integer     NOT NULL DEFAULT 1,
  status         text        NOT NULL DEFAULT 'failed' CHECK (status IN ('failed', 'skipped', 'replayed')),
  failed_at      timestamptz NOT NULL DEFAULT now(),
  resolved_at    timestamptz,
  PRIMARY KEY (projection, position)
);

CREATE INDEX projection_failures_open ON projection_failures (projection, position) WHERE status = 'failed';
