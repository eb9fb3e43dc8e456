-- Adds what one instance spent while Redis was down to a bucket, and returns the bucket's tokens
-- and cost after. KEYS[1] the bucket, KEYS[2] its floor: when Redis lost the bucket (a restart),
-- the first instance back re-creates it from the last count it had seen, and for a while the floor
-- remembers that count, so an instance that had seen a higher one raises the bucket to it (each
-- instance's own spend is added once either way).
-- ARGV[1] tokens and ARGV[2] cost (billionths) spent meanwhile, ARGV[3] and ARGV[4] the last
-- tokens and cost this instance had seen, ARGV[5] the bucket's expiry (Unix ms, 0 for none),
-- ARGV[6] how long the floor is kept (ms).
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'tokens', ARGV[3], 'cost_nanos', ARGV[4])
  redis.call('HSET', KEYS[2], 'tokens', ARGV[3], 'cost_nanos', ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
elseif redis.call('EXISTS', KEYS[2]) == 1 then
  local floor = redis.call('HMGET', KEYS[2], 'tokens', 'cost_nanos')
  local raise = tonumber(ARGV[3]) - tonumber(floor[1])
  if raise > 0 then
    redis.call('HINCRBY', KEYS[1], 'tokens', raise)
    redis.call('HSET', KEYS[2], 'tokens', ARGV[3])
  end
  raise = tonumber(ARGV[4]) - tonumber(floor[2])
  if raise > 0 then
    redis.call('HINCRBY', KEYS[1], 'cost_nanos', raise)
    redis.call('HSET', KEYS[2], 'cost_nanos', ARGV[4])
  end
end
redis.call('HINCRBY', KEYS[1], 'tokens', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'cost_nanos', ARGV[2])
local expireAt = tonumber(ARGV[5])
if expireAt > 0 then
  redis.call('PEXPIREAT', KEYS[1], expireAt)
end
local now = redis.call('HMGET', KEYS[1], 'tokens', 'cost_nanos')
return {tonumber(now[1]), tonumber(now[2])}
