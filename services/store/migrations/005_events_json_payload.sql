-- Event payloads are stored as json (validated text) rather than jsonb: the store never queries inside them (projections
-- decode them in TypeScript), and skipping the jsonb conversion roughly halves the cost of a bulk append.
ALTER TABLE events
  ALTER COLUMN data TYPE json USING data::json,
  ALTER COLUMN metadata DROP DEFAULT,
  ALTER COLUMN metadata TYPE json USING metadata::json,
  ALTER COLUMN metadata SET DEFAULT '{}'::json;
