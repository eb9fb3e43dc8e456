-- Spend per key, team and user per UTC day (cache hits left out: they cost no upstream tokens),
-- kept by the usage drainer in the same transaction as the records it inserts. A starting gateway
-- seeds its budget ledger from these few rows per subject instead of summing every usage record of
-- the day, the month or all time (total budgets), which took longer the longer it had served.
CREATE TABLE usage_daily (
  dimension VARCHAR(8) NOT NULL,
  subject VARCHAR(200) NOT NULL,
  day VARCHAR(10) NOT NULL,
  tokens BIGINT NOT NULL,
  cost_nanos BIGINT NOT NULL,
  PRIMARY KEY (dimension, subject, day)
);

INSERT INTO usage_daily (dimension, subject, day, tokens, cost_nanos)
  SELECT 'key', key_id, day, SUM(prompt_tokens + completion_tokens), SUM(cost_nanos)
  FROM usage_records WHERE cache_hit = 0 AND key_id IS NOT NULL GROUP BY key_id, day;
INSERT INTO usage_daily (dimension, subject, day, tokens, cost_nanos)
  SELECT 'team', team, day, SUM(prompt_tokens + completion_tokens), SUM(cost_nanos)
  FROM usage_records WHERE cache_hit = 0 AND team IS NOT NULL GROUP BY team, day;
INSERT INTO usage_daily (dimension, subject, day, tokens, cost_nanos)
  SELECT 'user', user_name, day, SUM(prompt_tokens + completion_tokens), SUM(cost_nanos)
  FROM usage_records WHERE cache_hit = 0 AND user_name IS NOT NULL GROUP BY user_name, day;
