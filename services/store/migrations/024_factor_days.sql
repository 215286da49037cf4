-- Daily factor returns of Kenneth French data library files (`newswindow ingest factors`), projected from
-- FactorDayRecorded events: one row per dataset, date and factor (decimals, not percent); the latest recording wins.
CREATE TABLE factor_days (
  dataset      text             NOT NULL,
  session_date date             NOT NULL,
  factor       text             NOT NULL,
  value        double precision NOT NULL,
  position     bigint           NOT NULL,
  PRIMARY KEY (dataset, session_date, factor)
);
CREATE INDEX factor_days_date_idx ON factor_days (session_date);

GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON factor_days TO newswindow_worker;
GRANT SELECT ON factor_days TO newswindow_analyst;
