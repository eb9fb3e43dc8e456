-- Adds one call's spend to the hashes of every period bucket of a subject, atomically, and
-- returns each bucket's tokens and cost after the addition (so exactly one instance sees a
-- threshold crossed). A bucket Redis does not hold (new, or lost with a restarted Redis) starts
-- from the caller's own count, which includes this call.
-- KEYS: the buckets. ARGV[1] tokens, ARGV[2] cost in billionths; then per bucket three values:
-- expiry (Unix ms, 0 for none), the caller's tokens and cost for the bucket.
local out = {}
for i, key in ipairs(KEYS) do
  local base = 2 + (i - 1) * 3
  if redis.call('EXISTS', key) == 0 then
    redis.call('HSET', key, 'tokens', ARGV[base + 2], 'cost_nanos', ARGV[base + 3])
  else
    redis.call('HINCRBY', key, 'tokens', ARGV[1])
    redis.call('HINCRBY', key, 'cost_nanos', ARGV[2])
  end
  local expireAt = tonumber(ARGV[base + 1])
  if expireAt > 0 then
    redis.call('PEXPIREAT', key, expireAt)
  end
  local now = redis.call('HMGET', key, 'tokens', 'cost_nanos')
  out[#out + 1] = tonumber(now[1])
  out[#out + 1] = tonumber(now[2])
end
return out
