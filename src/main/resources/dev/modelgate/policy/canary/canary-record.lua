-- Counts one outcome of one side of a rollout's stage, for the whole fleet.
-- KEYS[1] counts (hash), KEYS[2] latencies, KEYS[3] times to first token (lists, newest first).
-- ARGV[1] 1 when the request failed, ARGV[2] latency and ARGV[3] time to first token in
-- microseconds, ARGV[4] how many samples are kept, ARGV[5] expiry in milliseconds.
redis.call('HINCRBY', KEYS[1], 'requests', 1)
if ARGV[1] == '1' then
  redis.call('HINCRBY', KEYS[1], 'errors', 1)
else
  local kept = tonumber(ARGV[4])
  redis.call('LPUSH', KEYS[2], ARGV[2])
  redis.call('LTRIM', KEYS[2], 0, kept - 1)
  redis.call('LPUSH', KEYS[3], ARGV[3])
  redis.call('LTRIM', KEYS[3], 0, kept - 1)
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
