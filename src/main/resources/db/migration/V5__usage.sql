-- Usage records: one row per API call that reached a route. Written by the usage spool's drainer in
-- batches; id is the gateway's own record id (not the client's request id, which a client may
-- repeat), so a batch written again after a crash inserts nothing twice. Portable across SQLite,
-- PostgreSQL and MySQL/MariaDB: times are epoch milliseconds, day is the UTC date (yyyy-mm-dd) for
-- grouping, cost is an exact integer in billionths of the currency unit, flags are 0/1.
CREATE TABLE usage_records (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  request_id VARCHAR(200) NOT NULL,
  at_ms BIGINT NOT NULL,
  day VARCHAR(10) NOT NULL,
  key_id VARCHAR(100),
  key_name VARCHAR(200),
  team VARCHAR(200),
  user_name VARCHAR(200),
  model VARCHAR(200),
  target VARCHAR(400),
  provider VARCHAR(64),
  operation VARCHAR(32) NOT NULL,
  stream SMALLINT NOT NULL,
  prompt_tokens BIGINT NOT NULL,
  completion_tokens BIGINT NOT NULL,
  cached_tokens BIGINT NOT NULL,
  cost_nanos BIGINT NOT NULL,
  currency VARCHAR(8),
  latency_ms BIGINT NOT NULL,
  ttft_ms BIGINT NOT NULL,
  status INT NOT NULL,
  error_type VARCHAR(64),
  fallback VARCHAR(32),
  cache_hit SMALLINT NOT NULL,
  estimated SMALLINT NOT NULL
);

CREATE INDEX usage_records_at ON usage_records (at_ms);
CREATE INDEX usage_records_key ON usage_records (key_id, at_ms);
CREATE INDEX usage_records_team ON usage_records (team, at_ms);
CREATE INDEX usage_records_user ON usage_records (user_name, at_ms);
