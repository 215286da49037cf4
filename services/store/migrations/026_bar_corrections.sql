-- Bar corrections (issue 14). A re-send of a stored bar with other values and a reason is stored as a
-- PriceBarCorrected event (the next revision of that listing, session and adjustment), never over the bar silently.
-- daily_bars shows the latest revision and why it changed; daily_bar_corrections keeps every correction; a computed
-- study records the sessions it read and the corrected revisions it used, so v_stale_studies lists the studies computed
-- on a revision that has been corrected since (recompute them with `newswindow backfill --recompute`).

ALTER TABLE daily_bars ADD COLUMN revision integer NOT NULL DEFAULT 1;
ALTER TABLE daily_bars ADD COLUMN correction_reason text;
CREATE INDEX daily_bars_corrected_idx ON daily_bars (symbol, session_date) WHERE revision > 1;

CREATE TABLE daily_bar_corrections (
  symbol            text             NOT NULL,
  exchange          text             NOT NULL,
  adjusted          boolean          NOT NULL,
  session_date      date             NOT NULL,
  revision          integer          NOT NULL,
  open              double precision NOT NULL,
  high              double precision NOT NULL,
  low               double precision NOT NULL,
  close             double precision NOT NULL,
  volume            double precision NOT NULL,
  currency          text             NOT NULL,
  source            text,
  previous_revision integer          NOT NULL,
  previous_open     double precision NOT NULL,
  previous_high     double precision NOT NULL,
  previous_low      double precision NOT NULL,
  previous_close    double precision NOT NULL,
  previous_volume   double precision NOT NULL,
  previous_currency text             NOT NULL,
  previous_source   text,
  reason            text             NOT NULL,
  position          bigint           NOT NULL,
  PRIMARY KEY (symbol, exchange, adjusted, session_date, revision)
);

-- The bars a computed study read: first and last session, and the corrected revisions among them (JSON array of
-- {symbol, sessionDate, revision}). NULL for studies computed before this migration (they are never listed as stale).
ALTER TABLE studies ADD COLUMN bars_from date;
ALTER TABLE studies ADD COLUMN bars_to date;
ALTER TABLE studies ADD COLUMN corrected_bars jsonb;

-- A computed study is stale when a bar of its listing or benchmark in the sessions it read now has a later revision
-- than the one it used (1 unless its corrected_bars says otherwise), on the series it is studied on (adjusted when the
-- symbol has adjusted bars, as loadDailyBars reads them).
CREATE VIEW v_stale_studies AS
SELECT s.study_id, s.symbol, s.exchange, s.day0, s.market_index, s.computed_at,
       b.symbol AS bar_symbol, b.exchange AS bar_exchange, b.session_date AS bar_session, b.adjusted AS bar_adjusted,
       coalesce(used.revision, 1) AS used_revision, b.revision AS current_revision, b.correction_reason
  FROM studies s
  JOIN daily_bars b
    ON b.revision > 1
   AND b.symbol IN (s.symbol, s.market_index)
   AND b.session_date BETWEEN s.bars_from AND s.bars_to
   AND b.adjusted = EXISTS (SELECT 1 FROM daily_bars a WHERE a.symbol = b.symbol AND a.adjusted)
  LEFT JOIN LATERAL (
    SELECT max((x->>'revision')::integer) AS revision
      FROM jsonb_array_elements(coalesce(s.corrected_bars, '[]'::jsonb)) x
     WHERE x->>'symbol' = b.symbol AND x->>'sessionDate' = to_char(b.session_date, 'YYYY-MM-DD')
  ) used ON true
 WHERE s.status IN ('open', 'computed') AND b.revision > coalesce(used.revision, 1);

GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON daily_bar_corrections TO newswindow_worker;
GRANT SELECT ON daily_bar_corrections, v_stale_studies TO newswindow_analyst, newswindow_worker;
