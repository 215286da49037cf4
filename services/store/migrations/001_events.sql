-- Append-only event log. Positions are global; (stream_id, version) gives optimistic concurrency;
-- idempotency_key makes re-appends (Kafka redeliveries, retried activities) no-ops.
CREATE TABLE events (
  position        bigserial   PRIMARY KEY,
  stream_id       text        NOT NULL,
  version         integer     NOT NULL CHECK (version >= 1),
  type            text        NOT NULL,
  schema_version  smallint    NOT NULL DEFAULT 1,
  data            jsonb       NOT NULL,
  metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text,
  -- Readers that must not miss events committed out of position order (projections) read only
  -- transactions older than the oldest one still running, in (transaction_id, position) order.
  transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
);

CREATE UNIQUE INDEX events_idempotency_key_key ON events (idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX events_transaction_position_idx ON events (transaction_id, position);

CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION events_append_only();

-- Kafka consumer positions stored in the same transaction as the events they produced (exactly-once ingest).
CREATE TABLE inbox_offsets (
  consumer_group text        NOT NULL,
  topic          text        NOT NULL,
  partition      integer     NOT NULL,
  next_offset    bigint      NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, partition)
);

-- Where each projection has got to in the log.
CREATE TABLE projection_checkpoints (
  name           text    PRIMARY KEY,
  transaction_id xid8    NOT NULL DEFAULT '0'::xid8,
  position       bigint  NOT NULL DEFAULT 0,
  events_applied bigint  NOT NULL DEFAULT 0
);
