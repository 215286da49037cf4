-- Read models projected from the event log. Rebuildable: every column derives from events only.

CREATE TABLE news (
  news_id           text        PRIMARY KEY,
  source            text        NOT NULL,
  url               text,
  headline          text,
  body              text,
  summary           text,
  -- As given: ISO-8601 with offset, or YYYY-MM-DD.
  published_at_raw  text        NOT NULL,
  -- The instant; midnight UTC of the day for date-only items (see date_only).
  published_at      timestamptz NOT NULL,
  -- The calendar date as written by the source (local date of the offset given).
  published_date    date        NOT NULL,
  date_only         boolean     NOT NULL,
  language          text        NOT NULL,
  source_tickers    text[]      NOT NULL DEFAULT '{}',
  status            text        NOT NULL CHECK (status IN ('published', 'corrected', 'retracted')),
  revision          integer     NOT NULL,
  corrected_at      timestamptz,
  correction_reason text,
  retracted_at      timestamptz,
  retraction_reason text,
  tagger_version    text,
  novelty           double precision,
  similarity_key    text,
  first_position    bigint      NOT NULL,
  last_position     bigint      NOT NULL
);
CREATE INDEX news_published_date_idx ON news (published_date);
CREATE INDEX news_similarity_key_idx ON news (similarity_key);
CREATE INDEX news_source_tickers_idx ON news USING gin (source_tickers);

-- Every version of every story: revision 1 is the original, then one row per correction or retraction.
CREATE TABLE news_revisions (
  news_id          text        NOT NULL,
  revision         integer     NOT NULL,
  event_type       text        NOT NULL,
  headline         text,
  body             text,
  summary          text,
  published_at_raw text,
  reason           text,
  position         bigint      NOT NULL,
  recorded_at      timestamptz NOT NULL,
  PRIMARY KEY (news_id, revision)
);

CREATE TABLE news_tags (
  news_id        text             NOT NULL,
  tag            text             NOT NULL,
  confidence     double precision NOT NULL,
  evidence       jsonb            NOT NULL,
  tagger_version text             NOT NULL,
  PRIMARY KEY (news_id, tag)
);
CREATE INDEX news_tags_tag_idx ON news_tags (tag);

CREATE TABLE news_listings (
  news_id   text             NOT NULL,
  role      text             NOT NULL CHECK (role IN ('about', 'mentioned')),
  symbol    text             NOT NULL,
  exchange  text             NOT NULL,
  issuer_id text,
  relevance double precision NOT NULL,
  PRIMARY KEY (news_id, role, exchange, symbol)
);
CREATE INDEX news_listings_symbol_idx ON news_listings (symbol);

CREATE TABLE listings (
  symbol      text   NOT NULL,
  exchange    text   NOT NULL,
  currency    text   NOT NULL,
  time_zone   text   NOT NULL,
  benchmark   text,
  issuer_id   text,
  issuer_name text,
  calendar    text   NOT NULL,
  position    bigint NOT NULL,
  PRIMARY KEY (symbol, exchange)
);

CREATE TABLE daily_bars (
  symbol       text             NOT NULL,
  exchange     text             NOT NULL,
  session_date date             NOT NULL,
  open         double precision NOT NULL,
  high         double precision NOT NULL,
  low          double precision NOT NULL,
  close        double precision NOT NULL,
  volume       double precision NOT NULL,
  adjusted     boolean          NOT NULL,
  currency     text             NOT NULL,
  source       text,
  position     bigint           NOT NULL,
  PRIMARY KEY (symbol, exchange, adjusted, session_date)
);
CREATE INDEX daily_bars_symbol_date_idx ON daily_bars (symbol, session_date);
