-- Event-window studies (one row per study = one event x one listing x one parameter set) and tag aggregates.

CREATE TABLE studies (
  study_id               text             PRIMARY KEY,
  event_key              text             NOT NULL,
  news_ids               text[]           NOT NULL,
  symbol                 text             NOT NULL,
  exchange               text             NOT NULL,
  tags                   text[]           NOT NULL,
  day0                   date,
  status                 text             NOT NULL CHECK (status IN ('computed', 'skipped')),
  skip_reason            text,
  model                  text             NOT NULL,
  estimation_start       integer          NOT NULL,
  estimation_end         integer          NOT NULL,
  event_windows          jsonb            NOT NULL,
  return_type            text             NOT NULL,
  day0_rule              text             NOT NULL,
  missing_data_rule      text             NOT NULL,
  market_index           text,
  calendar               text             NOT NULL,
  min_estimation_returns integer          NOT NULL,
  parameters             jsonb            NOT NULL,
  engine_version         text             NOT NULL,
  alpha                  double precision,
  beta                   double precision,
  sigma                  double precision,
  estimation_length      integer,
  r2                     double precision,
  computed_at            timestamptz      NOT NULL,
  position               bigint           NOT NULL,
  CHECK ((status = 'skipped') = (skip_reason IS NOT NULL))
);
CREATE INDEX studies_listing_idx ON studies (symbol, day0);
CREATE INDEX studies_event_key_idx ON studies (event_key);
CREATE INDEX studies_day0_idx ON studies (day0);
CREATE INDEX studies_tags_idx ON studies USING gin (tags);

CREATE TABLE study_days (
  study_id        text             NOT NULL REFERENCES studies (study_id) ON DELETE CASCADE,
  relative_day    integer          NOT NULL,
  session_date    date             NOT NULL,
  return          double precision,
  market_return   double precision,
  expected_return double precision,
  abnormal_return double precision,
  ar_t            double precision,
  ar_p            double precision,
  PRIMARY KEY (study_id, relative_day)
);

CREATE TABLE study_windows (
  study_id     text             NOT NULL REFERENCES studies (study_id) ON DELETE CASCADE,
  window_start integer          NOT NULL,
  window_end   integer          NOT NULL,
  car          double precision,
  car_t        double precision,
  car_p        double precision,
  bhar         double precision,
  bhar_t       double precision,
  bhar_p       double precision,
  n_days       integer          NOT NULL,
  PRIMARY KEY (study_id, window_start, window_end)
);

CREATE TABLE tag_aggregates (
  aggregate_id   text        PRIMARY KEY,
  tag            text        NOT NULL,
  model          text        NOT NULL,
  parameters     jsonb       NOT NULL,
  engine_version text        NOT NULL,
  n_events       integer     NOT NULL,
  study_ids      text[]      NOT NULL,
  computed_at    timestamptz NOT NULL,
  position       bigint      NOT NULL
);
CREATE INDEX tag_aggregates_tag_idx ON tag_aggregates (tag);

CREATE TABLE tag_aggregate_days (
  aggregate_id text             NOT NULL REFERENCES tag_aggregates (aggregate_id) ON DELETE CASCADE,
  relative_day integer          NOT NULL,
  aar          double precision,
  caar         double precision,
  n            integer          NOT NULL,
  t            double precision,
  p            double precision,
  PRIMARY KEY (aggregate_id, relative_day)
);

CREATE TABLE tag_aggregate_windows (
  aggregate_id text             NOT NULL REFERENCES tag_aggregates (aggregate_id) ON DELETE CASCADE,
  window_start integer          NOT NULL,
  window_end   integer          NOT NULL,
  caar         double precision,
  n            integer          NOT NULL,
  PRIMARY KEY (aggregate_id, window_start, window_end)
);

CREATE TABLE tag_aggregate_tests (
  aggregate_id text             NOT NULL,
  window_start integer          NOT NULL,
  window_end   integer          NOT NULL,
  test_name    text             NOT NULL,
  statistic    double precision,
  p_value      double precision,
  PRIMARY KEY (aggregate_id, window_start, window_end, test_name),
  FOREIGN KEY (aggregate_id, window_start, window_end)
    REFERENCES tag_aggregate_windows (aggregate_id, window_start, window_end) ON DELETE CASCADE
);
