-- One failed authentication from an address, counted for the fleet.
-- KEYS[1]: the address's failure count; KEYS[2]: its lockout flag.
-- ARGV[1]: failures that lock; ARGV[2]: the counting window (ms); ARGV[3]: the lockout (ms).
-- Returns the milliseconds the address stays locked out, 0 when it is not.
local left = redis.call('PTTL', KEYS[2])
if left > 0 then
  return left
end
local failures = redis.call('INCR', KEYS[1])
if failures == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if failures >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return tonumber(ARGV[3])
end
return 0
